"""The taxonomy: the survey a site mirrors, its chapter/section tree and the facets.

Everything topic-specific lives in a taxonomy file (or inline in ``mkdocs.yml``); the kinds of
facet there are (enum, chapter, year, presence, open, kind) are classes in :mod:`.facetkinds`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import jsonschema

from . import chars, yamlsource
from .facetkinds import (  # noqa: F401 (the names other modules import from here)
    CHAPTER,
    CORE_FIELDS,
    ENTRY_KIND,
    FACET_KINDS,
    RESERVED_SLUGS,
    UNCLASSIFIED,
    FacetKind,
    Value,
    kind_of,
    slugify,
)
from .problems import Problem, did_you_mean

DEFAULT_KIND = "paper"


@dataclass(frozen=True)
class Kind:
    """A kind of entry and what an entry of that kind must have besides id, title, chapter and
    added: field names, or ``a|b`` for "one of them"."""

    id: str
    label: str
    requires: tuple[str, ...]
    description: str | None = None


# The kinds a list has when its taxonomy names none. A paper needs a year and authors, and a
# link unless its venue or authors say where to find it (a list may make authors optional: then
# a paper without a link needs its venue or authors); code, data and media need their link and
# nothing else; a book needs what cites it.
BUILTIN_KINDS = (
    Kind("paper", "Paper", ("year", "authors", "url|venue|authors")),
    Kind("code", "Code", ("url",), "A code repository or library"),
    Kind("tool", "Framework / tool", ("url",)),
    Kind("dataset", "Dataset", ("url",)),
    Kind("benchmark", "Benchmark", ("url",)),
    Kind("model", "Model", ("url",), "Model weights or a model card"),
    Kind("blog", "Blog post", ("url",)),
    Kind("video", "Video / talk", ("url",)),
    Kind("book", "Book", ("year", "authors")),
    Kind("course", "Course", ("url",), "A course, tutorial or lecture series"),
)
_BUILTIN = {k.id: k for k in BUILTIN_KINDS}


@dataclass
class _Part:
    """What a chapter and a section have alike: a numbered, titled heading over sections."""

    id: str
    number: str | None
    title: str
    intro: str | None
    sections: list[Section]

    _NUMBERED: ClassVar[str] = "{number} {title}"  # "4.1 Title"; a chapter's is "4. Title"

    @property
    def heading(self) -> str:
        return self._NUMBERED.format(number=self.number, title=self.title) if self.number else self.title

    def walk_sections(self) -> Iterator[tuple[int, Section]]:
        """Every section below this part, in order, with its depth (0 for its own sections)."""
        for section in self.sections:
            yield from section.walk()


@dataclass
class Section(_Part):
    chapter: str = ""

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Section]]:
        yield depth, self
        for below, section in self.walk_sections():
            yield depth + 1 + below, section


@dataclass
class Chapter(_Part):
    short: str
    slug: str = ""
    _NUMBERED: ClassVar[str] = "{number}. {title}"

    @property
    def label(self) -> str:
        """Short label for chips and filters: ``4 · Objectives``."""
        return f"{self.number} · {self.short}" if self.number else self.short


@dataclass
class Facet:
    field: str
    label: str
    type: FacetKind  # what the facet's values are and how the site treats them
    multi: bool
    values: list[Value]  # declared values; data-driven kinds are completed by the catalog
    unclassified: str
    of: str | None
    path: str
    pages: bool = True
    chips: bool = True
    filter: bool = True

    def value(self, value_id: str) -> Value | None:
        for value in self.values:
            if value.id == value_id:
                return value
        return None

    @property
    def kind(self) -> str:
        """The kind's name, as the taxonomy's ``type`` says it (and papers.json and templates show it)."""
        return self.type.name

    @property
    def declared(self) -> bool:
        """True when the taxonomy (not the data) fixes the allowed values."""
        return self.type.declared


@dataclass
class Survey:
    title: str
    url: str | None = None
    arxiv: str | None = None
    authors: list[str] = field(default_factory=list)
    description: str | None = None
    citation: str | None = None
    repository: str | None = None
    pdf: str | None = None

    @property
    def pdf_url(self) -> str | None:
        """The PDF: as given, else arXiv's PDF of the survey's arXiv id."""
        return self.pdf or (f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else None)

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None


@dataclass(frozen=True)
class RelationType:
    """A kind of link between two papers: what a paper file's ``related:`` item may say.

    ``label`` reads from the paper that declares it ("builds on"), ``inverse`` from the other
    end ("built on by"); a symmetric type reads the same both ways.
    """

    id: str
    label: str
    inverse: str
    symmetric: bool = False
    description: str | None = None


# Used when a taxonomy declares no ``relations``: kinds of link between any two papers, whatever
# the field. ``cites`` is always available (citation importers write it), even when a taxonomy
# declares its own list without it.
DEFAULT_RELATIONS = (
    RelationType("builds-on", "builds on", "built on by"),
    RelationType("extends", "extends", "extended by"),
    RelationType("compares-with", "compares with", "compared with by"),
    RelationType("contradicts", "contradicts", "contradicted by"),
    RelationType("same-method", "uses the same method as", "uses the same method as", symmetric=True),
    RelationType("cites", "cites", "cited by"),
)
CITES = DEFAULT_RELATIONS[-1]
# Relations the site derives from the data, never written in paper files.
DERIVED_RELATIONS = (
    RelationType(
        "shares-authors",
        "shares authors with",
        "shares authors with",
        symmetric=True,
        description="two or more authors in common",
    ),
    RelationType(
        "shares-code",
        "shares a code repository with",
        "shares a code repository with",
        symmetric=True,
        description="the same code repository",
    ),
)


@dataclass(frozen=True)
class ScoutQuery:
    """An arXiv search 'opdhub scout' runs: ``query`` in arXiv's syntax, within ``categories``."""

    id: str
    query: str | None
    categories: tuple[str, ...] = ()


@dataclass
class Scout:
    queries: list[ScoutQuery]
    first_run_days: int = 30


@dataclass
class Taxonomy:
    survey: Survey
    chapters: list[Chapter]
    facets: list[Facet]
    group_by: str | None
    source: str = "taxonomy"
    optional_fields: tuple[str, ...] = ()  # required paper fields a list may leave out
    scout: Scout | None = None
    relations: tuple[RelationType, ...] = DEFAULT_RELATIONS  # what a paper's ``related:`` may say
    trends: dict[str, Any] = field(default_factory=dict)  # which facets the Trends charts use
    kinds: tuple[Kind, ...] = BUILTIN_KINDS

    def relation(self, relation_id: str) -> RelationType | None:
        return next((r for r in (*self.relations, *DERIVED_RELATIONS) if r.id == relation_id), None)

    def kind(self, kind_id: str) -> Kind | None:
        return next((k for k in self.kinds if k.id == kind_id), None)

    def requirements(self, kind: Kind) -> tuple[str, ...]:
        """What an entry of ``kind`` must have, less the fields the list made optional."""
        # an optional field is not needed by itself, but still counts as one of several
        # alternatives ("url|venue|authors": a link, or enough to find the paper without one)
        return tuple(need for need in kind.requires if "|" in need or need not in self.optional_fields)

    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)

    def facet(self, field_name: str) -> Facet | None:
        return next((f for f in self.facets if f.field == field_name), None)

    def sections(self) -> dict[str, Section]:
        return {s.id: s for c in self.chapters for _, s in c.walk_sections()}

    @property
    def has_sections(self) -> bool:
        return any(c.sections for c in self.chapters)

    @property
    def chapter_facet(self) -> Facet:
        """The chapters' facet, which every taxonomy has (a taxonomy without one is refused)."""
        return next(f for f in self.facets if f.type is CHAPTER)


class TaxonomyError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


def _schema() -> dict:
    schema = json.loads(resources.files(__package__).joinpath("taxonomy.schema.json").read_text("utf-8"))
    # the kinds there are: the classes of facetkinds.py (the file lists them too, for editors)
    schema["properties"]["facets"]["items"]["properties"]["type"]["enum"] = list(FACET_KINDS)
    return schema


def load_taxonomy(path: Path, display: str) -> Taxonomy:
    """Read and check a taxonomy file (YAML or JSON)."""
    try:
        located = yamlsource.load(path, display, max_bytes=4 * 1024 * 1024)
    except yamlsource.YamlProblem as exc:
        raise TaxonomyError([exc.problem]) from None
    return build_taxonomy(located, display)


def build_taxonomy(located: yamlsource.Located | dict, display: str) -> Taxonomy:
    """Check taxonomy data against its schema and its own rules, then build it."""
    if not isinstance(located, yamlsource.Located):
        located = yamlsource.Located(located)
    data = located.data
    problems = []
    if not isinstance(data, dict):
        raise TaxonomyError(
            [Problem(display, 1, 1, None, "the taxonomy must be a mapping with 'chapters' and 'facets'")]
        )
    problems = _text_problems(located, display)
    if problems:
        raise TaxonomyError(problems)
    validator = jsonschema.Draft7Validator(_schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        line, col = _where(located, path)
        hint = None
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for extra in sorted(set(error.instance) - set(allowed)):
                kline, kcol = _where(located, path + (extra,), key=True)
                problems.append(
                    Problem(
                        display,
                        kline,
                        kcol,
                        yamlsource.dotted(path + (extra,)),
                        "unknown option",
                        did_you_mean(extra, allowed),
                    )
                )
            continue
        if error.validator == "enum":
            hint = did_you_mean(error.instance, error.validator_value)
        problems.append(Problem(display, line, col, yamlsource.dotted(path), error.message, hint))
    if problems:
        raise TaxonomyError(problems)
    taxonomy = _build(data)
    problems = _check(taxonomy, located, display)
    if problems:
        raise TaxonomyError(problems)
    taxonomy.source = display
    return taxonomy


# Texts that may span lines (folded or literal YAML blocks); every other text is a title, label,
# id or URL printed on one line (nav, headings, chips, data attributes).
MULTILINE_TEXTS = frozenset({"intro", "description", "citation"})


def _text_problems(located: yamlsource.Located, display: str) -> list[Problem]:
    """Refused characters in any text, line breaks in one-line texts. A taxonomy file got these
    from yamlsource already; inline taxonomies in mkdocs.yml come through here only."""
    out: list[Problem] = []

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():  # keys are checked against the schema's names
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))
        elif isinstance(value, str):
            bad = chars.find(value)
            name = next((p for p in reversed(path) if isinstance(p, str)), "")
            if bad:
                message = f"contains {chars.describe(bad.group())}"
            elif name not in MULTILINE_TEXTS and chars.LINE_BREAKS.search(value):
                message = "must be on one line (it contains a line break or another control character)"
            else:
                return
            line, col = _where(located, path)
            out.append(Problem(display, line, col, yamlsource.dotted(path), message, "remove it"))

    walk(located.data, ())
    return out


def _where(located: yamlsource.Located, path: tuple, key: bool = False) -> tuple[int | None, int | None]:
    """Location of ``path``; none at all for inline config, which has no line numbers."""
    return located.where(path, key=key) if located.values else (None, None)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _section(data: dict, chapter: str) -> Section:
    return Section(
        id=str(data["id"]),
        number=_text(data.get("number")),
        title=data["title"],
        intro=data.get("intro"),
        chapter=chapter,
        sections=[_section(s, chapter) for s in data.get("sections", [])],
    )


def _build(data: dict) -> Taxonomy:
    survey = Survey(**data.get("survey", {"title": "Papers"}))
    chapters = []
    for item in data["chapters"]:
        cid = str(item["id"])
        chapters.append(
            Chapter(
                id=cid,
                number=_text(item.get("number")),
                title=item["title"],
                short=item.get("short", item["title"]),
                intro=item.get("intro"),
                sections=[_section(s, cid) for s in item.get("sections", [])],
                slug=slugify(cid),
            )
        )
    facets_data = data.get("facets")
    if facets_data is None:
        facets_data = [{"field": "chapter", "type": "chapter"}, {"field": "year", "type": "year"}]
    kind_item = next((f for f in facets_data if kind_of(f) is ENTRY_KIND), None)
    kinds = _kinds(kind_item.get("values") if kind_item else None)
    facets = [_facet(item, chapters, kinds) for item in facets_data]
    scout = None
    if data.get("scout"):
        scout = Scout(
            [
                ScoutQuery(str(q["id"]), q.get("query"), tuple(q.get("categories", ())))
                for q in data["scout"]["queries"]
            ],
            data["scout"].get("first_run_days", 30),
        )
    return Taxonomy(
        survey=survey,
        chapters=chapters,
        facets=facets,
        group_by=data.get("group_by"),
        optional_fields=tuple(data.get("optional_fields", ())),
        relations=_relations(data.get("relations")),
        trends=dict(data.get("trends", {})),
        scout=scout,
        kinds=kinds,
    )


def _relations(items: list | None) -> tuple[RelationType, ...]:
    if items is None:
        return DEFAULT_RELATIONS
    out = []
    for item in items:
        label = item.get("label", str(item["id"]).replace("-", " "))
        symmetric = bool(item.get("symmetric", False))
        inverse = item.get("inverse", label if symmetric else f"{label} (inverse)")
        out.append(RelationType(str(item["id"]), label, inverse, symmetric, item.get("description")))
    if not any(r.id == CITES.id for r in out):
        out.append(CITES)
    return tuple(out)


def _kinds(values: list | None) -> tuple[Kind, ...]:
    """The kind facet's values as kinds; a built-in id keeps its requirements unless the value
    gives its own, any other id needs a link."""
    if not values:
        return BUILTIN_KINDS
    out = []
    for value in values:
        kind_id = str(value["id"])
        builtin = _BUILTIN.get(kind_id)
        requires = value.get("requires", builtin.requires if builtin else ("url",))
        out.append(
            Kind(
                kind_id,
                value.get("label", builtin.label if builtin else kind_id),
                tuple(requires),
                value.get("description", builtin.description if builtin else None),
            )
        )
    return tuple(out)


def _facet(item: dict, chapters: list[Chapter], kinds: tuple[Kind, ...] = BUILTIN_KINDS) -> Facet:
    kind = kind_of(item)
    name = item["field"]
    listed = [Value(str(v["id"]), v.get("label", str(v["id"])), v.get("description")) for v in item.get("values", [])]
    return Facet(
        field=name,
        label=item.get("label", kind.label(name)),
        type=kind,
        multi=bool(item.get("multi", kind.multi(name))),
        values=kind.values(listed, chapters, kinds),
        unclassified=item.get("unclassified", kind.default_unclassified),
        of=item.get("of"),
        path=item.get("path", kind.path(name)),
        pages=item.get("pages", True),
        chips=item.get("chips", kind.chips()),
        filter=item.get("filter", True),
    )


def _check(taxonomy: Taxonomy, located: yamlsource.Located, display: str) -> list[Problem]:
    """Rules a JSON Schema cannot express: uniqueness, references, reserved names."""
    problems: list[Problem] = []

    def add(path, message, hint=None):
        line, col = _where(located, path)
        problems.append(Problem(display, line, col, yamlsource.dotted(path), message, hint))

    seen: dict[str, tuple] = {}
    for ci, chapter in enumerate(taxonomy.chapters):
        if chapter.id in seen:
            add(("chapters", ci, "id"), f"chapter id '{chapter.id}' is used twice", "ids must be unique")
        seen[chapter.id] = ("chapters", ci)
        if chapter.slug == "index":
            add(
                ("chapters", ci, "id"),
                f"chapter id '{chapter.id}' would replace the chapters' index page",
                "rename the chapter id",
            )
    section_ids: set[str] = set()

    def walk(items, path):
        for si, section in enumerate(items):
            here = path + ("sections", si)
            if section.id in section_ids or section.id in seen:
                add(
                    here + ("id",),
                    f"section id '{section.id}' is used twice",
                    "section ids must be unique across all chapters",
                )
            section_ids.add(section.id)
            walk(section.sections, here)

    for ci, chapter in enumerate(taxonomy.chapters):
        walk(chapter.sections, ("chapters", ci))

    fields: set[str] = set()
    for fi, facet in enumerate(taxonomy.facets):
        here = ("facets", fi)
        if facet.field in fields:
            add(here + ("field",), f"facet '{facet.field}' is declared twice")
        fields.add(facet.field)
        facet.type.check(facet, taxonomy, add, here)
    paths = [f.path for f in taxonomy.facets]
    for fi, facet in enumerate(taxonomy.facets):
        if paths.count(facet.path) > 1 and paths.index(facet.path) != fi:
            add(
                ("facets", fi, "path"),
                f"two facets would share the pages under '{facet.path}/'",
                "set 'path' on one of them",
            )
    if not any(f.type is CHAPTER for f in taxonomy.facets):
        add(("facets",), "the facets must include the chapters", "add {field: chapter, type: chapter}")
    if taxonomy.scout is not None:
        ids = [q.id for q in taxonomy.scout.queries]
        for qi, query in enumerate(taxonomy.scout.queries):
            if ids.index(query.id) != qi:
                add(
                    ("scout", "queries", qi, "id"),
                    f"scout query '{query.id}' is declared twice",
                    "query ids must be unique",
                )
    relation_ids: list[str] = []
    derived = {r.id for r in DERIVED_RELATIONS}
    for ri, relation in enumerate(taxonomy.relations):
        if relation.id in relation_ids:
            add(("relations", ri, "id"), f"relation type '{relation.id}' is declared twice")
        elif relation.id in derived:
            add(
                ("relations", ri, "id"),
                f"'{relation.id}' is derived from the data and cannot be declared",
                "pick another id",
            )
        relation_ids.append(relation.id)
    trends = taxonomy.trends
    for key in ("stack", "matrix", "over_time"):
        for ti, name in enumerate(trends.get(key, [])):
            charted = taxonomy.facet(name)
            if charted is None:
                add(
                    ("trends", key, ti),
                    f"'{name}' is not a facet",
                    did_you_mean(name, [f.field for f in taxonomy.facets]),
                )
            elif charted.type.from_data and key != "stack":
                add(
                    ("trends", key, ti),
                    f"'{name}' has a value per paper from the data; pick a facet with declared values",
                )
    if taxonomy.group_by is not None:
        if taxonomy.facet(taxonomy.group_by) is None:
            add(
                ("group_by",),
                f"'{taxonomy.group_by}' is not a facet",
                did_you_mean(taxonomy.group_by, [f.field for f in taxonomy.facets]),
            )
    return problems
