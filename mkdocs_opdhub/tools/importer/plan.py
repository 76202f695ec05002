"""Turn imported entries into paper files, idempotently.

Every entry is matched against the papers already in the folder (by id, arXiv id, DOI and
normalised title) and against the entries before it. A match that says the same is left alone;
one that differs is kept as it is unless ``force``, which updates the file with what the source
says (fields the source does not give, such as a facet value or the authors from a BibTeX
import, stay). An update changes only those fields' lines (:mod:`..yamledit`): comments,
order and quoting stay, and a file's ``url`` is never replaced. New papers are checked against
the schema before they are written.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import yamlsource
from ...model.papers import PaperValidator, display_path, normalise_title, paper_files
from ...model.problems import Problem
from ...model.taxonomy import DEFAULT_KIND, Chapter, Section, Taxonomy, slugify
from ..safefs import write_file
from ..writer import dump_paper, modeline
from ..yamledit import EditError, edit_paper
from .entries import Entry, Heading, paper_id, skipped


@dataclass
class Settings:
    force: bool = False
    dry_run: bool = False
    added: str = field(default_factory=lambda: _dt.date.today().isoformat())
    chapter: str | None = None  # for entries under no heading (BibTeX, a README without headings)


@dataclass
class Outcome:
    new: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # differs from the source, not overwritten
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def papers(self) -> int:
        return len(self.new) + len(self.updated) + len(self.unchanged) + len(self.kept)

    def summary(self, unparsed: int = 0) -> str:
        """``95 papers (95 new, …), 2 skipped``; ``unparsed``: entries the readers could not use."""
        return (
            f"{self.papers} paper{'s' if self.papers != 1 else ''} ({len(self.new)} new, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept)} kept as they are), {self.skipped + unparsed} skipped"
        )


# -- headings -> chapter and section ids -------------------------------------------------------


def _same(heading: Heading, node: Chapter | Section) -> bool:
    if heading.number and heading.number in (node.id, node.number):
        return normalise_title(heading.title) == normalise_title(node.title) or not node.title
    return normalise_title(heading.title) in (
        normalise_title(node.title),
        normalise_title(node.id),
        normalise_title(getattr(node, "short", "") or ""),
    )


def locate(taxonomy: Taxonomy, headings: tuple[Heading, ...]) -> tuple[str, str | None] | Heading:
    """(chapter id, section id) for an entry's headings, or the first heading with no match."""
    chapter = next((c for c in taxonomy.chapters if _same(headings[0], c)), None)
    if chapter is None:
        return headings[0]
    section, children = None, chapter.sections
    for heading in headings[1:]:
        section = next((s for s in children if _same(heading, s)), None)
        if section is None:
            return heading
        children = section.sections
    return chapter.id, section.id if section else None


def find_chapter(taxonomy: Taxonomy, wanted: str) -> Chapter | None:
    key = normalise_title(wanted)
    return next(
        (c for c in taxonomy.chapters if wanted == c.id or key in (normalise_title(c.title), slugify(c.id))), None
    )


# -- existing papers ---------------------------------------------------------------------------


@dataclass
class Existing:
    path: Path
    data: dict[str, Any]


class Index:
    """Papers already written, and those written by this run, by every key that identifies one."""

    def __init__(self):
        self.by_key: dict[tuple[str, str], Existing] = {}

    @staticmethod
    def keys(data: dict[str, Any]) -> list[tuple[str, str]]:
        out = [("id", str(data["id"]))] if data.get("id") is not None else []
        if data.get("arxiv"):
            out.append(("arxiv", str(data["arxiv"])))
        if data.get("doi"):
            out.append(("doi", str(data["doi"]).lower()))
        if isinstance(data.get("title"), str):
            out.append(("title", normalise_title(data["title"])))
        return out

    def add(self, existing: Existing) -> None:
        for key in self.keys(existing.data):
            self.by_key.setdefault(key, existing)

    def find(self, data: dict[str, Any]) -> Existing | None:
        return next((self.by_key[k] for k in self.keys(data) if k in self.by_key), None)


def read_existing(folder: Path, display_root: Path) -> tuple[Index, list[Problem]]:
    index, problems = Index(), []
    for path in paper_files(folder):
        display = display_path(path, display_root)
        try:
            data = yamlsource.load(path, display).data
        except yamlsource.YamlProblem as exc:
            problems.append(
                skipped(
                    display,
                    exc.problem.line,
                    f"could not be read, so it is not matched: {exc.problem.message}",
                    exc.problem.hint or "correct the YAML at this place, then import again",
                    column=exc.problem.column,
                )
            )
            continue
        if isinstance(data, dict):
            index.add(Existing(path, data))
    return index, problems


# -- the import --------------------------------------------------------------------------------


def paper_data(entry: Entry, chapter: str | None, section: str | None, added: str) -> dict[str, Any]:
    """The fields an entry gives, as a paper file holds them."""
    data: dict[str, Any] = {"id": paper_id(entry), "title": entry.title}
    if entry.kind != DEFAULT_KIND:
        data["kind"] = entry.kind
    if entry.authors:
        data["authors"] = list(entry.authors)
    if entry.year is not None:
        data["year"] = entry.year
    for name in ("date", "venue", "arxiv", "doi", "url"):
        if getattr(entry, name):
            data[name] = getattr(entry, name)
    if entry.code:
        data["code"] = list(entry.code)
    if chapter is not None:
        data["chapter"] = chapter
        if section is not None:
            data["section"] = section
    if entry.tags:
        data["tags"] = list(entry.tags)
    if entry.summary:
        data["summary"] = entry.summary
    data["added"] = added
    return data


def _listed(value: Any) -> list[str]:
    """A chapter or section field as a list of ids (it holds one id, or a list of them)."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _links_kept(existing: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """A paper file's links are its contributor's: an update never replaces its ``url`` and only
    adds code links the file does not have yet."""
    kept: dict[str, Any] = {}
    if existing.get("url"):
        kept["url"] = existing["url"]
    if isinstance(existing.get("code"), list):
        kept["code"] = existing["code"] + [c for c in source.get("code", []) if c not in existing["code"]]
    return kept


@dataclass
class Record:
    data: dict[str, Any]
    display: str  # the source file, for messages
    line: int
    headed: bool  # placed by its heading (else by --chapter, which does not move an existing paper)
    also: list[int] = field(default_factory=list)  # lines where the source lists it again, elsewhere
    entries: list[Entry] = field(default_factory=list)  # the entries of ``display`` it was read from
    path: Path | None = None  # the paper file it is in, once written (or found)
    final: dict[str, Any] | None = None  # what that file holds


class Importer:
    def __init__(
        self, taxonomy: Taxonomy, papers_dir: Path, schema_file: Path | None, settings: Settings, display_root: Path
    ):
        self.taxonomy = taxonomy
        self.papers_dir = papers_dir
        self.schema_file = schema_file
        self.settings = settings
        self.display_root = display_root
        self.validator = PaperValidator(taxonomy)
        self.facet_fields = [f.field for f in taxonomy.facets]
        self.outcome = Outcome()
        self.index, problems = read_existing(papers_dir, display_root)
        self.outcome.problems += problems
        self.records: list[Record] = []
        self._seen: dict[tuple[str, str], Record] = {}
        self._unknown: dict[tuple[str, int], list] = {}  # headings not in the taxonomy -> [heading, entries]

    def skip(self, display: str, line: int | None, message: str, hint: str | None = None) -> None:
        self.outcome.problems.append(skipped(display, line, message, hint))
        self.outcome.skipped += 1

    # -- collecting --------------------------------------------------------------------------
    def place(self, entry: Entry, display: str) -> tuple[str | None, str | None] | None:
        """Chapter and section of an entry; None (reported) when its heading is not in the taxonomy."""
        if entry.headings:
            found = locate(self.taxonomy, entry.headings)
            if isinstance(found, Heading):
                self._unknown.setdefault((display, found.line), [found, 0])[1] += 1
                self.outcome.skipped += 1
                return None
            return found
        if self.settings.chapter:
            chapter = find_chapter(self.taxonomy, self.settings.chapter)
            return (chapter.id, None) if chapter else (None, None)
        if len(self.taxonomy.chapters) == 1:
            return self.taxonomy.chapters[0].id, None
        return None, None  # an existing paper keeps its chapter; a new one needs --chapter

    def add(self, entry: Entry, display: str) -> None:
        placed = self.place(entry, display)
        if placed is None:
            return
        data = paper_data(entry, *placed, self.settings.added)
        keys = [k for k in Index.keys(data) if k[0] != "id"]
        earlier = next((self._seen[k] for k in keys if k in self._seen), None)
        if (
            earlier is not None and earlier.display != display
        ):  # a second source (e.g. a .bib after the README) fills in what the first lacks
            for name, value in data.items():
                earlier.data.setdefault(name, value)
            return
        if earlier is not None and earlier.display == display:
            self._also_under(earlier, data, entry)
            return
        record = Record(data, display, entry.line, headed=bool(entry.headings), entries=[entry])
        self.records.append(record)
        for key in keys:
            self._seen[key] = record

    def _also_under(self, earlier: Record, data: dict[str, Any], entry: Entry) -> None:
        """An entry listed again under another heading: one paper file, in both places."""
        places = [(c, None) for c in _listed(earlier.data.get("chapter"))]
        sections = _listed(earlier.data.get("section"))
        chapter, section = data.get("chapter"), data.get("section")
        if chapter is None or (chapter in _listed(earlier.data.get("chapter")) and section in (None, *sections)):
            self.skip(
                earlier.display,
                entry.line,
                f"not imported: '{entry.title}' is listed again under the same heading (first at line {earlier.line})",
                "remove the repeat",
            )
            return
        chapters = list(dict.fromkeys([*(c for c, _ in places), chapter]))
        sections = list(dict.fromkeys([*sections, *([section] if section else [])]))
        earlier.data["chapter"] = chapters[0] if len(chapters) == 1 else chapters
        if sections:
            earlier.data["section"] = sections[0] if len(sections) == 1 else sections
        earlier.also.append(entry.line)
        earlier.entries.append(entry)
        self.outcome.problems.append(
            skipped(
                earlier.display,
                entry.line,
                f"'{entry.title}' is listed under several headings (also at line "
                f"{earlier.line}): one paper file, in each of those chapters and sections",
                "to keep it in one place, remove it from the headings where it does not belong",
            )
        )

    # -- writing -----------------------------------------------------------------------------
    def write(self) -> Outcome:
        for (display, line), (heading, count) in self._unknown.items():
            self.outcome.problems.append(
                skipped(
                    display,
                    line,
                    f"heading '{heading.label}' is not a chapter or section of {self.taxonomy.source}: "
                    f"its {count} paper{'s' if count != 1 else ''} not imported",
                    "add it to the taxonomy or move the entries under a known heading, then import again",
                )
            )
        for record in self.records:
            self._write(record)
        return self.outcome

    def _write(self, record: Record) -> None:
        data = record.data
        existing = self.index.find({k: v for k, v in data.items() if k != "id"})
        if existing is not None:
            fixed = ("id", "added") if record.headed else ("id", "added", "chapter", "section")
            merged = {**existing.data, **{k: v for k, v in data.items() if k not in fixed}}
            if record.headed and "section" not in data:
                merged.pop("section", None)  # the heading puts it in the chapter itself
            merged.update(_links_kept(existing.data, data))
            record.path, record.final = existing.path, existing.data
            if merged == existing.data:
                self.outcome.unchanged.append(existing.path)
            elif not self.settings.force:
                differs = ", ".join(sorted(k for k in merged if merged.get(k) != existing.data.get(k)))
                self.outcome.problems.append(
                    skipped(
                        record.display,
                        record.line,
                        f"'{data['title']}' is already in "
                        f"{display_path(existing.path, self.display_root)} and differs in {differs}; left as it is",
                        "use --force to update it",
                    )
                )
                self.outcome.kept.append(existing.path)
            elif self._save(existing.path, merged, record, before=existing.data):
                self.outcome.updated.append(existing.path)
                record.final = merged
            return
        if data.get("chapter") is None:
            self.skip(
                record.display,
                record.line,
                f"not imported: '{data['title']}' has no chapter",
                "name one with --chapter (an id or title from the taxonomy)",
            )
            return
        path = self._free_path(data)
        if self._save(path, data, record):
            self.outcome.new.append(path)
            self.index.add(Existing(path, data))
            record.path, record.final = path, data

    def _free_path(self, data: dict[str, Any]) -> Path:
        """``<id>.yaml``, or ``<id>-2.yaml``… when another paper has that id (title slugs can clash)."""
        base, n = data["id"], 2
        while (self.papers_dir / f"{data['id']}.yaml").exists() or self.index.find({"id": data["id"]}):
            data["id"], n = f"{base}-{n}", n + 1
        return self.papers_dir / f"{data['id']}.yaml"

    def _save(self, path: Path, data: dict[str, Any], record: Record, before: dict[str, Any] | None = None) -> bool:
        """Write a new file, or (``before``: its current data) edit only the fields that change."""
        _, problems = self.validator.check_data(
            yamlsource.Located(data), display_path(path, self.display_root), path.stem
        )
        if problems:
            for problem in problems:
                self.skip(
                    record.display,
                    record.line,
                    f"not imported: {problem.field or 'paper'}: {problem.message}",
                    problem.hint,
                )
            return False
        if before is not None:
            if not self.settings.dry_run:
                changes = {k: v for k, v in data.items() if before.get(k) != v}
                try:
                    edit_paper(
                        path, changes, remove=[k for k in before if k not in data], facet_fields=self.facet_fields
                    )
                except EditError as exc:
                    self.skip(
                        record.display,
                        record.line,
                        f"not updated: {display_path(path, self.display_root)}: {exc}",
                        "edit the file by hand",
                    )
                    return False
            return True
        if not self.settings.dry_run:
            header = modeline(self.schema_file, path) if self.schema_file else ""
            write_file(path, dump_paper(data, self.facet_fields, header), within=self.papers_dir, exclusive=True)
        return True
