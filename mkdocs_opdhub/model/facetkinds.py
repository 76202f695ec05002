"""The kinds of facet, one class each: what a taxonomy's ``type:`` names.

A kind owns everything that differs between kinds: its defaults in the taxonomy, the checks of a
facet of its kind, the paper field's JSON Schema, the values a paper has and the values the site
lists, what the record in papers.json holds, whether it has pages of its own, and the descriptor
the browser reads. Code elsewhere asks a facet's kind (``facet.type``) instead of comparing names.

Adding a kind: subclass :class:`FacetKind`, give it a ``name``, override what differs, add an
instance to :data:`KINDS` (and its name to the ``type`` enum of ``taxonomy.schema.json``, which
editors read); in the browser, one function for the kind (see CONTRIBUTING.md, "Add a facet kind").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from .problems import did_you_mean

if TYPE_CHECKING:
    from .papers import Paper
    from .taxonomy import Chapter, Facet, Kind, Taxonomy

UNCLASSIFIED = "unclassified"
RESERVED_SLUGS = (UNCLASSIFIED, "index")  # papers without a value; a facet's own index page

# Paper fields the plugin itself understands; facets add their own fields next to these.
CORE_FIELDS = (
    "id",
    "title",
    "authors",
    "year",
    "date",
    "added",
    "url",
    "arxiv",
    "code",
    "venue",
    "doi",
    "tags",
    "summary",
    "chapter",
    "section",
    "kind",
    "related",
    "abstract",
    "arxiv_category",
    "arxiv_updated",
)
# Fields an entry has whatever its kind: a kind cannot require them
KIND_REQUIRES_NOT = ("id", "title", "chapter", "added", "kind")

Add = Callable[..., None]  # add(path, message, hint=None): report a problem at a taxonomy path


def slugify(text: str) -> str:
    """URL-safe ASCII slug; text with no ASCII letters or digits (e.g. CJK) gets a stable hash."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "v-" + hashlib.sha1(str(text).encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Value:
    id: str
    label: str
    description: str | None = None


def items(raw: Any) -> list:
    """A paper field's values as a list (one value, a list, or nothing)."""
    if raw is None or raw == "":
        return []
    return raw if isinstance(raw, list) else [raw]


class FacetKind:
    """The behaviour shared by every kind; each subclass overrides what differs."""

    name: ClassVar[str]
    unique: ClassVar[bool] = False  # at most one facet of the kind, on the field named like the kind
    declared: ClassVar[bool] = False  # the taxonomy lists the values
    from_data: ClassVar[bool] = False  # the values come from the papers (a chart needs declared ones)
    descriptive: ClassVar[bool] = True  # two papers sharing a value have something in common (related, feed tags)
    colours: ClassVar[bool] = True  # the graph can colour papers by it
    value_pages: ClassVar[bool] = True  # a page per value (the chapter facet has chapter pages instead)
    answers_share: ClassVar[bool] = False  # a yes/no split, drawn by the "share" chart
    listed_on_paper: ClassVar[bool] = True  # among the facets a paper's page lists (its chapter heads the page)
    is_the_field: ClassVar[bool] = False  # the values are the paper field's own ids (papers.json keeps no raw text)
    shows_coverage: ClassVar[bool] = False  # classified by hand: say how many papers have a value yet
    default_label: ClassVar[str | None] = None
    default_unclassified: ClassVar[str] = "Unclassified"

    # -- the taxonomy -----------------------------------------------------------------------
    def label(self, field: str) -> str:
        return self.default_label or field.replace("_", " ").capitalize()

    def path(self, field: str) -> str:
        return slugify(field)

    def multi(self, field: str) -> bool:
        return False

    def chips(self) -> bool:
        return True

    def values(self, listed: list[Value], chapters: Sequence[Chapter], kinds: Sequence[Kind]) -> list[Value]:
        """The facet's declared values, from what the taxonomy lists."""
        return listed

    def check(self, facet: Facet, taxonomy: Taxonomy, add: Add, here: tuple) -> None:
        """Rules for a facet of this kind a JSON Schema cannot express (``add`` reports one)."""
        if self.unique:
            if facet.field != self.name:
                add(here + ("field",), f"a '{self.name}' facet must use the field '{self.name}'")
            if sum(f.type is self for f in taxonomy.facets) > 1:
                add(here + ("type",), f"only one facet may have type '{self.name}'")
        if self.declared:
            _check_values(facet, add, here)

    # -- paper files ------------------------------------------------------------------------
    def adds_field(self, facet: Facet) -> bool:
        """True when the facet's field is one of its own (not a built-in paper field)."""
        return False

    def schema(self, facet: Facet, taxonomy: Taxonomy) -> dict | None:
        """The JSON Schema of the facet's own paper field (None: a built-in field's schema applies)."""
        return None

    def writes_ids(self) -> bool:
        """True when a paper names the facet's values by id (``4`` means the id '4', not a number)."""
        return False

    # -- the catalog ------------------------------------------------------------------------
    def prepare(self, facet: Facet, papers: Sequence[Paper]) -> Any:
        """What the kind works out once per catalog (see :class:`OpenKind`)."""
        return None

    def paper_values(self, facet: Facet, paper: Paper, prepared: Any) -> tuple[str, ...]:
        found = items(paper.get(facet.field))
        return tuple(dict.fromkeys(str(v) for v in found)) if found else (UNCLASSIFIED,)

    def site_values(self, facet: Facet, counts: Counter, prepared: Any) -> list[Value]:
        """The values the site lists, in order (a value no paper has included, when declared)."""
        return facet.values

    def record_value(self, facet: Facet, paper: Paper, ids: tuple[str, ...]) -> Any:
        """The facet's value in a paper's papers.json record: one id, or a list for several."""
        return list(ids) if facet.multi else ids[0]

    # -- the browser ------------------------------------------------------------------------
    def descriptor(self, facet: Facet) -> dict[str, Any]:
        """What the browser's code for this kind reads about a facet (papers.json ``facets``;
        ``type`` picks the function, the rest is for it)."""
        return {
            "field": facet.field,
            "label": facet.label,
            "type": self.name,
            "multi": facet.multi,
            "filter": facet.filter,
            "chips": facet.chips,
            "range": False,
        }


class EnumKind(FacetKind):
    """Values listed in the taxonomy; a paper names one."""

    name = "enum"
    declared = True
    shows_coverage = True

    def check(self, facet: Facet, taxonomy: Taxonomy, add: Add, here: tuple) -> None:
        super().check(facet, taxonomy, add, here)
        if facet.field in CORE_FIELDS:
            add(here + ("field",), f"'{facet.field}' is a built-in paper field; an enum facet needs its own field name")
        if not facet.values:
            add(here, "an enum facet needs a list of 'values'", "or use type: open for values taken from the data")

    def adds_field(self, facet: Facet) -> bool:
        return True

    def writes_ids(self) -> bool:
        return True

    def schema(self, facet: Facet, taxonomy: Taxonomy) -> dict | None:
        return {"enum": id_enum([v.id for v in facet.values]), "description": _one_of(facet)}


class MultiEnumKind(EnumKind):
    """An enum facet with ``multi: true``: a paper names a list of its values."""

    def multi(self, field: str) -> bool:
        return True

    def schema(self, facet: Facet, taxonomy: Taxonomy) -> dict | None:
        return {
            "type": "array",
            "items": {"enum": id_enum([v.id for v in facet.values])},
            "uniqueItems": True,
            "minItems": 1,
            "description": _one_of(facet) + " A list of one or more.",
        }


class ChapterKind(FacetKind):
    """The chapters (and their nested sections) are the values; each has a chapter page."""

    name = "chapter"
    unique = True
    declared = True
    value_pages = False
    listed_on_paper = False
    is_the_field = True
    default_label = "Chapter"

    def path(self, field: str) -> str:
        return "chapters"

    def values(self, listed: list[Value], chapters: Sequence[Chapter], kinds: Sequence[Kind]) -> list[Value]:
        return [Value(c.id, c.label, c.title) for c in chapters]

    def writes_ids(self) -> bool:
        return True

    def record_value(self, facet: Facet, paper: Paper, ids: tuple[str, ...]) -> Any:
        return list(ids) if facet.multi or len(paper.chapters) > 1 else ids[0]  # listed under several headings

    def descriptor(self, facet: Facet) -> dict[str, Any]:
        # a chapter's values nest the sections of papers.json's "chapters": the chapter filter
        # matches a paper by its chapter or any section it is filed under
        return super().descriptor(facet) | {"nested": "section"}


class YearKind(FacetKind):
    """The paper's ``year``; the values come from the data, newest first, and filter as a range."""

    name = "year"
    unique = True
    from_data = True
    descriptive = False  # the same year is true of too many papers to mean relatedness
    default_label = "Year"
    default_unclassified = "No year"

    def site_values(self, facet: Facet, counts: Counter, prepared: Any) -> list[Value]:
        return [Value(y, y) for y in sorted((k for k in counts if k != UNCLASSIFIED), key=int, reverse=True)]

    def descriptor(self, facet: Facet) -> dict[str, Any]:
        return super().descriptor(facet) | {"range": True}  # the filter offers from/to and names runs of years


class PresenceKind(FacetKind):
    """``yes``/``no``: whether the paper field named by ``of`` is non-empty (e.g. code)."""

    name = "presence"
    descriptive = False  # "both have code" says little about two papers
    answers_share = True

    def chips(self) -> bool:
        return False

    def values(self, listed: list[Value], chapters: Sequence[Chapter], kinds: Sequence[Kind]) -> list[Value]:
        labels = {v.id: v for v in listed}
        return [labels.get("yes", Value("yes", "Yes")), labels.get("no", Value("no", "No"))]

    def check(self, facet: Facet, taxonomy: Taxonomy, add: Add, here: tuple) -> None:
        super().check(facet, taxonomy, add, here)
        if not facet.of:
            add(here, "a presence facet needs 'of': the paper field whose presence it shows", "e.g. of: code")
        elif facet.of not in CORE_FIELDS:
            add(here + ("of",), f"'{facet.of}' is not a paper field", did_you_mean(facet.of, CORE_FIELDS))
        if facet.field in CORE_FIELDS:
            add(
                here + ("field",),
                f"'{facet.field}' is a built-in paper field; name the presence facet differently",
                "e.g. has_code",
            )

    def paper_values(self, facet: Facet, paper: Paper, prepared: Any) -> tuple[str, ...]:
        return ("yes",) if facet.of and paper.get(facet.of) else ("no",)

    def descriptor(self, facet: Facet) -> dict[str, Any]:
        return super().descriptor(facet) | {"of": facet.of}


class OpenKind(FacetKind):
    """Free values from the data (e.g. ``tags`` or ``venue``), each with a slug of its own."""

    name = "open"
    from_data = True
    shows_coverage = True
    colours = False  # as many colours as venues or tags: no legend can hold them

    def multi(self, field: str) -> bool:
        return field == "tags"

    def adds_field(self, facet: Facet) -> bool:
        return facet.field not in CORE_FIELDS

    def schema(self, facet: Facet, taxonomy: Taxonomy) -> dict | None:
        text = {"type": "string", "minLength": 1, "maxLength": 100}
        return ({"type": "array", "items": text, "uniqueItems": True} if facet.multi else text) | {
            "description": f"{facet.label} (free text)."
        }

    def prepare(self, facet: Facet, papers: Sequence[Paper]) -> dict[str, str]:
        """Text -> value id: its slug, made unique (two texts never share a page, and none takes
        a reserved page)."""
        texts = sorted({str(v) for p in papers for v in items(p.get(facet.field))}, key=lambda t: (t.casefold(), t))
        ids: dict[str, str] = {}
        taken = set(RESERVED_SLUGS)
        for text in texts:
            base = slug = slugify(text)
            n = 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            ids[text] = slug
        return ids

    def paper_values(self, facet: Facet, paper: Paper, prepared: dict[str, str]) -> tuple[str, ...]:
        found = items(paper.get(facet.field))
        return tuple(dict.fromkeys(prepared[str(v)] for v in found)) if found else (UNCLASSIFIED,)

    def site_values(self, facet: Facet, counts: Counter, prepared: dict[str, str]) -> list[Value]:
        labels = {value_id: text for text, value_id in prepared.items()}
        return [Value(k, labels[k]) for k in sorted(labels, key=lambda k: (-counts[k], labels[k].casefold()))]


class EntryKind(FacetKind):
    """What an entry is (paper, code, dataset, video…): the values are the taxonomy's entry kinds,
    each with the fields an entry of that kind must have."""

    name = "kind"
    unique = True
    declared = True
    colours = False
    default_label = "Kind"

    def values(self, listed: list[Value], chapters: Sequence[Chapter], kinds: Sequence[Kind]) -> list[Value]:
        return [Value(k.id, k.label, k.description) for k in kinds]

    def check(self, facet: Facet, taxonomy: Taxonomy, add: Add, here: tuple) -> None:
        super().check(facet, taxonomy, add, here)
        can = [f for f in CORE_FIELDS if f not in KIND_REQUIRES_NOT]
        for ki, kind in enumerate(taxonomy.kinds):
            for need in kind.requires:
                for name in need.split("|"):
                    if name not in can:
                        add(
                            here + ("values", ki, "requires"),
                            f"'{name}' is not a paper field a kind can require",
                            did_you_mean(name, can),
                        )


def _check_values(facet: Facet, add: Add, here: tuple) -> None:
    """Declared values: listed once, none reserved, no two on one page."""
    ids = [v.id for v in facet.values]
    slugs: dict[str, str] = {}
    for vi, value in enumerate(facet.values):
        vpath = here + ("values", vi, "id")
        if ids.count(value.id) > 1 and ids.index(value.id) != vi:
            add(vpath, f"value '{value.id}' is listed twice")
        slug = slugify(value.id)
        if value.id == UNCLASSIFIED:
            add(vpath, f"'{UNCLASSIFIED}' is reserved for papers without a value")
        elif slug in RESERVED_SLUGS:
            add(vpath, f"value '{value.id}' would replace the page '{facet.path}/{slug}/'", "rename the value")
        if slug in slugs and slugs[slug] != value.id:
            add(
                vpath,
                f"value '{value.id}' and '{slugs[slug]}' would share the page '{facet.path}/{slug}/'",
                "rename one of them",
            )
        slugs[slug] = value.id


def id_enum(values: list[str]) -> list:
    """Allowed ids; numeric ids may also be written unquoted (``chapter: 4``)."""
    out: list = list(values)
    for value in values:
        if value.isdigit() and not (len(value) > 1 and value.startswith("0")):
            out.append(int(value))
    return out


def describe_value(value: Value) -> str:
    """``FKL = Forward KL``, ``direct_opd = Direct OPD``: the id people write and what it means."""
    words = value.description or value.label
    if value.label not in (value.id, words) and value.label not in words:
        words = f"{value.label} ({words})"
    return value.id if words == value.id else f"{value.id} = {words}"


def _one_of(facet: Facet) -> str:
    return f"{facet.label}. One of: " + "; ".join(describe_value(v) for v in facet.values) + "."


ENUM, MULTI_ENUM, CHAPTER, YEAR, PRESENCE, OPEN, ENTRY_KIND = (
    EnumKind(),
    MultiEnumKind(),
    ChapterKind(),
    YearKind(),
    PresenceKind(),
    OpenKind(),
    EntryKind(),
)
# The taxonomy's ``type:`` names; ``multi: true`` turns an enum into a multi-valued enum.
KINDS: dict[str, FacetKind] = {k.name: k for k in (ENUM, CHAPTER, YEAR, PRESENCE, OPEN, ENTRY_KIND)}
FACET_KINDS = tuple(KINDS)


def kind_of(item: dict) -> FacetKind:
    """The kind of a facet as the taxonomy declares it (``type``, default enum; ``multi``)."""
    kind = KINDS[item.get("type", ENUM.name)]
    return MULTI_ENUM if kind is ENUM and item.get("multi") else kind


def fields_written_as_ids(facets: Iterable[Facet]) -> list[str]:
    """The fields of facets whose values a paper names by id (for writers that order and quote them)."""
    return [f.field for f in facets if f.type.writes_ids() and f.type.adds_field(f)]
