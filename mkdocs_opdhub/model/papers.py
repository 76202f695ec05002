"""Load and validate paper files: one YAML file per paper, checked against the taxonomy.

Each file goes through: read (size, UTF-8) -> parse (YAML with line numbers) -> JSON Schema ->
rules a schema cannot express (real dates, year vs date, section within chapter, file name) ->
cross-file checks (duplicate id, arXiv id, DOI, title). Every defect is a :class:`Problem`
naming file, line, field and a fix; a file with errors is left out of the site, never half-used.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import jsonschema

from . import arxiv, yamlsource
from .problems import Problem, did_you_mean, one_of
from .schema import PATTERN_MESSAGES, paper_schema
from .taxonomy import DEFAULT_KIND, Taxonomy

PAPER_SUFFIXES = (".yaml", ".yml")


@dataclass
class Paper:
    id: str
    title: str
    chapter: str | list[str]  # a list when the entry sits under several headings
    added: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None  # only some kinds need one (a repository does not)
    url: str | None = None  # a published paper with a venue may have none
    kind: str = "paper"
    date: str | None = None
    arxiv: str | None = None
    code: list[str] = field(default_factory=list)
    venue: str | None = None
    doi: str | None = None
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    section: str | list[str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # taxonomy-defined fields
    source: str = ""
    line: int = 1  # where the ``id`` is, for cross-file messages
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # field -> line

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)

    def get(self, name: str) -> Any:
        if name in self.extra:
            return self.extra[name]
        return getattr(self, name, None)

    @property
    def chapters(self) -> tuple[str, ...]:
        return tuple(self.chapter) if isinstance(self.chapter, list) else (self.chapter,)

    @property
    def sections(self) -> tuple[str, ...]:
        if self.section is None:
            return ()
        return tuple(self.section) if isinstance(self.section, list) else (self.section,)

    def in_chapter(self, chapter_id: str) -> bool:
        return chapter_id in self.chapters

    @property
    def sort_date(self) -> str:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; empty (last when newest first) without a year."""
        return self.date or (f"{self.year:04d}" if self.year is not None else "")


def _as_text(value: Any) -> Any:
    """``chapter: 4`` and ``chapter: "4"`` mean the same; lists keep their shape."""
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


def make_paper(data: dict, taxonomy: Taxonomy, source: str = "", line: int = 1) -> Paper:
    """Build a :class:`Paper` from already-validated data."""
    known = set(Paper.__dataclass_fields__) - {"extra", "source", "line"}
    core = {k: v for k, v in data.items() if k in known}
    core.setdefault("authors", [])  # optional when the taxonomy says so
    extra = {k: _as_text(v) for k, v in data.items() if k not in known}
    for name in ("chapter", "section", "id", "arxiv", "kind"):
        if name in core:
            core[name] = _as_text(core[name])
    return Paper(**core, extra=extra, source=source, line=line)


def _type_name(value: Any) -> str:
    if value is None:
        return "an empty value"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__)


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "array": "a list", "object": "a mapping",
               "boolean": "true or false", "number": "a number"}


def _expected(types: Any) -> str:
    if isinstance(types, list):
        return " or ".join(_TYPE_WORDS.get(t, t) for t in types)
    return _TYPE_WORDS.get(types, str(types))


class PaperValidator:
    """Validates paper data against the taxonomy's schema, producing people-friendly problems."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.schema = paper_schema(taxonomy)
        self.validator = _Validator(self.schema)
        # Fields holding ids: an unquoted number there means its source text (``chapter: 4``,
        # ``section: 5.10``), not the float YAML makes of it (5.1).
        self.id_fields = {"chapter", "section", *(f.field for f in taxonomy.facets if f.kind == "enum")}
        self.properties = list(self.schema["properties"])
        self.sections = taxonomy.sections()

    # -- single file -------------------------------------------------------------------------
    def check_file(self, path: Path, display: str) -> tuple[Paper | None, list[Problem]]:
        try:
            located = yamlsource.load(path, display)
        except yamlsource.YamlProblem as exc:
            return None, [exc.problem]
        return self.check_data(located, display, path.stem)

    def check_data(self, located: yamlsource.Located, display: str, stem: str | None = None) -> tuple[Paper | None, list[Problem]]:
        data = located.data
        if not isinstance(data, dict):
            line, col = located.where(())
            return None, [Problem(display, line, col, None,
                                  f"a paper file must be a mapping of fields ('key: value' lines), not {_type_name(data)}",
                                  "see papers/ for examples or run 'opdhub new'")]
        self._numbers_as_written(located)
        problems = self._schema_problems(located, display)
        problems += self._rule_problems(located, display, stem, failed={p.field for p in problems})
        if problems:
            problems.sort(key=lambda p: (p.line or 0, p.column or 0))
            return None, problems
        line = located.where(("id",))[0]
        paper = make_paper(data, self.taxonomy, display, line)
        paper.lines = {name: located.where((name,), key=True)[0] for name in data}
        return paper, []

    def _numbers_as_written(self, located: yamlsource.Located) -> None:
        data = located.data
        for name in self.id_fields.intersection(data):
            value = data[name]
            if isinstance(value, list):
                data[name] = [located.numbers.get((name, i), v) if _is_number(v) else v for i, v in enumerate(value)]
            elif _is_number(value):
                data[name] = located.numbers.get((name,), str(value))

    def _schema_problems(self, located: yamlsource.Located, display: str) -> list[Problem]:
        out = []
        for error in self.validator.iter_errors(located.data):
            out.extend(self._explain(error, located, display))
        out = list(dict.fromkeys(out))  # jsonschema gives one "required" error per missing field; each names them all
        # "autors: unknown field (did you mean 'authors'?)" says all; "authors: missing" would repeat it
        suggested = {p.hint for p in out if p.message == "unknown field"}
        return [p for p in out if not (p.message.startswith("missing") and f"did you mean '{p.field}'?" in suggested)]

    def _explain(self, error: jsonschema.ValidationError, located: yamlsource.Located, display: str) -> list[Problem]:
        path = tuple(error.absolute_path)
        name = yamlsource.dotted(path)
        line, col = located.where(path)
        value = error.instance
        kind = error.validator
        if kind == "additionalProperties":
            out = []
            for extra in sorted(set(value) - set(self.properties)):
                kline, kcol = located.where((extra,), key=True)
                hint = did_you_mean(extra, self.properties) or f"known fields: {one_of(self.properties, 20)}"
                out.append(Problem(display, kline, kcol, extra, "unknown field", hint))
            return out
        if kind == "required":
            missing = [f for f in error.validator_value if f not in value]
            entry = self._kind_of(error)
            if entry is None:
                return [Problem(display, line, col, f, "missing required field", f"add a line '{f}: …'") for f in missing]
            return [Problem(display, line, col, f, f"missing: {_article(entry.label)} needs {_FIELD_WORDS.get(f, f)}",
                            _FIELD_HINTS.get(f, f"add a line '{f}: …'")
                            + ("" if entry.id != DEFAULT_KIND or f not in ("year", "url") else
                               f", or set 'kind:' if it is not a paper ({one_of([k.id for k in self.taxonomy.kinds], 12)})"))
                    for f in missing]
        if kind == "anyOf" and path and path[0] in ("chapter", "section"):
            branch = 1 if isinstance(value, list) else 0  # one id, or a list of ids
            errors = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == branch]
            return [p for e in errors[:1] for p in self._explain(e, located, display)] or [
                Problem(display, line, col, name, error.message)]
        if kind == "anyOf":  # a kind's "one of these fields" (url|venue)
            entry = self._kind_of(error)
            names = [s["required"][0] for s in error.validator_value]
            label = _article(entry.label) if entry else "this entry"
            return [Problem(display, line, col, names[0],
                            f"missing: {label} needs {' or '.join(_FIELD_WORDS.get(n, n) for n in names)}",
                            " or ".join(_FIELD_HINTS.get(n, f"add '{n}: …'") for n in names))]
        if kind == "enum":
            choices = [c for c in error.validator_value if isinstance(c, str)]
            if value is None:
                return [Problem(display, line, col, name, f"is empty; write one of {one_of(choices)}", "or remove the line")]
            if isinstance(value, (list, dict)):
                example = f"e.g. '{name}: {value[0]}'" if isinstance(value, list) and len(value) == 1 else f"one of {one_of(choices)}"
                return [Problem(display, line, col, name, f"expected one value, got {_type_name(value)}", example)]
            return [Problem(display, line, col, name, f"'{value}' is not one of {one_of(choices)}",
                            did_you_mean(value, choices))]
        if kind == "type":
            hint = None
            if error.validator_value == "array" and isinstance(value, str):
                hint = f"write a list, e.g. '{path[-1]}: [{json.dumps(value, ensure_ascii=False)}]'" if path else None
            elif error.validator_value == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
                hint = f"put it in quotes: '{located.text(path, value)}'"
            elif error.validator_value == "integer" and isinstance(value, float) and value.is_integer():
                hint = f"write it without the decimal point: {int(value)}"
            elif error.validator_value == "integer" and isinstance(value, str) and value.strip().isdigit():
                hint = f"write it without quotes: {value.strip()}"
            elif value is None:
                hint = "fill in a value or remove the line"
            return [Problem(display, line, col, name, f"expected {_expected(error.validator_value)}, got {_type_name(value)}", hint)]
        if kind == "pattern":
            field_name = next((p for p in path if isinstance(p, str)), "")
            message, hint = PATTERN_MESSAGES.get(field_name, ("has the wrong form", None))
            bare = arxiv.find(value) if field_name == "arxiv" and isinstance(value, str) else None
            if bare:
                hint = f"write the bare id: '{bare}'"
            if field_name in ("url", "code") and isinstance(value, str) and ":" in value:
                scheme = value.split(":", 1)[0].lower()
                if scheme not in ("http", "https"):
                    message = f"uses the '{scheme}:' scheme"
            return [Problem(display, line, col, name, f"'{value}' {message}", hint)]
        if kind == "minItems":
            return [Problem(display, line, col, name, "must not be empty", "list at least one item")]
        if kind == "minLength":
            return [Problem(display, line, col, name, "must not be empty")]
        if kind == "maxLength":
            return [Problem(display, line, col, name, f"is too long ({len(value)} characters; at most {error.validator_value})")]
        if kind == "uniqueItems":
            return [Problem(display, line, col, name, "lists the same item twice", "remove the repeat")]
        if kind in ("minimum", "maximum"):
            return [Problem(display, line, col, name, f"{value} is out of range ({error.message.split(' is ', 1)[-1]})")]
        return [Problem(display, line, col, name, error.message)]

    def _kind_of(self, error: jsonschema.ValidationError):
        """The kind whose rule an error comes from (``allOf[i].then…``), else None."""
        schema_path = list(error.absolute_schema_path)
        if len(schema_path) >= 3 and schema_path[0] == "allOf" and schema_path[2] == "then":
            kinds = self.taxonomy.kinds
            return kinds[schema_path[1]] if schema_path[1] < len(kinds) else None
        return None

    def _rule_problems(self, located: yamlsource.Located, display: str, stem: str | None, failed: set) -> list[Problem]:
        data = located.data
        out = []

        def add(name, message, hint=None):
            line, col = located.where((name,))
            out.append(Problem(display, line, col, name, message, hint))

        dates = {}
        for name in ("date", "added"):
            text = data.get(name)
            if isinstance(text, str) and name not in failed:
                try:
                    parts = [int(x) for x in text.split("-")]
                    dates[name] = _dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
                except (ValueError, IndexError):
                    add(name, f"'{text}' is not a real date", "write YYYY-MM-DD, e.g. 2026-04-01")
        if "date" in dates and isinstance(data.get("year"), int) and "year" not in failed and dates["date"].year != data["year"]:
            add("year", f"{data['year']} disagrees with date {data['date']}", f"did you mean {dates['date'].year}?")
        section = data.get("section")
        chapter = _as_text(data.get("chapter"))
        if section is not None and "section" not in failed and "chapter" not in failed:
            chapters = chapter if isinstance(chapter, list) else [chapter]
            for one in (section if isinstance(section, list) else [section]):
                owner = self.sections.get(_as_text(one))
                if owner is not None and owner.chapter not in chapters:
                    shown = chapter if not isinstance(chapter, list) else ", ".join(chapter)
                    add("section", f"section {one} belongs to chapter {owner.chapter}, not {shown}",
                        f"did you mean chapter: {owner.chapter}?" if not isinstance(chapter, list)
                        else f"add {owner.chapter} to the chapters")
        for name, value in data.items():
            texts = value if isinstance(value, list) else [value]
            if name != "summary" and name not in failed and any(isinstance(t, str) and _CONTROL.search(t) for t in texts):
                add(name, "must be on one line (it contains a line break or another control character)",
                    "write it on one line, without '|' or \\n")
        paper_id = _as_text(data.get("id"))
        if stem is not None and isinstance(paper_id, str) and "id" not in failed and stem != paper_id:
            add("id", f"the file name does not match the id '{paper_id}'", f"rename the file to {paper_id}.yaml or change the id")
        return out

    # -- many files --------------------------------------------------------------------------
    def check_collection(self, papers: list[Paper], last: Iterable[str] = ()) -> tuple[list[Paper], list[Problem]]:
        """Cross-file rules; the later file of a clashing pair (by path) is left out. Papers whose
        ``source`` is in ``last`` (files being added or changed) come after all others, so a clash
        with an existing paper is reported on the new file."""
        keep, problems = [], []
        seen: dict[tuple[str, str], Paper] = {}
        last = set(last)
        for paper in sorted(papers, key=lambda p: (p.source in last, p.source)):
            clashes = []
            keys = [("id", paper.id), ("arxiv", paper.arxiv), ("doi", paper.doi.lower() if paper.doi else None),
                    ("title", normalise_title(paper.title))]
            for name, key in keys:
                if key and (name, key) in seen:
                    clashes.append((name, seen[(name, key)]))
            if not clashes:
                for name, key in keys:
                    if key:
                        seen[(name, key)] = paper
                keep.append(paper)
                continue
            for name, other in clashes:
                problems.append(Problem(paper.source, paper.line_of(name), 1, name,
                                        f"duplicate {_CLASH_WORDS[name]} '{paper.get(name)}': also in {other.source}:{other.line_of(name)}",
                                        "each paper is listed once; merge the two files"))
        return keep, problems



_FIELD_WORDS = {"url": "a link (url)", "year": "a year", "authors": "its authors", "venue": "its venue"}
_FIELD_HINTS = {"url": "add 'url: https://…'", "year": "add 'year: 2024'", "authors": "add 'authors: [\"Last, First\"]'",
                "venue": "add 'venue: …' (where it was published)"}


def _article(label: str) -> str:
    """``a paper``, ``an entry of kind 'Code'``: what the message says needs the field."""
    if label.lower() == "code":
        return "a code repository"
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label.lower()


_CLASH_WORDS = {"id": "id", "arxiv": "arXiv id", "doi": "DOI", "title": "title"}


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# JSON Schema's "integer" admits 2020.0; a year or count written with a decimal point is a mistake here.
_Validator = jsonschema.validators.extend(
    jsonschema.Draft7Validator,
    type_checker=jsonschema.Draft7Validator.TYPE_CHECKER.redefine(
        "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool)),
)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def normalise_title(title: str) -> str:
    return re.sub(r"[\W_]+", " ", title.casefold()).strip()


def paper_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in PAPER_SUFFIXES and p.is_file() and not p.name.startswith("."))


@dataclass
class LoadResult:
    papers: list[Paper]
    problems: list[Problem]


class PaperLoader:
    """Loads a folder of papers, re-parsing only files whose size or mtime changed (for ``serve``)."""

    def __init__(self, taxonomy: Taxonomy):
        self.validator = PaperValidator(taxonomy)
        self._cache: dict[str, tuple[tuple[int, int], Paper | None, list[Problem]]] = {}

    def load(self, paths: Iterable[Path], display_root: Path | None = None, last: Iterable[str] = ()) -> LoadResult:
        papers, problems = [], []
        for path in paths:
            display = display_path(path, display_root)
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            cached = self._cache.get(display)
            if cached and cached[0] == stamp:
                paper, found = cached[1], cached[2]
            else:
                paper, found = self.validator.check_file(path, display)
                self._cache[display] = (stamp, paper, found)
            problems.extend(found)
            if paper is not None:
                papers.append(paper)
        papers, clashes = self.validator.check_collection(papers, last)
        return LoadResult(papers, problems + clashes)


def display_path(path: Path, root: Path | None) -> str:
    """Path as people should read it: relative to the project (or working) folder."""
    try:
        return Path(os.path.relpath(path, root or Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()
