"""``opdhub import``: an existing list (a README, a BibTeX file) into paper files.

Reading is per format (:mod:`.markdown`, :mod:`.bibfile`) into :class:`~.entries.Entry`
objects; :mod:`.plan` matches them with the papers already there and writes the files;
:mod:`.skeleton` makes the taxonomy, ``mkdocs.yml`` and ``docs/`` of a new site. Nothing here
imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...model.papers import display_path
from ...model.schema import schema_json
from ...model.taxonomy import Taxonomy, build_taxonomy
from ...project import Options, open_project
from ..safefs import write_file
from .bibfile import read_bibtex
from .entries import SourceList, with_columns
from .markdown import read_readme
from .plan import Importer, Outcome, Record, Settings, find_chapter
from .skeleton import ABOUT_PAGE, mkdocs_config_text, taxonomy_data, taxonomy_text

FORMATS = ("markdown", "bibtex")
BIBTEX_SUFFIXES = (".bib", ".bibtex")

__all__ = ["FORMATS", "ImportFailure", "Result", "Settings", "guess_format", "read_source", "run_import"]


class ImportFailure(Exception):
    """A source or a setting that makes the import impossible, with a message for people."""


def guess_format(path: Path) -> str:
    return "bibtex" if path.suffix.lower() in BIBTEX_SUFFIXES else "markdown"


def read_source(path: Path, display: str, kind: str | None = None) -> SourceList:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFailure(f"{display}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ImportFailure(f"{display}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ImportFailure(f"{display}: cannot read: {exc.strerror}") from None
    return (read_bibtex if (kind or guess_format(path)) == "bibtex" else read_readme)(text, display)


@dataclass
class Result:
    outcome: Outcome
    taxonomy: Taxonomy
    created: list[str] = field(default_factory=list)  # project files written besides papers
    records: list[Record] = field(default_factory=list)  # each paper file and the entries it came from


def _site_title(sources: list[SourceList], root: Path) -> str:
    title = next((s.title for s in sources if s.title), None)
    return title or root.name.replace("-", " ").replace("_", " ").strip().capitalize() or "Papers"


def run_import(
    sources: list[SourceList],
    root: Path,
    options: Options,
    settings: Settings,
    *,
    config_file: Path,
    display_root: Path,
) -> Result:
    """Import ``sources`` into the site at ``root``, making its taxonomy and config if missing."""
    created: list[str] = []

    def create(path: Path, text: str) -> None:
        created.append(display_path(path, display_root))
        if not settings.dry_run:
            write_file(path, text, within=root)

    entries = [e for s in sources for e in s.entries]
    taxonomy_path = root / options.taxonomy if isinstance(options.taxonomy, str) else None
    new_taxonomy = taxonomy_path is not None and not taxonomy_path.exists()
    if new_taxonomy:
        title = _site_title(sources, root)
        data = taxonomy_data(title, entries, settings.chapter)
        taxonomy = build_taxonomy(data, display_path(taxonomy_path, display_root))
        create(taxonomy_path, taxonomy_text(data, [s.display for s in sources]))
    else:
        taxonomy = open_project(root, options, display_root=display_root).taxonomy
        if settings.chapter and find_chapter(taxonomy, settings.chapter) is None:
            raise ImportFailure(
                f"--chapter {settings.chapter!r}: no such chapter in {taxonomy.source} "
                f"(chapters: {', '.join(c.id for c in taxonomy.chapters)})"
            )

    schema_file = root / options.schema_file if options.schema_file else None
    importer = Importer(taxonomy, root / options.papers_dir, schema_file, settings, display_root)
    for source in sources:
        for entry in source.entries:
            importer.add(entry, source.display)
    outcome = importer.write()
    for source in sources:  # warnings about an entry point at the column where it starts
        outcome.problems = with_columns(outcome.problems, source.display, source.text)

    if schema_file is not None and (new_taxonomy or not schema_file.exists()):
        create(schema_file, schema_json(taxonomy))  # editors validate paper files against it
    if not config_file.exists():
        create(config_file, mkdocs_config_text(taxonomy.survey.title))
        docs = root / "docs"
        if not docs.exists():
            create(docs / "about.md", ABOUT_PAGE)
    return Result(outcome, taxonomy, created, importer.records)
