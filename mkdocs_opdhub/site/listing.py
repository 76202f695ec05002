"""Paper listings: the ``<!-- opdhub papers … -->`` directive and the cards it expands to.

Generated pages and hand-written pages share this one path: a generated chapter page is just
Markdown containing a directive, so a real ``docs/`` file replacing it can use the same directive.

    <!-- opdhub papers chapter=5 mechanism=hybrid_opd,direct_opd group=mechanism sort=newest limit=20 -->

Facet filters are ``field=id[,id…]`` (OR within a field, AND across fields; ``section=`` too);
options: ``group`` (``none``, ``section`` or a facet field), ``sort`` (newest, oldest, title,
added), ``limit``, ``level`` (heading level of group titles) and ``filter`` (yes/no: show the
interactive filter above the listing).
"""

from __future__ import annotations

import functools
import itertools
import json
import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup

from ..formats import fieldtable
from ..formats.escape import json_text, md_text, safe_url
from ..formats.templates import collapse
from ..model.catalog import SORTS, Catalog, FacetValue
from ..model.papers import Paper
from ..model.problems import Problem, did_you_mean, one_of
from ..model.taxonomy import CHAPTER, UNCLASSIFIED
from .charts import ChartError, Charts
from .codeshown import fenced_lines
from .layout import Layout, root_prefix

BLOCK = re.compile(r"<!-- opdhub:block:\d+ -->")
BLANK_LINES = re.compile(r"\n[ \t]*(?=\n)")
DIRECTIVE = re.compile(r"^[ \t]*<!--[ \t]*opdhub[ \t]+(?P<kind>\S+)(?P<args>[^\n]*?)-->[ \t]*$", re.M)
OPTIONS = ("group", "sort", "limit", "level", "filter")
YES = ("yes", "true", "on", "1")
NO = ("no", "false", "off", "0")
CARD_RUN = 50  # cards per run wrapper in a group (see opdhub/cards.html)
CARD_ANCHOR = "paper:"  # card ids: a colon is in no paper id and no heading slug, so they cannot clash
ROOT_SLOT = "opdhub-root-slot/"  # in a card's links: the way up to the site root, filled in per page
FILTER_VALUES_SHOWN = 4  # a facet row shows its most frequent values, the rest behind "more" (results first)


class DirectiveError(Exception):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class ListingSpec:
    filters: dict[str, list[str]] = field(default_factory=dict)
    group: str = "none"
    sort: str = "newest"
    limit: int | None = None
    level: int = 2
    filter: bool = False

    def directive(self) -> str:
        """The directive text that produces this listing (used by generated pages)."""
        parts = [f"{k}={','.join(v)}" for k, v in self.filters.items()]
        parts += [f"group={self.group}", f"sort={self.sort}"]
        if self.limit is not None:
            parts.append(f"limit={self.limit}")
        if self.level != 2:
            parts.append(f"level={self.level}")
        parts.append(f"filter={'yes' if self.filter else 'no'}")
        return f"<!-- opdhub papers {' '.join(parts)} -->"


@dataclass
class Group:
    title: str | None
    level: int
    papers: list[Paper]
    key: str = ""


class Renderer:
    """Renders cards and listings for one catalog into page Markdown."""

    def __init__(
        self,
        catalog: Catalog,
        layout: Layout,
        env: jinja2.Environment,
        *,
        authors_shown: int = 5,
        is_new: Callable[[Paper], bool] | None = None,
        card_cache: dict | None = None,
    ):
        self.catalog = catalog
        self.taxonomy = catalog.taxonomy
        self.layout = layout
        self.env = env
        self.authors_shown = authors_shown
        self._card = env.get_template("opdhub/card.html")
        self._filter = env.get_template("opdhub/filter.html")
        self._cards_template = env.get_template("opdhub/cards.html")
        self._sections = self.taxonomy.sections()
        self._blocks: dict[str, str | Callable[[], str]] = {}
        self._serial = 0
        # (paper id, anchor) -> (paper, New badge, template, layout, HTML): kept across `mkdocs serve`
        # rebuilds when given, so an unchanged paper's card is not rendered again
        self._cards: dict[tuple[str, bool], tuple] = {} if card_cache is None else card_cache
        self.store_pages: set[str] = set()  # URLs of the pages whose listings load the listing store
        self.is_new = is_new or (lambda paper: False)  # the "New" badge (see whatsnew.py)

    @functools.cached_property
    def charts(self) -> Charts:
        return Charts(self.catalog, self.env)

    # -- URLs -------------------------------------------------------------------------------
    def value_url(self, field_name: str, value_id: str) -> str | None:
        """Site URL of the page listing one facet value (the chapter page for chapters)."""
        facet = self.taxonomy.facet(field_name)
        if facet is None or not facet.pages:
            return None
        if not facet.type.value_pages:  # the chapters: each has its chapter page
            chapter = self.taxonomy.chapter(value_id)
            return self.layout.url(self.layout.chapter_page(facet.path, chapter)) if chapter else None
        value = self.catalog.value(field_name, value_id)
        return self.layout.url(self.layout.value_page(facet, value)) if value else None

    def card_url(self, paper: Paper) -> str:
        """Site URL of a paper's home: its own page, or its card on All papers without paper pages."""
        if self.layout.paper_pages:
            return self.layout.url(self.layout.paper_page(paper.id))
        return f"{self.layout.url(self.layout.all_papers)}#{card_anchor(paper)}"

    @property
    def uses_store(self) -> bool:
        """Whether a listing loads the listing store (written after the build)."""
        return bool(self.store_pages)

    def store_preload(self, page_url: str) -> str:
        """A ``<link rel=preload>`` for the listing store, for the head of a page with a listing
        (see :attr:`store_pages`): the download overlaps the page's parsing. ``crossorigin``
        makes it a same-origin fetch without cookies, as cards.js's fetch() is, so the browser
        reuses it."""
        if page_url not in self.store_pages:
            return ""
        return f'<link rel="preload" href="{root_prefix(page_url)}{self.layout.url(self.layout.listing_store)}" as="fetch" crossorigin>'

    # -- directive --------------------------------------------------------------------------
    def parse(self, args: str) -> ListingSpec:
        spec = ListingSpec()
        fields = [f.field for f in self.taxonomy.facets] + (["section"] if self.taxonomy.has_sections else [])
        for token in args.split():
            key, eq, value = token.partition("=")
            if not eq or not value:
                raise DirectiveError(f"'{token}' is not key=value", "e.g. chapter=5 or group=mechanism")
            if key == "group":
                if value not in ("none", "section", *fields):
                    raise DirectiveError(
                        f"cannot group by '{value}'",
                        did_you_mean(value, ["none", "section", *fields])
                        or f"use none, section or one of {one_of(fields)}",
                    )
                spec.group = value
            elif key == "sort":
                if value not in SORTS:
                    raise DirectiveError(
                        f"unknown sort '{value}'", did_you_mean(value, SORTS) or f"use one of {one_of(SORTS)}"
                    )
                spec.sort = value
            elif key in ("limit", "level"):
                if not value.isdigit() or int(value) < 1 or (key == "level" and int(value) > 6):
                    raise DirectiveError(
                        f"{key} must be a positive whole number" + (" up to 6" if key == "level" else "")
                    )
                setattr(spec, key, int(value))
            elif key == "filter":
                if value.lower() not in YES + NO:
                    raise DirectiveError("filter must be yes or no")
                spec.filter = value.lower() in YES
            elif key in fields:
                spec.filters[key] = self._values(key, value.split(","))
            else:
                raise DirectiveError(
                    f"unknown option '{key}'",
                    did_you_mean(key, [*fields, *OPTIONS])
                    or f"use a facet ({one_of(fields)}) or one of {', '.join(OPTIONS)}",
                )
        return spec

    def _values(self, key: str, ids: list[str]) -> list[str]:
        if key == "section":
            known = list(self.taxonomy.sections())
        else:
            known = [v.id for v in self.catalog.facet_values[key]]
            facet = self.taxonomy.facet(key)
            if not facet.type.from_data:  # a declared value no paper has yet is still a value
                known = list(dict.fromkeys([v.id for v in facet.values] + known))
            known.append(UNCLASSIFIED)
        for value in ids:
            if value not in known:
                raise DirectiveError(
                    f"'{value}' is not a value of {key}", did_you_mean(value, known) or f"use one of {one_of(known)}"
                )
        return ids

    def expand(
        self, markdown: str, page_url: str, display: str, *, stash: bool = True, links_from: str | None = None
    ) -> tuple[str, list[Problem]]:
        """Replace every directive in ``markdown``; problems name the page and line.

        Group headings stay Markdown (so they reach the table of contents); the cards become
        placeholders that :meth:`fill` swaps for their HTML after Markdown has run, so that
        thousands of cards are not parsed again by Python-Markdown's raw-HTML handling. Without
        ``stash`` the HTML is written into the Markdown itself, for engines we cannot hook into;
        ``links_from`` is the URL card links are relative to, when the engine rewrites links in
        HTML as relative to the page's source file (Zensical does) rather than to ``page_url``.
        """
        problems: list[Problem] = []
        anchors: set[str] = set()
        listings = itertools.count(1)  # a page may hold several listings: each filter finds its own cards

        fenced = fenced_lines(markdown)

        def replace(match: re.Match) -> str:
            if markdown.count("\n", 0, match.start()) in fenced:  # shown in a code block, not run
                return match.group(0)
            kind = match.group("kind")
            try:
                if kind == "fields":  # the paper fields table, generated from the schema
                    if match.group("args").strip():
                        raise DirectiveError("'opdhub fields' takes no options")
                    return "\n" + fieldtable.markdown(self.taxonomy, self.env) + "\n"
                if kind == "chart":  # a build-time SVG chart (see charts.py)
                    try:
                        return "\n\n" + self.stash(self.charts.render(match.group("args"))) + "\n\n"
                    except ChartError as exc:
                        raise DirectiveError(exc.message, exc.hint) from None
                if kind != "papers":
                    raise DirectiveError(
                        f"unknown directive 'opdhub {kind}'",
                        did_you_mean(kind, ["papers", "fields", "chart"])
                        or "use 'opdhub papers', 'opdhub fields' or 'opdhub chart'",
                    )
                spec = self.parse(match.group("args"))
            except DirectiveError as exc:
                line = markdown.count("\n", 0, match.start()) + 1
                problems.append(Problem(display, line, 1, "opdhub", exc.message, exc.hint))
                return match.group(0)
            return self.listing(spec, page_url, anchors, stash=stash, key=str(next(listings)), links_from=links_from)

        return DIRECTIVE.sub(replace, markdown), problems

    def stash(self, html: str | Callable[[], str]) -> str:
        """A placeholder for ``html`` (or for what ``html()`` makes, when the page is filled),
        replaced by :meth:`fill` after the page's Markdown has run."""
        self._serial += 1
        key = f"<!-- opdhub:block:{self._serial} -->"
        self._blocks[key] = html
        return key

    def fill(self, html: str, *, inline: bool = False) -> str:
        """Put the stashed HTML in place of its placeholders in a rendered page; with ``inline``,
        in a page's Markdown instead (for engines we cannot hook into), without the blank lines
        that would end a raw HTML block there."""
        if inline:
            return BLOCK.sub(lambda match: BLANK_LINES.sub("", self._take(match)), html)
        return BLOCK.sub(self._take, html)

    def _take(self, match: re.Match) -> str:
        block = self._blocks.pop(match.group(0), None)
        if block is None:
            return match.group(0)
        return block() if callable(block) else block

    # -- listing ----------------------------------------------------------------------------
    def groups(self, spec: ListingSpec, papers: list[Paper]) -> list[Group]:
        if spec.group == "none":
            return [Group(None, spec.level, papers)]
        if spec.group == "section":
            return self._section_groups(spec, papers)
        facet_values: list[FacetValue] = self.catalog.facet_values[spec.group]
        groups = []
        for value in facet_values:
            members = [p for p in papers if value.id in self.catalog.values_of(p, spec.group)]
            if members:
                groups.append(Group(value.label, spec.level, members, f"{spec.group}:{value.id}"))
        return groups

    def _section_groups(self, spec: ListingSpec, papers: list[Paper]) -> list[Group]:
        groups: list[Group] = []
        wanted = set(spec.filters.get("chapter", ()))  # a chapter page: only its own sections, even for
        chapters = [
            c
            for c in self.taxonomy.chapters  # papers that are in other chapters too
            if (not wanted or c.id in wanted) and any(p.in_chapter(c.id) for p in papers)
        ]
        nested = len(chapters) > 1
        for chapter in chapters:
            mine = [p for p in papers if p.in_chapter(chapter.id)]
            level = spec.level
            if nested:
                groups.append(Group(chapter.heading, level, [], f"chapter:{chapter.id}"))
                level += 1
            placed = set()
            for depth, section in chapter.walk_sections():
                members = [p for p in mine if section.id in p.sections]
                placed.update(p.id for p in members)
                inside = {s.id for _, s in section.walk()}
                has_any = members or any(inside.intersection(p.sections) for p in mine)
                if has_any:
                    groups.append(Group(section.heading, min(level + depth, 6), members, f"section:{section.id}"))
            rest = [p for p in mine if p.id not in placed]
            if rest:
                title = "Other papers" if chapter.sections else None
                groups.append(Group(title, level, rest, f"chapter:{chapter.id}:other"))
        return groups

    def listing(
        self,
        spec: ListingSpec,
        page_url: str,
        anchors: set[str] | None = None,
        *,
        stash: bool = False,
        key: str = "1",
        links_from: str | None = None,
    ) -> str:
        """Markdown for one listing; with ``stash`` the HTML blocks are placeholders for :meth:`fill`.

        ``key`` ties the filter to its card groups (``data-opdhub-listing``); both carry the
        page-relative URL of papers.json (``data-opdhub-data``), which the filter, Cite and
        Export read.
        """
        anchors = set() if anchors is None else anchors
        # Stashed blocks are made when the page is filled, not now: MkDocs reads every page
        # before it renders the first, so HTML made now would all be in memory at once.
        keep = self.stash if stash else (lambda make: make())
        papers = self.catalog.sort(self.catalog.select(spec.filters), spec.sort)
        if spec.limit is not None:
            papers = papers[: spec.limit]
        prefix = root_prefix(page_url)
        # Every listing loads the one listing store, whatever its selection: the page's cards are
        # its universe. An empty listing shows no cards and loads nothing.
        data_url = prefix + self.layout.url(self.layout.listing_store)
        full_url = prefix + self.layout.url(self.layout.data_file)  # BibTeX for Cite and Export
        if papers:
            self.store_pages.add(page_url)
        out = []
        if spec.filter and papers:  # an empty listing says so once, with no filter over nothing
            out.append(keep(lambda: self._filter_html(spec, papers, key, data_url, full_url=full_url)))
        if not papers:
            out.append('<p class="opdhub-empty">No papers yet.</p>')

        def cards_html(group: Group, first: bool) -> str:
            cards = [Markup(self._card_html(p, anchors)) for p in group.papers]
            runs = [cards[i : i + CARD_RUN] for i in range(0, len(cards), CARD_RUN)]
            html = self._cards_template.render(
                key=group.key,
                listing=key,
                data_url=data_url,
                full_url=full_url,
                runs=runs,
                root=prefix,
                level=group.level if group.title else None,
                card_template=self._blank_card() if first else None,
            )
            return self._fill_root(html, links_from or page_url)

        first = True
        for group in self.groups(spec, papers):
            if group.title:
                out.append(f"{'#' * group.level} {_heading_text(group.title)}")
            if group.papers or group.title:  # a titled group without cards heads its subsections
                out.append(keep(functools.partial(cards_html, group, first)))
                first = False
        return "\n\n" + "\n\n".join(out) + "\n\n"

    def filter_only(self, spec: ListingSpec, page_url: str, *, universe: str = "all", key: str = "graph") -> str:
        """The filter without cards, for a page that shows the papers another way (the graph):
        ``data-opdhub-universe="all"`` makes the script take every paper of papers.json (within
        the spec's filters) and announce each view in an ``opdhub:view`` event."""
        papers = self.catalog.sort(self.catalog.select(spec.filters), spec.sort)
        data_url = root_prefix(page_url) + self.layout.url(self.layout.data_file)
        return self._filter_html(spec, papers, key, data_url, universe=universe)

    def _filter_html(self, spec: ListingSpec, papers: list[Paper], key: str, data_url: str, **urls: str) -> Markup:
        """The filter over ``papers`` (template ``filter.html``); ``urls``: its optional ``full_url``
        (BibTeX for Cite and Export) or ``universe``."""
        return collapse(
            self._filter.render(
                listing=key,
                data_url=data_url,
                scope=json.dumps(spec.filters),
                total=len(papers),
                sort=spec.sort,
                sorts=SORTS,
                group=spec.group,
                facets=self.filter_facets(spec, papers),
                **urls,
            )
        )

    def filter_facets(self, spec: ListingSpec, papers: list[Paper]) -> list[dict]:
        """The facets the filter offers over ``papers``, in taxonomy order, with their counts.

        A facet the listing fixes is not offered; on a listing fixed to chapters, the chapter
        facet offers those chapters' sections instead (a chapter matches its sections).
        """
        facets = []
        for facet in self.taxonomy.facets:
            if not facet.filter:
                continue
            counts = self.catalog.counts(facet.field, papers)
            if facet.type is CHAPTER:  # chapters, with their nested sections
                values = self._chapter_values(spec, facet.field, counts, papers)
                label = facet.label if facet.field not in spec.filters else "Section"
            elif facet.field in spec.filters:
                continue
            else:
                label = facet.label
                values = [
                    {
                        "param": facet.field,
                        "id": v.id,
                        "label": v.label,
                        "count": counts.get(v.id, 0),
                        "depth": 0,
                        "title": v.description if v.description and v.description != v.label else None,
                    }
                    for v in self.catalog.facet_values[facet.field]
                ]
            values = [v for v in values if v["count"]]  # a value no paper of this listing has can never match
            if not values:
                continue
            # Compact rows: the most frequent values in the facet's own order, the rest behind "more"
            # (folding a single value would save nothing). "Not classified" is never folded: it
            # says how much of the listing a facet that only part of the list carries covers.
            ranked = [i for i, v in enumerate(values) if v["id"] != UNCLASSIFIED]
            folded = len(ranked) - FILTER_VALUES_SHOWN if len(ranked) > FILTER_VALUES_SHOWN + 1 else 0
            top = set(sorted(ranked, key=lambda i: (-values[i]["count"], i))[: len(ranked) - folded])
            for position, value in enumerate(values):
                value["extra"] = position in ranked and position not in top
                if position not in ranked and facet.type.shows_coverage:
                    classified = len(papers) - value["count"]
                    value["title"] = (
                        f"No {facet.label.lower()} yet: {classified} of the {len(papers)} papers here have one"
                    )
            facets.append(
                {**facet.type.descriptor(facet), "label": label, "kind": facet.kind, "values": values, "extra": folded}
            )
        return facets

    def _chapter_values(self, spec: ListingSpec, field_name: str, counts: Counter, papers: list[Paper]) -> list[dict]:
        if "section" in spec.filters:
            return []
        fixed = field_name in spec.filters
        values = []
        for chapter in self.taxonomy.chapters:
            if fixed and chapter.id not in spec.filters[field_name]:
                continue
            if not fixed:
                values.append(
                    {
                        "param": field_name,
                        "id": chapter.id,
                        "label": chapter.label,
                        "count": counts.get(chapter.id, 0),
                        "depth": 0,
                        "title": chapter.title,
                    }
                )
            for depth, section in chapter.walk_sections():
                inside = len(self.catalog.select({"section": [section.id]}, papers))
                values.append(
                    {
                        "param": "section",
                        "id": section.id,
                        "label": section.heading,
                        "count": inside,
                        "depth": depth + (0 if fixed else 1),
                        "title": None,
                    }
                )
        return values

    @staticmethod
    def _fill_root(html: str, page_url: str) -> str:
        """Card HTML for the page at ``page_url``: links into the page's own folder are short
        (All papers links ``x/``, not ``../papers/x/``), the others go up to the root."""
        folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
        if folder != "/":
            html = html.replace(ROOT_SLOT + folder, "")
        return html.replace(ROOT_SLOT, root_prefix(page_url))

    def _card_html(self, paper: Paper, anchors: set[str] | None) -> str:
        """The card with :data:`ROOT_SLOT` for the way up to the site root: links in a card go up
        to the root and down again, so each card is rendered once per build, not once per page."""
        anchor = anchors is None or paper.id not in anchors
        if anchors is not None:
            anchors.add(paper.id)
        key = (paper.id, anchor)
        new = self.is_new(paper)
        entry = self._cards.get(key)
        if (
            entry is None
            or entry[0] is not paper
            or entry[1] != new
            or entry[2] is not self._card
            or entry[3] != self.layout
        ):
            entry = self._cards[key] = (paper, new, self._card, self.layout, self._render_card(paper, anchor, new))
        return entry[4]

    def _blank_card(self) -> Markup:
        """The card template with no paper: the copy the browser fills from the listing's data
        (card.js), once per listing, so that a theme's card.html draws client-filled cards too.
        As a JSON string for a ``<script type="application/json">``: inert, and no HTML parser
        (a search indexer, a test's, another plugin's) takes it for a card of the page."""
        try:
            html = collapse(self._card.render(paper=None))
        except (jinja2.TemplateError, TypeError, AttributeError):  # an override that needs a paper
            return Markup("")
        # An override with no slot is a card for the build only: no template, the cards stay as built.
        return Markup(json_text(str(html))) if "data-opdhub-slot" in html else Markup("")

    def _render_card(self, paper: Paper, anchor: bool, new: bool) -> str:
        """The card as the server renders it (card.html with a paper): badge, title linking to
        its page, and year. The browser fills the rest from the listing's data (card.js)."""
        href = (
            ROOT_SLOT + self.card_url(paper) if self.layout.paper_pages else safe_url(paper.url) if paper.url else None
        )
        return collapse(self._card.render(paper=paper, anchor=anchor, anchor_id=card_anchor(paper), href=href, new=new))


def card_anchor(paper: Paper) -> str:
    """The id of a paper's card on a page (and the fragment of links to it)."""
    return CARD_ANCHOR + paper.id


def _heading_text(title: str) -> str:
    """Taxonomy text as a Markdown heading, shown literally (no emphasis, no HTML)."""
    return md_text(title)
