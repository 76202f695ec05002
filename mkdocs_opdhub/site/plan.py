"""The site plan: which pages are generated, their Markdown, the nav, and papers.json.

Pure Python: the MkDocs plugin turns a :class:`SitePlan` into files and nav; tests and the CLI
can build it without MkDocs.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from markupsafe import Markup

from .. import __version__
from ..model.taxonomy import Facet
from ..project import Options
from . import bibtex
from .catalog import SORTS, Catalog
from .charts import default_trends
from .graph import Graph
from .layout import Layout, root_prefix
from .listing import ListingSpec, Renderer
from .escape import front_matter, json_text, markdown_html, page_title
from .feeds import Feeds
from .related import RelatedPapers
from .relations import Relations
from .render import collapse, make_env
from .whatsnew import NewPapers, build_date

DATA_VERSION = 1
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
        if self.kind in LISTING_KINDS:  # listing pages stay out of the site search: each paper is found once, on its page
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
    LISTING_KINDS = LISTING_KINDS
    @classmethod
    def build(cls, catalog: Catalog, options: Options, *, use_directory_urls: bool = True,
              template_dirs: Sequence[str] = (), record_cache: dict | None = None,
              card_cache: dict | None = None) -> "SitePlan":
        """The plan for a site with these plugin options: what the plugin publishes and the CLI exports."""
        layout = Layout(use_directory_urls, all_papers=options.all_papers_page, data_file=options.papers_json,
                        paper_pages=options.paper_pages)
        renderer = Renderer(catalog, layout, make_env(template_dirs), authors_shown=options.authors_shown,
                            is_new=NewPapers(options.new_days), card_cache=card_cache)
        return cls(catalog, layout, renderer, home=options.home, recent=options.recent, options=options,
                   record_cache=record_cache)

    def __init__(self, catalog: Catalog, layout: Layout, renderer: Renderer, *, home: bool = True, recent: int = 10,
                 options: Options | None = None, record_cache: dict | None = None):
        self.catalog = catalog
        self.taxonomy = catalog.taxonomy
        self.layout = layout
        self.renderer = renderer
        self.env = renderer.env
        self.home = home
        self.recent = recent
        self.options = options or Options(home=home, recent=recent)
        self._moved: dict[str, str] = {}
        self._records: dict[str, dict] = {}
        # Records of earlier builds (``mkdocs serve``): paper id -> (paper, inputs, record); reused
        # while the loader hands back the same paper object with the same key, URL and values.
        self._record_cache = {} if record_cache is None else record_cache
        self._keep_json = record_cache is not None  # a later build reuses each record's JSON too
        self._counts: str | None = None
        self.previous_related: RelatedPapers | None = None  # set for a dirty rebuild: see related

    # -- relations, related papers, graph -------------------------------------------------------
    @functools.cached_property
    def relations(self) -> Relations:
        return Relations(self.catalog)

    @functools.cached_property
    def related(self) -> RelatedPapers:
        shown = max(self.options.related, 1)
        if self.previous_related is not None and self.previous_related.shown == shown:
            return self.previous_related.refreshed(self.catalog)  # a dirty rebuild (mkdocs serve --dirty)
        return RelatedPapers(self.catalog, shown=shown)

    def paper_url(self, paper) -> str:
        """Site-relative URL of a paper (its page, or its card on All papers)."""
        return self.renderer.card_url(paper)

    def feeds(self, *, site_url: str, site_name: str) -> Feeds:
        return Feeds(self.catalog, self.layout, site_url=site_url, site_name=site_name, paper_url=self.paper_url,
                     build_date=build_date(),
                     items=self.options.feed_items)

    def graph(self) -> Graph:
        return Graph(self.catalog, self.relations, self.paper_url)

    # -- pages ------------------------------------------------------------------------------
    def pages(self, moved: dict[str, str] | None = None) -> list[PageSpec]:
        """Every generated page, planned once; ``moved`` maps a generated page to the user's file
        published in its place (see :meth:`place`): the pages are planned again so that links
        between generated pages lead there."""
        if moved is not None and moved != self._moved:
            self._moved = dict(moved)
            self._pages = None
        if getattr(self, "_pages", None) is None:
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
                if facet.kind != "chapter":
                    pages.extend(self._value_page(facet, value) for value in self.catalog.facet_values[facet.field])
        pages.append(self._all())
        if self.options.graph:
            pages.append(self._graph())
        if self.options.trends:
            pages.append(self._trends())
        first: dict[str, PageSpec] = {}
        for spec in pages:
            if spec.src_uri in first:
                raise PlanError(f"two generated pages would share '{spec.src_uri}': \"{first[spec.src_uri].title}\" and "
                                f"\"{spec.title}\"; change a facet's 'path' or the all_papers_page option")
            first[spec.src_uri] = spec
            spec.digest = self.digest(self.catalog.select(spec.selection) if spec.selection else self.catalog.papers)
        if self.layout.paper_pages:
            for paper in self.catalog.papers:
                src = self.layout.paper_page(paper.id)
                if src in first:
                    raise PlanError(f"the page of paper '{paper.id}' ({paper.source}) would replace the generated page "
                                    f"\"{first[src].title}\" at '{src}'; change the paper's id or the all_papers_page option")
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
        chapters = [{"chapter": c, "count": counts.get(c.id, 0), "intro": self._html_block(_first_paragraph(c.intro)),
                     "url": up + self.layout.url(self.layout.chapter_page(facet.path, c))} for c in self.taxonomy.chapters]
        facets = []
        for f in self.taxonomy.facets:
            if f.kind == "chapter" or not f.pages:
                continue
            rows = [{"value": v, "url": up + self.layout.url(self.layout.value_page(f, v))}
                    for v in self.catalog.facet_values[f.field] if v.count]
            if rows:
                facets.append({"facet": f, "values": rows})
        years = sorted(p.year for p in self.catalog.papers if p.year is not None)  # some kinds have no year
        recent = ListingSpec(group="none", sort="added", limit=self.recent) if self.recent > 0 else None
        markdown = self._render(
            "home", survey=self.taxonomy.survey, description=self._html_block(self.taxonomy.survey.description), total=len(self.catalog.papers), chapters=chapters, facets=facets,
            with_code=sum(1 for p in self.catalog.papers if p.code), years=(years[0], years[-1]) if years else None,
            citation=Markup(self.renderer.stash(self.env.get_template("opdhub/citation.html").render(citation=self.taxonomy.survey.citation)))
            if self.taxonomy.survey.citation else None,
            recent=Markup(recent.directive()) if recent else None,
            links={"all_url": up + self.layout.url(self.layout.all_papers), "data_url": up + self.layout.url(self.layout.data_file)},
        )
        return PageSpec(src, "Home", markdown, "home")

    def _chapter(self, facet: Facet, chapter) -> PageSpec:
        src = self.layout.chapter_page(facet.path, chapter)
        group = "section" if chapter.sections else (self.taxonomy.group_by or "none")
        spec = ListingSpec(filters={facet.field: [chapter.id]}, group=group, sort="newest", filter=True)
        chart = None
        if self.options.trends:
            by = self.taxonomy.group_by if self.taxonomy.group_by and self.taxonomy.group_by != facet.field else facet.field
            chart = Markup(f"<!-- opdhub chart months by={by} {facet.field}={chapter.id} small=yes -->")
        markdown = self._render("chapter", chapter=chapter, intro=self._html_block(chapter.intro), count=self.catalog.value(facet.field, chapter.id).count,
                                sections=sum(1 for _ in chapter.walk_sections()), listing=Markup(spec.directive()),
                                chart=chart, links={"trends": _md_link(self.layout.trends, src)} if chart else {})
        return PageSpec(src, chapter.heading, markdown, "chapter", selection=spec.filters)

    def _facet_index(self, facet: Facet) -> PageSpec:
        src = self.layout.facet_page(facet)
        if facet.kind == "chapter":
            counts = {v.id: v for v in self.catalog.facet_values[facet.field]}
            rows = [{"value": counts[c.id], "link": self._link(self.layout.chapter_page(facet.path, c), src)}
                    for c in self.taxonomy.chapters]
        else:
            rows = [{"value": v, "link": self._link(self.layout.value_page(facet, v), src)}
                    for v in self.catalog.facet_values[facet.field]]
        return PageSpec(src, facet.label, self._render("facet", facet=facet, rows=rows), "facet")

    def _value_page(self, facet: Facet, value) -> PageSpec:
        src = self.layout.value_page(facet, value)
        chapter_field = self.taxonomy.chapter_facet.field
        spec = ListingSpec(filters={facet.field: [value.id]}, group=chapter_field, sort="newest", filter=True)
        markdown = self._render("value", facet=facet, value=value, listing=Markup(spec.directive()),
                                links={"facet": self._link(self.layout.facet_page(facet), src)})
        return PageSpec(src, f"{facet.label}: {value.label}", markdown, "value", in_nav=False, selection=spec.filters)

    def _all(self) -> PageSpec:
        spec = ListingSpec(group="none", sort="newest", filter=True)
        markdown = self._render("all", listing=Markup(spec.directive()))
        return PageSpec(self.layout.all_papers, "All papers", markdown, "all")

    def _graph(self) -> PageSpec:
        if getattr(self, "_graph_page", None) is None:  # pages() runs more than once a build: stash once
            self._graph_page = self._make_graph_page()
        return self._graph_page

    def _make_graph_page(self) -> PageSpec:
        src = self.layout.graph
        page_url = self.layout.url(src)
        prefix = root_prefix(page_url)
        spec = ListingSpec(group="none", sort="newest", filter=True)
        filter_html = self.renderer.filter_only(spec, page_url, universe="all")
        colour_by = [f for f in self.taxonomy.facets if f.kind in ("chapter", "enum", "presence", "year")]
        types = {t.id: t for t in self.graph().types()}
        by_type: dict[str, list] = {}
        for edge in self.relations.edges:
            by_type.setdefault(edge.type, []).append(edge)
        lists = [{"type": types[t], "edges": [(self.catalog.by_id[e.source], self.catalog.by_id[e.target], e.note) for e in edges]}
                 for t, edges in sorted(by_type.items(), key=lambda kv: list(types).index(kv[0]))]
        html = collapse(self.env.get_template("opdhub/graph.html").render(
            graph_url=prefix + self.layout.url(self.layout.graph_data), data_url=prefix + self.layout.url(self.layout.data_file),
            root=prefix, facets=colour_by, types=list(types.values()), lists=lists, paper_url=self.paper_url,
            papers=len(self.catalog.papers), edges=len(self.relations.edges)))
        markdown = self._render("graph", filter=Markup(self.renderer.stash(filter_html)),
                                graph=Markup(self.renderer.stash(html)), count=len(self.catalog.papers),
                                edges=len(self.relations.edges))
        return PageSpec(src, "Graph", markdown, "graph")

    def _trends(self) -> PageSpec:
        trends = default_trends(self.catalog)
        chapter = self.taxonomy.chapter_facet.field
        markdown = self._render("trends", trends=trends, chapter=chapter, taxonomy=self.taxonomy,
                                total=len(self.catalog.papers))
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
        browse = [{page_title(f.label): at(self.layout.facet_page(f), self.layout.facet_page(f))} for f in self.taxonomy.facets if f.pages]
        browse.append({"All papers": at(self.layout.all_papers, self.layout.all_papers)})
        nav.append({"Browse": browse})
        discover = ([{"Graph": self.layout.graph}] if self.options.graph else []) + \
                   ([{"Trends": self.layout.trends}] if self.options.trends else [])
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
                out.append({title: self.expand_nav(v, replaced) if isinstance(v, list) else v for title, v in item.items()})
            else:
                out.append(item)
        return out

    # -- papers.json ------------------------------------------------------------------------
    def data(self) -> dict:
        """The published data API: see the README's "papers.json" section; stable across versions."""
        facets = []
        for facet in self.taxonomy.facets:
            facets.append({
                "field": facet.field, "label": facet.label, "type": facet.kind, "multi": facet.multi,
                "filter": facet.filter, "chips": facet.chips,
                "values": [{"id": v.id, "label": v.label, "count": v.count,
                            **({"description": v.description} if v.description else {}),
                            "url": self.renderer.value_url(facet.field, v.id)} for v in self.catalog.facet_values[facet.field]],
            })
        papers = [self.record(p) for p in self.catalog.papers]
        survey = self.taxonomy.survey
        return {
            "version": DATA_VERSION,
            "generator": f"mkdocs-opdhub {__version__}",
            "survey": {"title": survey.title, "url": survey.url, "arxiv": survey.arxiv},
            "sorts": [{"id": k, "label": v} for k, v in SORTS.items()],
            "authors_shown": self.renderer.authors_shown,
            "facets": facets,
            "chapters": [_chapter_json(c) for c in self.taxonomy.chapters],
            "kinds": self._kinds_json(),
            "papers": papers,
        }

    def _kinds_json(self) -> list[dict[str, str]]:
        """The kinds of entry and their labels (cards show the kind of what is not a paper)."""
        return [{"id": k.id, "label": k.label} for k in self.taxonomy.kinds]

    def data_json(self) -> str:
        """papers.json; ``<``, ``>``, ``&`` and U+2028/U+2029 as ``\\u`` escapes, so a consumer that
        puts the document into a page's ``<script>`` cannot be made to close it."""
        return self._json_with_records(self.data(), store=False)

    def _json_with_records(self, data: dict, *, store: bool) -> str:
        """``data`` as JSON with its records written one by one: under ``mkdocs serve`` each
        record's JSON is kept, so a rebuild after one edit writes one record again, not all."""
        papers = data.pop("papers")
        head = json_text({**data, "papers": []})
        return head[: -len("]}")] + ",".join(self._record_json(p, store) for p in papers) + "]}"

    def _record_json(self, record: dict, store: bool) -> str:
        entry = self._record_cache.get(record["id"])
        texts = entry[4] if entry is not None and entry[2] is record and self._keep_json else None
        if texts is not None and store in texts:
            return texts[store]
        text = json_text({k: v for k, v in record.items() if v is not None and k != "bibtex"} if store else record)
        if texts is not None:
            texts[store] = text
        return text

    def record(self, p) -> dict[str, Any]:
        """The papers.json record of one paper (made once per build)."""
        record = self._records.get(p.id)
        if record is not None:
            return record
        if not self._records:
            self._keys = bibtex.citation_keys(self.catalog.papers)
        values = tuple(self.catalog.values_of(p, f.field) for f in self.taxonomy.facets)
        inputs = (self._keys[p.id], self.renderer.card_url(p), values)
        cached = self._record_cache.get(p.id)
        if cached and cached[0] is p and cached[1] == inputs:
            self._records[p.id] = cached[2]
            return cached[2]
        record = {
            "id": p.id, "title": p.title, "authors": p.authors, "year": p.year, "date": p.date, "added": p.added,
            "venue": p.venue, "arxiv": p.arxiv, "doi": p.doi, "link": p.url, "code": p.code,
            "tags": p.tags, "summary": p.summary, "abstract": p.abstract, "section": p.section, "kind": p.kind,
            "related": [{k: item[k] for k in ("id", "type", "note") if k in item} for item in p.related] or None,
        }
        raw = {}
        for facet in self.taxonomy.facets:
            ids = list(self.catalog.values_of(p, facet.field))
            if facet.field in record and facet.kind != "chapter":
                raw[facet.field] = record[facet.field]  # a facet named like a core field: keep the text too
            several = facet.kind == "chapter" and len(p.chapters) > 1  # listed under several headings
            record[facet.field] = ids if facet.multi or several else ids[0]
        if raw:
            record["raw"] = raw
        record["url"] = self.renderer.card_url(p)
        record["bibtex"] = bibtex.paper_entry(p, self._keys[p.id])  # what "Cite" copies and "Export" joins
        self._records[p.id] = record
        digest = hashlib.sha1(repr(record).encode()).hexdigest()[:16]  # keys in a fixed order: repr is stable
        self._record_cache[p.id] = (p, inputs, record, digest, {})
        return record

    def _record_digest(self, p) -> str:
        self.record(p)
        return self._record_cache[p.id][3]

    def digest(self, papers) -> str:
        """A fingerprint of what a page shows of ``papers``: a generated page's source carries it,
        so the source changes exactly when the page would (``mkdocs serve --dirty`` then
        re-renders that page and skips the others)."""
        if self._counts is None:
            self._counts = repr([(v.id, v.count) for f in self.taxonomy.facets for v in self.catalog.facet_values[f.field]])
            new = self.renderer.is_new
            if isinstance(new, NewPapers) and new.days:
                self._counts += f" new since {new.since}"  # the "New" badges change with the build date
        h = hashlib.sha1(self._counts.encode())
        for p in papers:
            h.update(self._record_digest(p).encode())
        return h.hexdigest()[:16]

    def store_json(self) -> str:
        """The listing store (``Layout.listing_store``): papers.json without the records' BibTeX
        and empty fields (see docs/data-api.md)."""
        return self._json_with_records(self.data(), store=True)

    def data_script(self, data_json: str | None = None) -> str:
        """A data file (papers.json by default) as a script that pages opened from disk can load
        with ``<script src>`` (browsers refuse fetch() there). It files the data under its own
        absolute URL, which cards.js derives from the data file's URL (see ``layout.script_of``)."""
        return "".join(self.script_parts(data_json if data_json is not None else self.data_json()))

    def script_parts(self, data_json: str) -> tuple[str, str, str]:
        """:meth:`data_script` in three parts, the data in the middle (written without a copy)."""
        return ("(window.OpdhubData = window.OpdhubData || {})[document.currentScript.src] = ", data_json, ";\n")

    # -- generated paths the user's own files take ------------------------------------------
    def place(self, taken: Mapping[str, str], replace: Sequence[str] = (), docs: str = "docs") -> "Placement":
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

    def clash(self, spec: PageSpec | None, generated: str, user_file: str, replace: Sequence[str] = (),
              shown_as: str | None = None) -> str | None:
        """The warning for a user's file (``user_file``, relative to the docs folder; ``shown_as``
        in the message) published where a generated page (``spec``) or data file would be;
        ``None`` when the replacement is meant: the home page (a ``docs/index.md`` is the site's
        front page) and the paths, generated or the user's, listed in the ``replace`` option."""
        if (spec is not None and spec.kind == "home") or generated in replace or user_file in replace:
            return None
        user_file = shown_as or user_file
        what = f'the generated page "{spec.title}" ({generated})' if spec else f"the generated data file {generated}"
        return (f"{user_file} takes the place of {what}; your file is published there. "
                f"Rename or move your file, change the facet's 'path' in the taxonomy, or list '{generated}' "
                f"under the opdhub option 'replace' if your file is meant to replace it")


@dataclass
class Placement:
    """The outcome of :meth:`SitePlan.place`."""

    pages: list[PageSpec]  # the generated pages to publish
    data: bool  # publish papers.json and papers.js (False when a user's file takes either place)
    replaced: dict[str, str]  # generated page -> the user's file published at its URL
    warnings: list[str]


def _section_json(section) -> dict:
    return {"id": section.id, "number": section.number, "title": section.title,
            "sections": [_section_json(s) for s in section.sections]}


def _chapter_json(chapter) -> dict:
    return {"id": chapter.id, "number": chapter.number, "title": chapter.title, "short": chapter.short,
            "sections": [_section_json(s) for s in chapter.sections]}


def _first_paragraph(text: str | None) -> str | None:
    """The first paragraph of taxonomy Markdown (a chapter's intro, shown under its title on the home page)."""
    parts = [part for part in re.split(r"\n[ \t]*\n", (text or "").strip()) if part.strip()]
    return parts[0] if parts else None
