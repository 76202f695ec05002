"""``opdhub import``: turn an existing list (README, BibTeX) into paper files, and start a site."""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path

from ..model.options import Options
from ..model.papers import display_path
from ..tools import readmemap
from ..tools.export import END, START, add_markers
from ..tools.importer import FORMATS, ImportFailure, Settings, guess_format, read_source, run_import
from ..tools.importer.plan import locate
from ..tools.safefs import write_file
from .common import CommandError, find_config, read_options, report, run_guarded

DESCRIPTION = """\
Read papers from an awesome-list README (tables or bullet lists under headings) or a BibTeX
file and write one paper file per entry into the papers folder. Headings become chapters
(H2) and sections (H3 and deeper); arXiv ids, years, venues and code links are recognised
wherever they appear in an entry. Every line that is not imported is reported with its reason.

In a folder without a taxonomy, the taxonomy is made from the headings; without mkdocs.yml, a
minimal one (Material theme, search and opdhub plugins) and docs/ are written too, so that
'mkdocs build --strict' works right away.

For a README it also writes README.opdhub.json next to it: where each imported entry is and
the fields it was read as, so that 'opdhub export readme' leaves every entry as it is until its
paper file changes (commit it with the README).

Re-running is safe: papers already there (same id, arXiv id, DOI or title) are not written
again; one that differs from the source is left as it is unless --force, which updates it with
what the source says and keeps the fields the source does not give."""

EPILOG = f"""\
exit status: 0 when the import ran (skipped lines are warnings), 1 when the sources hold no
paper at all or the taxonomy is invalid, 2 for a usage problem (no such file, unknown --chapter).

examples:
  opdhub import README.md                  # a new site from a README
  opdhub import README.md --add-markers    # ...and mark the list for 'opdhub export readme'
  opdhub import refs.bib --force           # add authors/venues from BibTeX to the same papers
  opdhub import refs.bib --chapter surveys # BibTeX entries into the chapter 'surveys'

--add-markers puts '{START}' and '{END}' around the imported part
of a README, where 'opdhub export readme --into README.md' then keeps the list up to date."""


def _date(text: str) -> str:
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-01-31") from None


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn a README list or a BibTeX file into paper files (and start a site)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "sources", nargs="+", metavar="SOURCE", type=Path, help="README.md (Markdown) or .bib files, read in this order"
    )
    parser.add_argument(
        "--format",
        choices=("auto", *FORMATS),
        default="auto",
        help="how to read the sources (default: .bib/.bibtex as BibTeX, anything else as Markdown)",
    )
    parser.add_argument(
        "--chapter",
        metavar="CHAPTER",
        help="chapter (id or title) for entries under no heading, e.g. BibTeX entries (default: the "
        "only chapter; in a new site a chapter 'Papers')",
    )
    parser.add_argument(
        "--added",
        type=_date,
        default=_dt.date.today().isoformat(),
        metavar="YYYY-MM-DD",
        help="the 'added' date of new papers (default: today)",
    )
    parser.add_argument(
        "--force", action="store_true", help="update papers that are already there and differ from the source"
    )
    parser.add_argument("--dry-run", action="store_true", help="report what would be written; write nothing")
    parser.add_argument(
        "--add-markers", action="store_true", help="put export markers around the imported list in each Markdown source"
    )
    parser.add_argument(
        "-f",
        "--config-file",
        default=None,
        metavar="FILE",
        type=Path,
        help="the site's config (default: mkdocs.yml or properdocs.yml here; mkdocs.yml written when missing)",
    )
    parser.set_defaults(func=lambda args: run_guarded(run, args))


def run(args) -> int:
    cwd = Path.cwd()
    config = args.config_file or find_config()
    options = read_options(config) if config.exists() else Options()
    kind = None if args.format == "auto" else args.format
    try:
        sources = [read_source(path, display_path(path, cwd), kind) for path in args.sources]
        if not any(s.entries for s in sources):
            report([p for s in sources for p in s.problems])
            print(
                f"opdhub import: no paper entries found in {', '.join(s.display for s in sources)}; nothing written\n"
                "an entry is a list item, a table row, a paragraph or a line that starts with its link or bold title, "
                "under a heading, e.g.\n  ## Reasoning\n  - [Title of the paper](https://arxiv.org/abs/2305.20050) "
                "(NeurIPS 2023) - what it does"
            )
            return 1
        settings = Settings(force=args.force, dry_run=args.dry_run, added=args.added, chapter=args.chapter)
        result = run_import(
            sources, config.resolve().parent, options, settings, config_file=config.resolve(), display_root=cwd
        )
    except ImportFailure as exc:
        raise CommandError(str(exc)) from None

    problems = [p for s in sources for p in s.problems] + result.outcome.problems
    report(sorted(problems, key=lambda p: (p.path, p.line or 0)))
    if args.add_markers:
        for path, source in zip(args.sources, sources, strict=False):
            _mark(path, source, args.dry_run)
    if not args.dry_run:
        for path, source in zip(args.sources, sources, strict=False):
            if (kind or guess_format(path)) == "markdown":
                _record(path, source, result)

    outcome = result.outcome
    sections = sum(s.sections_skipped for s in sources)
    verb = "would write" if args.dry_run else "wrote"
    print(
        f"opdhub import: {outcome.summary(sum(s.unparsed for s in sources))}"
        + (f"; {sections} section{'s' if sections != 1 else ''} skipped" if sections else "")
    )
    if result.created:
        print(f"{verb} {', '.join(result.created)}")
    if outcome.new or outcome.updated:
        folder = display_path(config.resolve().parent / options.papers_dir, cwd)
        print(f"{verb} {len(outcome.new) + len(outcome.updated)} paper file(s) in {folder}/")
    if not args.dry_run and result.created:
        print("next: mkdocs build --strict (or mkdocs serve to preview the site)")
    return 0


def _mark(path: Path, source, dry_run: bool) -> None:
    """Markers around each run of imported chapters: sections between them (an essay, a table
    of terms, a contributing guide) stay outside, though the export would keep them anyway."""
    if not source.spans:
        return
    text = path.read_bytes().decode("utf-8")  # as it is: line endings and a byte-order mark stay
    marked = add_markers(text, 0, spans=source.spans)
    if marked == text:
        print(f"{source.display}: has export markers already")
        return
    if not dry_run:
        write_file(path, marked, within=path.parent)
    shown = ", ".join(f"{a}-{b}" for a, b in source.spans)
    print(f"{source.display}: {'would mark' if dry_run else 'marked'} lines {shown} for 'opdhub export readme'")


def _record(path: Path, source, result) -> None:
    """The README map: where each imported entry is, and what its paper file held (see
    :mod:`..tools.readmemap`), so that 'opdhub export readme' leaves it as it is until then."""

    def place(entry, data):
        found = locate(result.taxonomy, entry.headings) if entry.headings else None
        if isinstance(found, tuple):
            return found
        chapter = data.get("chapter")
        return (chapter[0] if isinstance(chapter, list) else chapter), None

    items = [
        (entry.line, entry.end, record.path.stem, record.final, entry.shape, place(entry, record.final))
        for record in result.records
        if record.display == source.display and record.path is not None
        for entry in record.entries
    ]
    original = path.read_bytes().decode("utf-8-sig")
    target = readmemap.map_path(path)
    text = readmemap.map_text(path.name, readmemap.record_entries(source.text, original, items))
    write_file(target, text, within=target.parent)
    print(
        f"{source.display}: recorded {len(items)} entries in {display_path(target, Path.cwd())} "
        "(commit it with the README: 'opdhub export readme' uses it)"
    )
