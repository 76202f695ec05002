"""The files a new site needs, made from what was imported: a taxonomy whose chapters and
sections are the source's headings, a minimal ``mkdocs.yml`` and a first hand-written page.

Only headings that have papers under them become chapters or sections, in source order.
Facets are the ones any list supports without hand-classification: chapter, year, kind (when
some entries are not papers), code (when some entry links code), venue and tags (when entries
give them).
"""

from __future__ import annotations

from typing import Any

import yaml

from ...model.papers import normalise_title
from ...model.taxonomy import BUILTIN_KINDS, slugify
from .entries import Entry, Heading, strip_symbols
from .kinds import RESOURCE

DEFAULT_CHAPTER = "Papers"

ABOUT_PAGE = """\
# About this list

This site is built from one YAML file per paper in the `papers/` folder of its repository, checked
against the chapters and facets in `taxonomy.yml`. To add a paper, add a file there (copy an
existing one) and open a pull request.
"""


MAX_ID = 48  # ids name files and URLs: a heading of any length gives a short one


def bounded(slug: str) -> str:
    """``slug`` cut at a word to at most :data:`MAX_ID` characters."""
    if len(slug) <= MAX_ID:
        return slug
    cut = slug[: MAX_ID + 1].rsplit("-", 1)[0]
    return (cut if len(cut) >= MAX_ID // 2 else slug[:MAX_ID]).strip("-")


class SkeletonBuilder:
    """Collects chapters and sections from entries' headings, giving each a unique id."""

    def __init__(self):
        self.chapters: list[dict[str, Any]] = []
        self._ids: set[str] = set()
        self._nodes: dict[tuple, dict[str, Any]] = {}

    def _unique(self, wanted: str, prefix: str | None = None) -> str:
        wanted = bounded(wanted)
        candidate = wanted
        if candidate in self._ids and prefix:
            candidate = bounded(f"{prefix}-{wanted}")
        base, n = candidate, 2
        while candidate in self._ids:
            candidate, n = f"{base}-{n}", n + 1
        self._ids.add(candidate)
        return candidate

    def add(self, headings: tuple[Heading, ...]) -> None:
        path: tuple = ()
        siblings, parent_id = self.chapters, None
        for heading in headings:
            path += (normalise_title(heading.title),)
            node = self._nodes.get(path)
            if node is None:
                node = {"id": self._unique(heading.number or slugify(heading.title), parent_id)}
                if heading.number:
                    node["number"] = heading.number
                node["title"] = heading.title
                if parent_id is None and strip_symbols(heading.title) != heading.title:
                    node["short"] = strip_symbols(heading.title)  # chips and filters without the emoji
                if heading.intro:
                    node["intro"] = heading.intro
                siblings.append(node)
                self._nodes[path] = node
            siblings, parent_id = node.setdefault("sections", []), node["id"]

    def result(self) -> list[dict[str, Any]]:
        def prune(nodes):
            for node in nodes:
                if not node.get("sections"):
                    node.pop("sections", None)
                else:
                    prune(node["sections"])

        prune(self.chapters)
        return self.chapters


def taxonomy_data(title: str, entries: list[Entry], fallback_chapter: str | None) -> dict[str, Any]:
    builder = SkeletonBuilder()
    for entry in entries:
        builder.add(entry.headings or (Heading(fallback_chapter or DEFAULT_CHAPTER, None, entry.line),))
    data: dict[str, Any] = {"survey": {"title": title}}
    if any(not e.authors for e in entries if e.kind in ("paper", "book")):
        data["optional_fields"] = ["authors"]
    data["chapters"] = builder.result()
    facets: list[dict[str, Any]] = [
        {"field": "chapter", "type": "chapter", "label": "Chapter"},
        {"field": "year", "type": "year", "label": "Year"},
    ]
    if any(e.kind != "paper" for e in entries):  # code, videos, datasets…: readers filter by what it is
        facets.append({"field": "kind", "type": "kind", "label": "Kind", "values": kind_values(entries)})
    if any(e.code for e in entries):
        facets.append(
            {
                "field": "has_code",
                "type": "presence",
                "of": "code",
                "label": "Code",
                "values": [{"id": "yes", "label": "With code"}, {"id": "no", "label": "Without code"}],
            }
        )
    if any(e.venue for e in entries):
        facets.append({"field": "venue", "type": "open", "label": "Venue"})
    if any(e.tags for e in entries):
        facets.append({"field": "tags", "type": "open", "label": "Tags"})
    data["facets"] = facets
    return data


def kind_values(entries: list[Entry]) -> list[dict[str, Any]]:
    """The kinds of a new site: the built-in ones (a list's books often give a link and no year,
    so a book needs either) and, when some entries are links of no known kind, ``resource``."""
    values: list[dict[str, Any]] = []
    for kind in BUILTIN_KINDS:
        value: dict[str, Any] = {"id": kind.id, "label": kind.label}
        if kind.id == "book":
            value["requires"] = ["url|year"]
        values.append(value)
    if any(e.kind == RESOURCE for e in entries):
        values.append(
            {"id": RESOURCE, "label": "Resource", "description": "A site, an article or a project", "requires": ["url"]}
        )
    return values


def taxonomy_text(data: dict[str, Any], sources: list[str]) -> str:
    header = (
        f"# The taxonomy of this list: its chapters (with sections) and the facets papers are filtered by.\n"
        f"# Made by 'opdhub import' from {', '.join(sources)}; edit it freely (ids are what paper files use).\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def mkdocs_config_text(site_name: str) -> str:
    """The smallest ``mkdocs.yml`` that builds a site with the plugin (Material theme)."""
    config = {"site_name": site_name, "theme": {"name": "material"}, "plugins": ["search", "opdhub"]}
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True, default_flow_style=False)
