"""The JSON Schema (draft-07) of one paper file, determined by the taxonomy.

One schema serves three readers: the loader (via ``jsonschema``), contributors' editors (via the
``yaml-language-server`` modeline at the top of every paper file) and the generated docs
("Add a paper" field table, the issue form).
"""

from __future__ import annotations

import json

from . import arxiv, urlcheck
from .facetkinds import ENTRY_KIND, describe_value, id_enum  # noqa: F401 (describe_value: imported from here)
from .taxonomy import DEFAULT_KIND, Kind, Taxonomy

DRAFT = "http://json-schema.org/draft-07/schema#"

HTTP_URL = urlcheck.HTTP_PATTERN  # http(s), and read the same by every Markdown renderer
ARXIV_ID = arxiv.PATTERN
ISO_DATE = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
PAPER_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
# The DOI syntax Crossref recommends for matching (it covers the DOIs registered since the 2000s):
# "10.", a registrant code of digits (dots for sub-registrants), "/", then letters, digits and
# - . _ ; ( ) / :  Brackets, quotes, spaces and the like are no part of a DOI that reaches a link.
DOI = r"^10\.\d{4,9}(?:\.\d+)*/[-._;()/:A-Za-z0-9]+$"
ARXIV_CATEGORY = r"^[a-z-]+(\.[A-Za-z-]+)?$"  # cs.CL, hep-th, math.DG

# Messages for pattern failures, keyed by field: a regex is no explanation.
PATTERN_MESSAGES = {
    "id": ("is not a valid id", "use letters, digits, '.', '_' or '-', e.g. the arXiv id 1706.03762"),
    "url": ("is not an http(s) URL", "only http:// and https:// links are allowed"),
    "code": ("is not an http(s) URL", "only http:// and https:// links are allowed"),
    "arxiv": ("is not an arXiv id", "write the bare id, e.g. 1706.03762, not the URL"),
    "date": ("is not a date", "write YYYY-MM-DD, e.g. 2026-04-01"),
    "added": ("is not a date", "write YYYY-MM-DD, e.g. 2026-10-06"),
    "doi": (
        "is not a DOI",
        "write the bare DOI, 10.<digits>/<letters, digits, - . _ ; ( ) / :>, e.g. 10.18653/v1/2024.acl-long.1",
    ),
    "arxiv_category": ("is not an arXiv category", "write it as arXiv does, e.g. cs.CL"),
    "arxiv_updated": ("is not a date", "write YYYY-MM-DD, e.g. 2026-04-01"),
}


def _url(description: str) -> dict:
    return {"type": "string", "pattern": HTTP_URL, "format": "uri", "description": description}


def paper_schema(taxonomy: Taxonomy) -> dict:
    sections = [s for s in taxonomy.sections()]
    props: dict[str, dict] = {
        "id": {
            "type": "string",
            "pattern": PAPER_ID,
            "maxLength": 120,
            "description": "Unique id; the file is named <id>.yaml. Usually the arXiv id.",
            "examples": ["1706.03762"],
        },
        "title": {"type": "string", "minLength": 1, "maxLength": 500, "description": "The paper's title."},
        "authors": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 1},
            "description": "Authors in order, each as 'Last, First' (or a team name).",
        },
        "year": {
            "type": "integer",
            "minimum": 1900,
            "maximum": 2100,
            "description": "Year of first public release; must agree with date.",
        },
        "date": {
            "type": "string",
            "pattern": ISO_DATE,
            "description": "Date of first public release, YYYY-MM-DD (or YYYY-MM).",
        },
        "added": {"type": "string", "pattern": ISO_DATE, "description": "Date the paper entered the list, YYYY-MM-DD."},
        "url": _url("Link to the entry (http or https): the paper, the repository, the video…"),
        "arxiv": {
            "type": "string",
            "pattern": ARXIV_ID,
            "description": "arXiv id without version or URL, e.g. 1706.03762.",
        },
        "code": {
            "type": "array",
            "items": _url("Link to a code repository."),
            "uniqueItems": True,
            "description": "Links to code repositories (a list; may be empty).",
        },
        "venue": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "description": "Where the paper was published, e.g. 'ICLR 2026' (leave out for preprints).",
        },
        "doi": {"type": "string", "pattern": DOI, "description": "DOI without the https://doi.org/ prefix."},
        "tags": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 60},
            "uniqueItems": True,
            "description": "Free keywords.",
        },
        "summary": {
            "type": "string",
            "maxLength": 2000,
            "description": "A one- or two-sentence summary in your own words (plain text).",
        },
        "abstract": {
            "type": "string",
            "maxLength": 6000,
            "description": "The paper's own abstract (plain text), as its authors published it; "
            "'opdhub enrich' fills it from arXiv.",
        },
        "arxiv_category": {
            "type": "string",
            "pattern": ARXIV_CATEGORY,
            "maxLength": 40,
            "description": "arXiv primary category, e.g. cs.CL ('opdhub enrich' fills it).",
        },
        "arxiv_updated": {
            "type": "string",
            "pattern": ISO_DATE,
            "description": "Date of the latest arXiv version, YYYY-MM-DD ('opdhub enrich' fills it).",
        },
    }
    kinds = "; ".join(f"{r.id} = {r.label}" for r in taxonomy.relations)
    props["related"] = {
        "type": "array",
        "uniqueItems": True,
        "description": f"Papers of the list this one relates to, each as 'id' and 'type' ({kinds}).",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "type"],
            "properties": {
                "id": {"type": "string", "pattern": PAPER_ID, "maxLength": 120, "description": "The other paper's id."},
                "type": {"enum": [r.id for r in taxonomy.relations], "description": "How this paper relates to it."},
                "note": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 300,
                    "description": "Optional: one line on how.",
                },
            },
        },
    }
    chapter_facet = taxonomy.chapter_facet
    props["chapter"] = _one_or_more(
        id_enum([c.id for c in taxonomy.chapters]),
        (
            (chapter_facet.label if chapter_facet else "Chapter")
            + ". One of: "
            + "; ".join(f"{c.id} = {c.title}" for c in taxonomy.chapters)
            + ". A list when the entry belongs to several chapters."
        ),
    )
    if sections:
        props["section"] = _one_or_more(
            id_enum(sections),
            (
                "Section of the chapter, for chapters that have sections. One of: "
                + ", ".join(sections)
                + ". A list when the entry sits in several sections (each in one of its chapters)."
            ),
        )
    kind_facet = taxonomy.facet(ENTRY_KIND.name)
    props["kind"] = {
        "enum": [k.id for k in taxonomy.kinds],
        "description": (kind_facet.label if kind_facet else "Kind")
        + f" of entry (default: {DEFAULT_KIND}). One of: "
        + "; ".join(f"{k.id} = {k.label}" for k in taxonomy.kinds)
        + ".",
    }
    for facet in taxonomy.facets:  # the facets' own fields (built-in fields have theirs above)
        own = facet.type.schema(facet, taxonomy) if facet.type.adds_field(facet) else None
        if own is not None:
            props[facet.field] = own
    return {
        "$schema": DRAFT,
        "$id": "paper.schema.json",
        "title": f"An entry of {taxonomy.survey.title}",
        "description": "One entry of the list (a paper, a repository, a video…). Generated by 'opdhub schema' from the "
        "taxonomy: do not edit by hand.",
        "type": "object",
        "additionalProperties": False,
        "required": list(ALWAYS_REQUIRED),
        "properties": props,
        # what else an entry needs depends on its kind (no 'kind' means a paper)
        "allOf": [_kind_rule(taxonomy, kind) for kind in taxonomy.kinds],
    }


ALWAYS_REQUIRED = ("id", "title", "chapter", "added")


def _one_or_more(enum: list, description: str) -> dict:
    """One id, or a list of ids (an entry listed under several headings)."""
    return {
        "anyOf": [{"enum": enum}, {"type": "array", "items": {"enum": enum}, "minItems": 1, "uniqueItems": True}],
        "description": description,
    }


def _kind_rule(taxonomy: Taxonomy, kind: Kind) -> dict:
    """``if kind is this one then these fields``; the default kind also applies without ``kind``."""
    condition: dict = {"properties": {"kind": {"const": kind.id}}}
    if kind.id != DEFAULT_KIND:
        condition["required"] = ["kind"]
    then: dict = {}
    needs = taxonomy.requirements(kind)
    single = [n for n in needs if "|" not in n]
    if single:
        then["required"] = single
    either = [n.split("|") for n in needs if "|" in n]
    if either:
        then["allOf"] = [{"anyOf": [{"required": [name]} for name in names]} for names in either]
    return {"if": condition, "then": then}


def requirements(taxonomy: Taxonomy, kind_id: str | None) -> tuple[str, ...]:
    """Every field an entry of this kind must have (``a|b``: one of them)."""
    kind = taxonomy.kind(kind_id or DEFAULT_KIND)
    return ALWAYS_REQUIRED + (taxonomy.requirements(kind) if kind else ())


def schema_json(taxonomy: Taxonomy) -> str:
    return json.dumps(paper_schema(taxonomy), indent=2, ensure_ascii=False) + "\n"
