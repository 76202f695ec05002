"""The site plan: which pages are generated, their Markdown, the nav, and where the user's own
files take a generated page's place.

Pure Python: the MkDocs plugin turns a :class:`SitePlan` into files and nav; tests and the CLI
can build it without MkDocs. Records and data files are :mod:`.datafiles`' job, relations, related
papers, the graph and the feeds :mod:`.discovery`'s; the plan holds one of each (``data_files``,
``discovery``) for the pages that show them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..formats.escape import front_matter, markdown_html, page_title
from ..formats.templates import collapse, make_env
from ..model.catalog import Catalog
from ..model.options import Options
from ..model.taxonomy import Facet
from .charts import default_trends
from .datafiles import DataFiles
from .discovery import Discovery
from .layout import Layout, root_prefix
from .listing import ListingSpec, Renderer
from .whatsnew import NewPapers

LISTING_KINDS = ("chapter", "value", "all")
NAV_PLACEHOLDER = "opdhub"  # in a user's nav: where the generated sections go


class PlanError(Exception):
    """The options and taxonomy ask for two pages at one path."""


@dataclass
class PageSpec:
    src_uri: str
    title: str
    markdown: str
    kind: str  # home | chapter | facet | value | all | graph | trends
    in_nav: bool = True
    selection: dict | None = None  # the facet filters of the page's listing; None: every paper
    digest: str = ""  # fingerprint of the papers shown (see SitePlan.digest)

    def source(self) -> str:
        """The page file: front matter MkDocs cannot refuse, with a markup-free title, then the Markdown."""
        digest = f"\n<!-- opdhub:digest {self.digest} -->\n" if self.digest else ""
        head = front_matter({"title": page_title(self.title)})
        if (
            self.kind in LISTING_KINDS
        ):  # listing pages stay out of the site search: each paper is found once, on its page
            head = head[: -len("---\n")] + "search:\n  exclude: true\n---\n"
        return f"{head}\n{self.markdown}{digest}"


def nest_paths(paths: Sequence[str]) -> list:
    """Pages as nav entries nested by folder, each folder a section titled from its name: the nav
    MkDocs builds for a site without one (``mkdocs.utils.nest_paths``), for any engine."""
    nested: list = []
    for path in paths:
        branch = nested
        for part in posixpath.dirname(path).split("/") if "/" in path else []:
            title = part.replace("-", " ").replace("_", " ")
            title = title.capitalize() if title.lower() == title else title
            node = next((item for item in branch if isinstance(item, dict) and title in item), None)
            if node is None:
                node = {title: []}
                branch.append(node)
            branch = node[title]
        branch.append(path)
    return nested


def _md_link(target_src: str, from_src: str) -> str:
    """A Markdown link between two source files, which MkDocs then checks and rewrites."""
    base = posixpath.dirname(from_src)
    return posixpath.relpath(target_src, base or ".")


class SitePlan:
    @classmethod
    def build(
        cls,
        catalog: Catalog,
        options: Options,
        *,
        use_directory_urls: bool = True,
        template_dirs: Sequence[str] = (),
        record_cache: dict | None = None,
        card_cache: dict | None = None,
    ) -> SitePlan:
        """The plan for a site with these plugin options: what the plugin publishes and the CLI exports."""
        layout = Layout(
            use_directory_urls,
            all_papers=options.all_papers_page,
            data_file=options.papers_json,
            paper_pages=options.paper_pages,
        )
        renderer = Renderer(
            catalog,
            layout,
            make_env(template_dirs),
            authors_shown=options.authors_shown,
            is_new=NewPapers(options.new_days),
            card_cache=card_cache,
        )
        return cls(
            catalog,
            layout,
            renderer,
            home=options.home,
            recent=options.recent,
            options=options,
            record_cache=record_cache,
        )

    def __init__(
        self,
        catalog: Catalog,
        layout: Layout,
        renderer: Renderer,
        *,
        home: bool = True,
        recent: int = 10,
        options: Options | None = None,
        record_cache: dict | None = None,
    ):
        self.catalog = catalog
        self.taxonomy = catalog.taxonomy
        self.layout = layout
        self.renderer = renderer
        self.env = renderer.env
        self.home = home
        self.recent = recent
        self.options = options or Options(home=home, recent=recent)
        self._moved: dict[str, str] = {}
        self._pages: list[PageSpec] | None = None
        self._graph_page: PageSpec | None = None
        # The plan's parts, used directly by the plugin, the CLI and the post-build step: the
        # records and data files, and discovery (relations, related papers, graph, feeds).
        self.data_files = DataFiles(catalog, renderer, record_cache)
        self.discovery = Discovery(catalog, layout, self.options, renderer.card_url)

    # -- pages ------------------------------------------------------------------------------
    def pages(self, moved: dict[str, str] | None = None) -> list[PageSpec]:
        """Every generated page, planned once; ``moved`` maps a generated page to the user's file
        published in its place (see :meth:`place`): the pages are planned again so that links
        between generated pages lead there."""
        if moved is not None and moved != self._moved:
            self._moved = dict(moved)
            self._pages = None
        if self._pages is None:
            self._pages = self._plan_pages()
        return self._pages

    def _plan_pages(self) -> list[PageSpec]:
        pages = []
        if self.home:
            pages.append(self._home())
        chapter_facet = self.taxonomy.chapter_facet
        for chapter in self.taxonomy.chapters:
            pages.append(self._chapter(chapter_facet, chapter))
        for facet in self.taxonomy.facets:
            if facet.pages:
                pages.append(self._facet_index(facet))
                if facet.type.value_pages:
                    pages.extend(self._value_page(facet, value) for value in self.catalog.facet_values[facet.field])
        pages.append(self._all())
        if self.options.graph:
            pages.append(self._graph())
        if self.options.trends:
            pages.append(self._trends())
        first: dict[str, PageSpec] = {}
        for spec in pages:
            if spec.src_uri in first:
                raise PlanError(
                    f"two generated pages would share '{spec.src_uri}': \"{first[spec.src_uri].title}\" and "
                    f"\"{spec.title}\"; change a facet's 'path' or the all_papers_page option"
                )
            first[spec.src_uri] = spec
            # A facet's index page shows counts only: no paper's record changes it, only the counts do.
            if spec.kind == "facet":
                shown: Sequence = ()
            else:
                shown = self.catalog.select(spec.selection) if spec.selection else self.catalog.papers
            spec.digest = self.data_files.digest(shown)
        if self.layout.paper_pages:
            for paper in self.catalog.papers:
                src = self.layout.paper_page(paper.id)
                if src in first:
                    raise PlanError(
                        f"the page of paper '{paper.id}' ({paper.source}) would replace the generated page "
                        f"\"{first[src].title}\" at '{src}'; change the paper's id or the all_papers_page option"
                    )
        return pages

    def _link(self, target_src: str, from_src: str) -> str:
        return _md_link(self._moved.get(target_src, target_src), from_src)

    def _render(self, name: str, **context: Any) -> str:
        return self.env.get_template(f"opdhub/pages/{name}.html").render(**context)

    def _html_block(self, text: str | None) -> Markup | None:
        """Taxonomy Markdown (intros, the survey description) rendered to safe HTML by our own
        Markdown renderer, put in the page as a placeholder the page's Markdown processor never sees:
        how the site's Markdown extensions treat the text cannot matter."""
        return Markup(self.renderer.stash(markdown_html(text))) if text else None

    def _home(self) -> PageSpec:
        src = self.layout.home
        # The hero and the lists are HTML blocks, which MkDocs does not rewrite: page-relative URLs.
        up = root_prefix(self.layout.url(src))
        facet = self.taxonomy.chapter_facet
        counts = {v.id: v.count for v in self.catalog.facet_values[facet.field]}
        chapters = [
            {
                "chapter": c,
                "count": counts.get(c.id, 0),
                "intro": self._html_block(_first_paragraph(c.intro)),
                "url": up + self.layout.url(self.layout.chapter_page(facet.path, c)),
            }
            for c in self.taxonomy.chapters
        ]
        facets = []
        for f in self.taxonomy.facets:
            if not (f.type.value_pages and f.pages):
                continue
            rows = [
                {"value": v, "url": up + self.layout.url(self.layout.value_page(f, v))}
                for v in self.catalog.facet_values[f.field]
                if v.count
            ]
            if rows:
                facets.append({"facet": f, "values": rows, "coverage": self._coverage(f)})
        years = sorted(p.year for p in self.catalog.papers if p.year is not None)  # some kinds have no year
        recent = ListingSpec(group="none", sort="added", limit=self.recent) if self.recent > 0 else None
        markdown = self._render(
            "home",
            survey=self.taxonomy.survey,
            description=self._html_block(self.taxonomy.survey.description),
            total=len(self.catalog.papers),
            chapters=chapters,
            facets=facets,
            filters=[f for f in self.taxonomy.facets if f.filter],
            with_code=sum(1 for p in self.catalog.papers if p.code),
            years=(years[0], years[-1]) if years else None,
            citation=Markup(
                self.renderer.stash(
                    self.env.get_template("opdhub/citation.html").render(citation=self.taxonomy.survey.citation)
                )
            )
            if self.taxonomy.survey.citation
            else None,
            recent=Markup(recent.directive()) if recent else None,
            links={
                "all_url": up + self.layout.url(self.layout.all_papers),
                "data_url": up + self.layout.url(self.layout.data_file),
            },
        )
        return PageSpec(src, "Home", markdown, "home")

    def _chapter(self, facet: Facet, chapter) -> PageSpec:
        src = self.layout.chapter_page(facet.path, chapter)
        group = "section" if chapter.sections else (self.taxonomy.group_by or "none")
        spec = ListingSpec(filters={facet.field: [chapter.id]}, group=group, sort="newest", filter=True)
        chart = None
        value = self.catalog.value(facet.field, chapter.id)
        if self.options.trends:
            by = (
                self.taxonomy.group_by
                if self.taxonomy.group_by and self.taxonomy.group_by != facet.field
                else facet.field
            )
            chart = Markup(f"<!-- opdhub chart months by={by} {facet.field}={chapter.id} small=yes -->")
        markdown = self._render(
            "chapter",
            chapter=chapter,
            intro=self._html_block(chapter.intro),
            count=value.count if value else 0,
            sections=sum(1 for _ in chapter.walk_sections()),
            listing=Markup(spec.directive()),
            chart=chart,
            links={"trends": _md_link(self.layout.trends, src)} if chart else {},
        )
        return PageSpec(src, chapter.heading, markdown, "chapter", selection=spec.filters)

    def _facet_index(self, facet: Facet) -> PageSpec:
        src = self.layout.facet_page(facet)
        if not facet.type.value_pages:  # the chapters: each has its chapter page
            counts = {v.id: v for v in self.catalog.facet_values[facet.field]}
            rows = [
                {"value": counts[c.id], "link": self._link(self.layout.chapter_page(facet.path, c), src)}
                for c in self.taxonomy.chapters
            ]
        else:
            rows = [
                {"value": v, "link": self._link(self.layout.value_page(facet, v), src)}
                for v in self.catalog.facet_values[facet.field]
            ]
        return PageSpec(
            src, facet.label, self._render("facet", facet=facet, rows=rows, coverage=self._coverage(facet)), "facet"
        )

    def _coverage(self, facet: Facet) -> tuple[int, int] | None:
        """(classified, papers) for a facet people classify by hand that not every paper has yet."""
        if not facet.type.shows_coverage:
            return None
        classified, total = self.catalog.coverage(facet.field)
        return (classified, total) if classified < total else None

    def _value_page(self, facet: Facet, value) -> PageSpec:
        src = self.layout.value_page(facet, value)
        chapter_field = self.taxonomy.chapter_facet.field
        spec = ListingSpec(filters={facet.field: [value.id]}, group=chapter_field, sort="newest", filter=True)
        markdown = self._render(
            "value",
            facet=facet,
            value=value,
            listing=Markup(spec.directive()),
            coverage=self._coverage(facet) if value.unclassified else None,
            links={"facet": self._link(self.layout.facet_page(facet), src)},
        )
        return PageSpec(src, f"{facet.label}: {value.label}", markdown, "value", in_nav=False, selection=spec.filters)

    def _all(self) -> PageSpec:
        spec = ListingSpec(group="none", sort="newest", filter=True)
        markdown = self._render("all", listing=Markup(spec.directive()))
        return PageSpec(self.layout.all_papers, "All papers", markdown, "all")

    def _graph(self) -> PageSpec:
        if self._graph_page is None:  # pages() runs more than once a build: stash once
            self._graph_page = self._make_graph_page()
        return self._graph_page

    def _make_graph_page(self) -> PageSpec:
        src = self.layout.graph
        page_url = self.layout.url(src)
        prefix = root_prefix(page_url)
        spec = ListingSpec(group="none", sort="newest", filter=True)
        filter_html = self.renderer.filter_only(spec, page_url, universe="all")
        colour_by = [f for f in self.taxonomy.facets if f.type.colours]
        relations = self.discovery.relations
        types = {t.id: t for t in self.discovery.graph().types()}
        by_type: dict[str, list] = {}
        for edge in relations.edges:
            by_type.setdefault(edge.type, []).append(edge)
        lists = [
            {
                "type": types[t],
                "edges": [(self.catalog.by_id[e.source], self.catalog.by_id[e.target], e.note) for e in edges],
            }
            for t, edges in sorted(by_type.items(), key=lambda kv: list(types).index(kv[0]))
        ]
        html = collapse(
            self.env.get_template("opdhub/graph.html").render(
                graph_url=prefix + self.layout.url(self.layout.graph_data),
                data_url=prefix + self.layout.url(self.layout.data_file),
                root=prefix,
                facets=colour_by,
                types=list(types.values()),
                lists=lists,
                paper_url=self.renderer.card_url,
                papers=len(self.catalog.papers),
                edges=len(relations.edges),
            )
        )
        markdown = self._render(
            "graph",
            filter=Markup(self.renderer.stash(filter_html)),
            graph=Markup(self.renderer.stash(html)),
            count=len(self.catalog.papers),
            edges=len(relations.edges),
        )
        return PageSpec(src, "Graph", markdown, "graph")

    def _trends(self) -> PageSpec:
        trends = default_trends(self.catalog)
        chapter = self.taxonomy.chapter_facet.field
        markdown = self._render(
            "trends", trends=trends, chapter=chapter, taxonomy=self.taxonomy, total=len(self.catalog.papers)
        )
        return PageSpec(self.layout.trends, "Trends", markdown, "trends")

    # -- nav --------------------------------------------------------------------------------
    def nav(self, user_nav: list, replaced: dict[str, str] | None = None) -> list:
        """MkDocs ``nav`` config: home, chapters in survey order, facet indexes, all papers, then
        the user's own pages. Value pages stay out: the nav is in every page, so it must not
        grow with the number of papers or values. ``replaced`` maps a generated page to the
        user's file published in its place, which takes its place in the nav too."""
        at = (replaced or {}).get
        nav: list = []
        if self.home:
            nav.append({"Home": at(self.layout.home, self.layout.home)})  # nav titles: themes print them raw
        chapter_facet = self.taxonomy.chapter_facet
        chapters = []
        for c in self.taxonomy.chapters:
            path = self.layout.chapter_page(chapter_facet.path, c)
            chapters.append({page_title(c.heading): at(path, path)})
        nav.append({"Chapters": chapters})
        browse = [
            {page_title(f.label): at(self.layout.facet_page(f), self.layout.facet_page(f))}
            for f in self.taxonomy.facets
            if f.pages
        ]
        browse.append({"All papers": at(self.layout.all_papers, self.layout.all_papers)})
        nav.append({"Browse": browse})
        discover = ([{"Graph": self.layout.graph}] if self.options.graph else []) + (
            [{"Trends": self.layout.trends}] if self.options.trends else []
        )
        if discover:
            nav.append({"Discover": discover})
        return nav + user_nav

    def expand_nav(self, nav: list, replaced: dict[str, str] | None = None) -> list:
        """A user's ``nav`` with each ``- opdhub`` entry replaced by the generated sections
        (Home, Chapters, Browse), so a site can order its own pages around them."""
        out: list = []
        for item in nav:
            if item == NAV_PLACEHOLDER:
                out.extend(self.nav([], replaced))
            elif isinstance(item, dict):
                out.append(
                    {title: self.expand_nav(v, replaced) if isinstance(v, list) else v for title, v in item.items()}
                )
            else:
                out.append(item)
        return out

    # -- generated paths the user's own files take ------------------------------------------
    def place(self, taken: Mapping[str, str], replace: Sequence[str] = (), docs: str = "docs") -> Placement:
        """Which generated files to publish next to the user's: ``taken`` maps each site-relative
        URL of a user's file to its path in the ``docs`` folder. A user's file at a generated
        page's URL wins; unless that is meant (see :meth:`clash`) it is a warning naming both."""
        planned = self.pages()
        replaced: dict[str, str] = {}
        warnings: list[str] = []

        def free(spec: PageSpec | None, src: str) -> bool:
            user = taken.get(self.layout.url(src))
            if user is None:
                return True
            replaced[src] = user
            message = self.clash(spec, src, user, replace, f"{docs}/{user}")
            if message:
                warnings.append(message)
            return False

        kept = [spec for spec in planned if free(spec, spec.src_uri)]
        if any(src != user for src, user in replaced.items()):  # links to a replaced page lead to the user's
            again = {spec.src_uri: spec for spec in self.pages(replaced)}
            kept = [again[spec.src_uri] for spec in kept]
        data = free(None, self.layout.data_file) and free(None, self.layout.data_script)
        return Placement(kept, data, replaced, warnings)

    def clash(
        self,
        spec: PageSpec | None,
        generated: str,
        user_file: str,
        replace: Sequence[str] = (),
        shown_as: str | None = None,
    ) -> str | None:
        """The warning for a user's file (``user_file``, relative to the docs folder; ``shown_as``
        in the message) published where a generated page (``spec``) or data file would be;
        ``None`` when the replacement is meant: the home page (a ``docs/index.md`` is the site's
        front page) and the paths, generated or the user's, listed in the ``replace`` option."""
        if (spec is not None and spec.kind == "home") or generated in replace or user_file in replace:
            return None
        user_file = shown_as or user_file
        what = f'the generated page "{spec.title}" ({generated})' if spec else f"the generated data file {generated}"
        return (
            f"{user_file} takes the place of {what}; your file is published there. "
            f"Rename or move your file, change the facet's 'path' in the taxonomy, or list '{generated}' "
            f"under the opdhub option 'replace' if your file is meant to replace it"
        )


@dataclass
class Placement:
    """The outcome of :meth:`SitePlan.place`."""

    pages: list[PageSpec]  # the generated pages to publish
    data: bool  # publish papers.json and papers.js (False when a user's file takes either place)
    replaced: dict[str, str]  # generated page -> the user's file published at its URL
    warnings: list[str]


def _first_paragraph(text: str | None) -> str | None:
    """The first paragraph of taxonomy Markdown (a chapter's intro, shown under its title on the home page)."""
    parts = [part for part in re.split(r"\n[ \t]*\n", (text or "").strip()) if part.strip()]
    return parts[0] if parts else None
