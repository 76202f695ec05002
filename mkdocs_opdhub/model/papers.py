"""Load and validate paper files: one YAML file per paper, checked against the taxonomy.

Each file goes through: read (size, UTF-8) -> parse (YAML with line numbers) -> JSON Schema ->
rules a schema cannot express (real dates, year vs date, section within chapter, file name) ->
cross-file checks (duplicate id, arXiv id, DOI, title). Every defect is a :class:`Problem`
naming file, line, field and a fix; a file with errors is left out of the site, never half-used.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema

from . import arxiv, chars, identity, urlcheck, yamlsource
from .problems import Problem, did_you_mean, one_of
from .schema import PATTERN_MESSAGES, paper_schema
from .taxonomy import CORE_FIELDS, DEFAULT_KIND, Taxonomy

PAPER_SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)  # thousands of them: no per-object __dict__
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
    abstract: str | None = None  # the authors' own, separate from a human summary
    arxiv_category: str | None = None
    arxiv_updated: str | None = None
    section: str | list[str] | None = None
    related: list[dict[str, str]] = field(default_factory=list)  # [{id, type, note?}] as written
    extra: dict[str, Any] = field(default_factory=dict)  # taxonomy-defined fields
    source: str = ""
    # Where the ``id`` and each field are, for cross-file messages: read them through line_of(),
    # which finds them on first use for files that took the quick path.
    line: int = field(default=1, compare=False)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # field -> line
    related_at: list[tuple[int, int]] = field(
        default_factory=list, repr=False, compare=False
    )  # line, col of each related id
    unplaced: str | None = field(
        default=None, repr=False, compare=False
    )  # text of a quick-path file, for places asked later
    identity: list[tuple[str, str, str]] | None = field(
        default=None, repr=False, compare=False
    )  # identity.keys(), when known

    def line_of(self, name: str) -> int:
        """Line of a field in the paper's file. Good files are read without line marks; the
        lines are found when a message first needs one."""
        if self.unplaced is not None and not self.lines:
            text = self.unplaced
            keys = set(yamlsource.quick_load(text))  # a good file: parsing it again is quick
            self.lines = _top_level_lines(text, keys) or _parsed_lines(text, self.source)
            self.line = self.lines.get("id", 1)
        return self.lines.get(name, self.line)

    def related_place(self, index: int) -> tuple[int, int]:
        """Line and column of ``related[index].id``; found from the file's text, like line_of(),
        for files that took the quick path."""
        if not self.related_at and self.related and self.unplaced is not None:
            try:
                located = yamlsource.parse(self.unplaced, self.source)
                self.related_at = [located.where(("related", i, "id")) for i in range(len(self.related))]
            except yamlsource.YamlProblem:
                pass
        if index < len(self.related_at):
            return self.related_at[index]
        return self.line_of("related"), 1

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


# Paper fields a file may set; a facet named like one of Paper's own attributes (``lines``,
# ``source`` …) is a taxonomy field like any other and lives in ``extra``.
_CORE = frozenset(CORE_FIELDS)


def make_paper(data: dict, taxonomy: Taxonomy, source: str = "", line: int = 1) -> Paper:
    """Build a :class:`Paper` from already-validated data."""
    core = {k: v for k, v in data.items() if k in _CORE}
    core.setdefault("authors", [])  # optional when the taxonomy says so
    extra = {k: _as_text(v) for k, v in data.items() if k not in _CORE}
    for name in ("chapter", "section", "id", "arxiv", "kind"):
        if name in core:
            core[name] = _as_text(core[name])
    return Paper(**core, extra=extra, source=source, line=line)


def _type_name(value: Any) -> str:
    if value is None:
        return "an empty value"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "number": "a number",
}


def _expected(types: Any) -> str:
    if isinstance(types, list):
        return " or ".join(_TYPE_WORDS.get(t, str(t)) for t in types)
    return _TYPE_WORDS.get(types, str(types))


class PaperValidator:
    """Validates paper data against the taxonomy's schema, producing people-friendly problems."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.schema = paper_schema(taxonomy)
        self.validator = _Validator(self.schema)
        # The quick check for good files, compiled to Python once; jsonschema explains failures.
        self.quick_validator = _compiled(json.dumps(self.schema, sort_keys=True))
        # Fields holding ids: an unquoted number there means its source text (``chapter: 4``,
        # ``section: 5.10``), not the float YAML makes of it (5.1).
        self.id_fields = {"section", *(f.field for f in taxonomy.facets if f.type.writes_ids())}
        self.properties = list(self.schema["properties"])
        self.sections = taxonomy.sections()

    # -- single file -------------------------------------------------------------------------
    def check_file(self, path: Path, display: str) -> tuple[Paper | None, list[Problem]]:
        try:
            text = yamlsource.read_text(path, display)
        except yamlsource.Vanished:
            raise  # not a problem of the file: the folder's reader skips it
        except yamlsource.YamlProblem as exc:
            return None, [exc.problem]
        return self.check_text(text, display, path.stem)

    def check_text(self, text: str, display: str, stem: str | None = None) -> tuple[Paper | None, list[Problem]]:
        """Good files take the quick path (C loader, compiled schema); a file that fails it is
        parsed again with every value's place, so its messages are as precise as ever."""
        paper = self._quick(text, display, stem)
        if paper is not None:
            return paper, []
        try:
            located = yamlsource.parse(text, display)
        except yamlsource.YamlProblem as exc:
            return None, [exc.problem]
        return self.check_data(located, display, stem)

    def _quick(self, text: str, display: str, stem: str | None) -> Paper | None:
        data = yamlsource.quick_load(text)
        if not isinstance(data, dict):
            return None
        located = yamlsource.Located(data)
        self._numbers_as_written(located)
        try:
            self.quick_validator(data)
        except fastjsonschema.JsonSchemaException:
            return None
        if not _one_line_texts(data) or self._rule_problems(located, display, stem, failed=set(), texts=False):
            return None
        paper = make_paper(data, self.taxonomy, display)
        paper.unplaced = text  # lines when a message needs them (Paper.line_of)
        return paper

    def check_data(
        self, located: yamlsource.Located, display: str, stem: str | None = None
    ) -> tuple[Paper | None, list[Problem]]:
        data = located.data
        if not isinstance(data, dict):
            line, col = located.where(())
            return None, [
                Problem(
                    display,
                    line,
                    col,
                    None,
                    f"a paper file must be a mapping of fields ('key: value' lines), not {_type_name(data)}",
                    "see papers/ for examples or run 'opdhub new'",
                )
            ]
        self._numbers_as_written(located)
        problems = self._schema_problems(located, display)
        problems += self._rule_problems(located, display, stem, failed={p.field for p in problems})
        if problems:
            problems.sort(key=lambda p: (p.line or 0, p.column or 0))
            return None, problems
        line = located.where(("id",), key=True)[0]  # the key's line, as the quick path finds it
        paper = make_paper(data, self.taxonomy, display, line)
        paper.lines = {name: located.where((name,), key=True)[0] for name in data}
        paper.related_at = [located.where(("related", i, "id")) for i in range(len(paper.related))]
        return paper, []

    def _numbers_as_written(self, located: yamlsource.Located) -> None:
        data = located.data
        for name in self.id_fields.intersection(data):
            value = data[name]
            if isinstance(value, list):
                data[name] = [located.numbers.get((name, i), v) if _is_number(v) else v for i, v in enumerate(value)]
            elif _is_number(value):
                data[name] = located.numbers.get((name,), str(value))
        related = data.get("related")
        if isinstance(related, list):  # "- id: 2306.13649" names a paper, it is not a number
            for i, item in enumerate(related):
                if isinstance(item, dict) and _is_number(item.get("id")):
                    item["id"] = located.numbers.get(("related", i, "id"), str(item["id"]))

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
        value: Any = error.instance
        kind = str(error.validator)
        wanted: Any = error.validator_value  # what the schema asks (a list of fields, of ids, a type…)
        hint: str | None = None
        if kind == "additionalProperties":
            out = []
            for extra in sorted(set(value) - set(self.properties)):
                kline, kcol = located.where((extra,), key=True)
                hint = did_you_mean(extra, self.properties) or f"known fields: {one_of(self.properties, 20)}"
                out.append(Problem(display, kline, kcol, extra, "unknown field", hint))
            return out
        if kind == "required":
            missing = [f for f in wanted if f not in value]
            entry = self._kind_of(error)
            if entry is None:
                return [
                    Problem(display, line, col, f, "missing required field", f"add a line '{f}: …'") for f in missing
                ]
            return [
                Problem(
                    display,
                    line,
                    col,
                    f,
                    f"missing: {_article(entry.label)} needs {_FIELD_WORDS.get(f, f)}",
                    _FIELD_HINTS.get(f, f"add a line '{f}: …'")
                    + (
                        ""
                        if entry.id != DEFAULT_KIND or f not in ("year", "url")
                        else f", or set 'kind:' if it is not a paper ({one_of([k.id for k in self.taxonomy.kinds], 12)})"
                    ),
                )
                for f in missing
            ]
        if kind == "anyOf" and path and path[0] in ("chapter", "section"):
            branch = 1 if isinstance(value, list) else 0  # one id, or a list of ids
            errors = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == branch]
            return [p for e in errors[:1] for p in self._explain(e, located, display)] or [
                Problem(display, line, col, name, error.message)
            ]
        if kind == "anyOf":  # a kind's "one of these fields" (url|venue)
            entry = self._kind_of(error)
            names = [s["required"][0] for s in wanted]
            label = _article(entry.label) if entry else "this entry"
            return [
                Problem(
                    display,
                    line,
                    col,
                    names[0],
                    f"missing: {label} needs {' or '.join(_FIELD_WORDS.get(n, n) for n in names)}",
                    " or ".join(_FIELD_HINTS.get(n, f"add '{n}: …'") for n in names),
                )
            ]
        if kind == "enum":
            choices = [c for c in wanted if isinstance(c, str)]
            if value is None:
                return [
                    Problem(display, line, col, name, f"is empty; write one of {one_of(choices)}", "or remove the line")
                ]
            if isinstance(value, (list, dict)):
                example = (
                    f"e.g. '{name}: {value[0]}'"
                    if isinstance(value, list) and len(value) == 1
                    else f"one of {one_of(choices)}"
                )
                return [Problem(display, line, col, name, f"expected one value, got {_type_name(value)}", example)]
            return [
                Problem(
                    display, line, col, name, f"'{value}' is not one of {one_of(choices)}", did_you_mean(value, choices)
                )
            ]
        if kind == "type":
            if wanted == "array" and isinstance(value, str):
                hint = f"write a list, e.g. '{path[-1]}: [{json.dumps(value, ensure_ascii=False)}]'" if path else None
            elif wanted == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
                hint = f"put it in quotes: '{located.text(path, value)}'"
            elif wanted == "integer" and isinstance(value, float) and value.is_integer():
                hint = f"write it without the decimal point: {int(value)}"
            elif wanted == "integer" and isinstance(value, str) and value.strip().isdigit():
                hint = f"write it without quotes: {value.strip()}"
            elif value is None:
                hint = "fill in a value or remove the line"
            return [Problem(display, line, col, name, f"expected {_expected(wanted)}, got {_type_name(value)}", hint)]
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
                elif bad := urlcheck.unsafe_at(value):  # links are written into Markdown
                    return [
                        Problem(
                            display,
                            line,
                            col + bad[0],
                            name,
                            f"'{value}' holds {bad[1]} at character {bad[0] + 1}: Markdown renderers "
                            "would read this link differently",
                            f"percent-encode it: '{urlcheck.encoded(value)}'",
                        )
                    ]
            return [Problem(display, line, col, name, f"'{value}' {message}", hint)]
        if kind == "minItems":
            return [Problem(display, line, col, name, "must not be empty", "list at least one item")]
        if kind == "minLength":
            return [Problem(display, line, col, name, "must not be empty")]
        if kind == "maxLength":
            return [Problem(display, line, col, name, f"is too long ({len(value)} characters; at most {wanted})")]
        if kind == "uniqueItems":
            return [Problem(display, line, col, name, "lists the same item twice", "remove the repeat")]
        if kind in ("minimum", "maximum"):
            return [
                Problem(display, line, col, name, f"{value} is out of range ({error.message.split(' is ', 1)[-1]})")
            ]
        return [Problem(display, line, col, name, error.message)]

    def _kind_of(self, error: jsonschema.ValidationError):
        """The kind whose rule an error comes from (``allOf[i].then…``), else None."""
        schema_path = list(error.absolute_schema_path)
        if len(schema_path) >= 3 and schema_path[0] == "allOf" and schema_path[2] == "then":
            kinds, index = self.taxonomy.kinds, schema_path[1]
            return kinds[index] if isinstance(index, int) and index < len(kinds) else None
        return None

    def _rule_problems(
        self, located: yamlsource.Located, display: str, stem: str | None, failed: set, texts: bool = True
    ) -> list[Problem]:
        data = located.data
        out = []

        def add(name, message, hint=None):
            line, col = located.where((name,))
            out.append(Problem(display, line, col, name, message, hint))

        dates = {}
        for name in ("date", "added", "arxiv_updated"):
            text = data.get(name)
            if isinstance(text, str) and name not in failed:
                try:
                    parts = [int(x) for x in text.split("-")]
                    dates[name] = _dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
                except (ValueError, IndexError):
                    add(name, f"'{text}' is not a real date", "write YYYY-MM-DD, e.g. 2026-04-01")
        if (
            "date" in dates
            and isinstance(data.get("year"), int)
            and "year" not in failed
            and dates["date"].year != data["year"]
        ):
            add("year", f"{data['year']} disagrees with date {data['date']}", f"did you mean {dates['date'].year}?")
        section = data.get("section")
        chapter = _as_text(data.get("chapter"))
        if section is not None and "section" not in failed and "chapter" not in failed:
            chapters = chapter if isinstance(chapter, list) else [chapter]
            for one in section if isinstance(section, list) else [section]:
                owner = self.sections.get(_as_text(one))
                if owner is not None and owner.chapter not in chapters:
                    shown = chapter if not isinstance(chapter, list) else ", ".join(chapter)
                    add(
                        "section",
                        f"section {one} belongs to chapter {owner.chapter}, not {shown}",
                        f"did you mean chapter: {owner.chapter}?"
                        if not isinstance(chapter, list)
                        else f"add {owner.chapter} to the chapters",
                    )
        for name, value in data.items() if texts else ():
            if name in failed:
                continue
            items = enumerate(value) if isinstance(value, list) else [(None, value)]
            for index, text in items:
                if not isinstance(text, str):
                    continue
                where = (name,) if index is None else (name, index)
                bad = chars.find(text)
                if bad:  # data that did not come through yamlsource (which refuses these itself)
                    out.append(
                        Problem(
                            display,
                            *located.where(where),
                            yamlsource.dotted(where),
                            f"contains {chars.describe(bad.group())}",
                            "remove it",
                        )
                    )
                elif name not in MULTILINE_FIELDS and chars.LINE_BREAKS.search(text):
                    out.append(
                        Problem(
                            display,
                            *located.where(where),
                            yamlsource.dotted(where),
                            "must be on one line (it contains a line break or another control character)",
                            "write it on one line, without '|' or \\n",
                        )
                    )
                else:
                    continue
                break  # one message per field
        paper_id = _as_text(data.get("id"))
        if stem is not None and isinstance(paper_id, str) and "id" not in failed and stem != paper_id:
            add(
                "id",
                f"the file name does not match the id '{paper_id}'",
                f"rename the file to {paper_id}.yaml or change the id",
            )
        return out

    # -- many files --------------------------------------------------------------------------
    def check_collection(self, papers: list[Paper], last: Iterable[str] = ()) -> tuple[list[Paper], list[Problem]]:
        """Cross-file rules; the later file of a clashing pair (by path) is left out. Papers whose
        ``source`` is in ``last`` (files being added or changed) come after all others, so a clash
        with an existing paper is reported on the new file. Ids, DOIs and titles are compared as
        :mod:`.identity` keys, so differently written duplicates are found too."""
        keep, problems = [], []
        seen: dict[tuple[str, str], tuple[Paper, str]] = {}
        last = set(last)
        for paper in sorted(papers, key=lambda p: (p.source in last, p.source)):
            keys = paper.identity
            if keys is None:  # kept on the paper: `mkdocs serve` checks unchanged papers again
                keys = paper.identity = identity.keys(paper)
            clashes = [(kind, key, name, *seen[(kind, key)]) for kind, key, name in keys if (kind, key) in seen]
            if not clashes:
                for kind, key, name in keys:
                    seen[(kind, key)] = (paper, name)
                keep.append(paper)
                continue
            named: set[str] = set()
            for kind, key, name, other, other_name in clashes:
                if other.source in named:
                    continue  # one message per pair of files: the strongest key (id, arXiv id, DOI, title)
                named.add(other.source)
                shown = paper.get(name) if name == kind else key  # an arXiv id found in a url or DOI: the id
                problems.append(
                    Problem(
                        paper.source,
                        paper.line_of(name),
                        1,
                        name,
                        f"duplicate {_CLASH_WORDS[kind]} '{shown}': also in {other.source}:{other.line_of(other_name)}",
                        "each paper is listed once; merge the two files",
                    )
                )
        return keep, problems + relation_problems(keep)


def relation_problems(papers: list[Paper]) -> list[Problem]:
    """``related:`` items must name another paper of the list. A paper with a dangling relation
    stays in the site (its other relations too): only that relation is left out, and reported."""
    ids = {p.id: p for p in papers}
    out = []
    for paper in papers:
        for i, item in enumerate(paper.related):
            line, col = paper.related_place(i)
            target = item["id"]
            if target == paper.id:
                message, hint = "a paper cannot relate to itself", "remove this item"
            elif target not in ids:
                message = f"'{target}' is not a paper of the list; the relation is left out"
                hint = (
                    did_you_mean(target, list(ids))
                    or "write the id of a paper in papers/ (its file name without .yaml)"
                )
            else:
                continue
            out.append(Problem(paper.source, line, col, f"related[{i}].id", message, hint))
    return out


_FIELD_WORDS = {"url": "a link (url)", "year": "a year", "authors": "its authors", "venue": "its venue"}
_FIELD_HINTS = {
    "url": "add 'url: https://…'",
    "year": "add 'year: 2024'",
    "authors": "add 'authors: [\"Last, First\"]'",
    "venue": "add 'venue: …' (where it was published)",
}


def _article(label: str) -> str:
    """``a paper``, ``an entry of kind 'Code'``: what the message says needs the field."""
    if label.lower() == "code":
        return "a code repository"
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label.lower()


_CLASH_WORDS = {"id": "id", "arxiv": "arXiv id", "doi": "DOI", "title": "title"}


# Fields that may span lines (a YAML block scalar's line breaks and tabs are kept); every other
# text is one line: it becomes a title, a chip, a link or a BibTeX field.
MULTILINE_FIELDS = frozenset({"summary", "abstract"})

# JSON Schema's "integer" admits 2020.0; a year or count written with a decimal point is a mistake here.
_Validator = jsonschema.validators.extend(
    jsonschema.Draft7Validator,
    type_checker=jsonschema.Draft7Validator.TYPE_CHECKER.redefine(
        "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)


def _one_line_texts(data: dict) -> bool:
    """The quick path's form of the one-line rule: no refused character can be left in a text
    there (see yamlsource.quick_load), so only line breaks and tabs are looked for."""
    for name, value in data.items():
        if name in MULTILINE_FIELDS:
            continue
        for text in value if type(value) is list else (value,):
            if type(text) is str and ("\n" in text or "\t" in text or "\r" in text):
                return False
    return True


@functools.lru_cache(maxsize=8)
def _compiled(schema: str):
    return fastjsonschema.compile(json.loads(schema), use_formats=False)  # jsonschema checks no formats either


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?=[ \t\r\n]|$)", re.M)


def _top_level_lines(text: str, keys) -> dict[str, int] | None:
    """Line of each top-level key of a block-style file: keys of the top-level mapping start at
    column 1. None unless every key is found exactly once (a key inside a multi-line quoted
    value would show up twice)."""
    lines: dict[str, int] = {}
    for match in _TOP_KEY.finditer(text):
        name = match.group(1)
        if name in lines or name not in keys:
            return None
        lines[name] = text.count("\n", 0, match.start()) + 1
    return lines if len(lines) == len(keys) else None


def _parsed_lines(text: str, display: str) -> dict[str, int]:
    """Lines of the top-level keys from the parser (flow style, quoted keys)."""
    try:
        located = yamlsource.parse(text, display)
    except yamlsource.YamlProblem:  # cannot happen for a file that was valid; no lines then
        return {}
    return {path[0]: place[0] for path, place in located.keys.items() if len(path) == 1}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


normalise_title = identity.title_key  # the importer matches headings to chapters the same way


def paper_files(folder: Path, root: Path | None = None) -> list[Path]:
    """The paper files in ``folder`` that may be read (see :func:`scan_papers`)."""
    return scan_papers(folder, root).paths


@dataclass
class Listing:
    paths: list[Path]
    problems: list[Problem]  # entries that look like paper files but are not read, and why


def scan_papers(folder: Path, root: Path | None = None, display_root: Path | None = None) -> Listing:
    """Paper files directly in ``folder``, in name order. Hidden entries (editor lock and swap
    files) and other file types are not paper files; anything else named like one that cannot
    be read is reported, never skipped in silence. ``root`` is the project: links leaving it are
    refused (default: the folder's parent, where a project keeps its papers folder)."""
    folder = Path(folder)
    if not folder.is_dir():
        return Listing([], [])
    root = Path(root or folder.resolve().parent).resolve()
    paths, problems = [], []
    with os.scandir(folder) as entries:
        found = sorted(entries, key=lambda e: e.name)
    for entry in found:
        name = entry.name
        if name.startswith(".") or os.path.splitext(name)[1].lower() not in PAPER_SUFFIXES:
            continue
        path = folder / name
        try:  # the directory entry's type is known without another system call
            plain = entry.is_file(follow_symlinks=False) and name.endswith(PAPER_SUFFIXES)
        except OSError:
            plain = False
        refusal = None if plain else refused(path, root)
        if refusal is None:
            paths.append(path)
        elif refusal is not _GONE:
            problems.append(Problem(display_path(path, display_root or root), None, None, None, *refusal))
    return Listing(paths, problems)


_GONE = ("gone", "")  # told apart by identity


def refused(path: Path, root: Path) -> tuple[str, str] | None:
    """Why a file named like a paper file is not read (message, hint), or None to read it."""
    if path.suffix not in PAPER_SUFFIXES:
        return (
            "not read: paper file names end in '.yaml' or '.yml' in lower case",
            f"rename it to {path.stem}{path.suffix.lower()}",
        )
    try:
        link = path.is_symlink()
        target = path.resolve() if link else path
        mode = target.stat().st_mode
    except FileNotFoundError:
        return (
            ("not read: a link to a file that does not exist", "remove the link or restore its target")
            if link
            else _GONE
        )
    except (OSError, RuntimeError) as exc:  # a loop of links, no permission
        return (f"not read: {getattr(exc, 'strerror', None) or exc}", "replace it with an ordinary file")
    if link and not target.is_relative_to(root):
        return ("not read: a link to a file outside the project", "copy the paper file into the papers folder")
    if stat.S_ISDIR(mode):
        return ("not read: a folder, not a paper file", "paper files are files; rename the folder")
    if not stat.S_ISREG(mode):
        return ("not read: not an ordinary file", "replace it with an ordinary file")
    return None


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
            try:
                info = path.stat()
                stamp = (info.st_mtime_ns, info.st_size)
                cached = self._cache.get(display)
                if cached and cached[0] == stamp:
                    paper, found = cached[1], cached[2]
                else:
                    paper, found = self.validator.check_file(path, display)
                    self._cache[display] = (stamp, paper, found)
            except (FileNotFoundError, yamlsource.Vanished):
                self._cache.pop(display, None)  # deleted since the folder was listed: simply gone
                continue
            problems.extend(found)
            if paper is not None:
                papers.append(paper)
        papers, clashes = self.validator.check_collection(papers, last)
        return LoadResult(papers, problems + clashes)


def display_path(path: Path, root: Path | None) -> str:
    """Path as people should read it: relative to the project (or working) folder."""
    base, text = os.fspath(root or Path.cwd()), os.fspath(path)
    if os.path.isabs(text) and text.startswith(base.rstrip(os.sep) + os.sep) and os.sep + ".." not in text:
        return text[len(base.rstrip(os.sep)) + 1 :].replace(os.sep, "/")  # the usual case, without relpath's cost
    try:
        return Path(os.path.relpath(path, root or Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()
