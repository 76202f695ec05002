"""A page per paper: a real page of the site, cheap to make.

Each paper page is an ordinary MkDocs page (the plugin adds one generated file per paper, not in
the nav), so search, sitemap and every other plugin see it like any page. Its Markdown is only
front matter (:meth:`PaperPages.source`: the title, a description, and the lean page template
``opdhub/paper-page.html``); its content — the body, and the ``citation_*`` meta tags and
schema.org JSON-LD for the head — comes from Jinja templates a theme can override
(``opdhub/paper.html``, ``opdhub/paper-head.html``), rendered here rather than through Markdown.

Pure Python: no MkDocs import.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..formats import bibtex
from ..formats.escape import front_matter, json_text, page_title, safe_url
from ..formats.templates import display_name, human_date
from ..model.catalog import Catalog
from ..model.papers import Paper
from ..model.taxonomy import UNCLASSIFIED
from .layout import Layout, root_prefix
from .listing import Renderer
from .whatsnew import added_date

if TYPE_CHECKING:
    from .related import RelatedPapers
    from .relations import Relations

PAGE_TEMPLATE = "opdhub/paper-page.html"  # the theme's main.html, leaner with Material
ARTICLE = '<article class="opdhub-paper"'  # opdhub/paper.html's content starts here: its assets go before it
MORE = "<!-- opdhub:paper-more -->"  # in opdhub/paper.html: what follows is no part of the site search
DESCRIPTION_CHARS = 300  # of the abstract, when a paper has no summary (search snippets, social cards)


def script_json(value: Any) -> Markup:
    """JSON that is safe inside an HTML ``<script>`` element (see :func:`.escape.json_text`)."""
    return Markup(json_text(value))


# The label of an entry's own link on its page, and its schema.org type, by kind.
LINK_LABELS = {
    "paper": "Paper",
    "code": "Repository",
    "tool": "Website",
    "dataset": "Dataset",
    "benchmark": "Benchmark",
    "model": "Model",
    "blog": "Post",
    "video": "Video",
    "book": "Book",
    "course": "Course",
}
SCHEMA_TYPES = {
    "paper": "ScholarlyArticle",
    "code": "SoftwareSourceCode",
    "tool": "SoftwareApplication",
    "dataset": "Dataset",
    "benchmark": "Dataset",
    "model": "CreativeWork",
    "blog": "BlogPosting",
    "video": "VideoObject",
    "book": "Book",
    "course": "Course",
}


class Entry(dict):
    """A dict the templates read by attribute without Jinja's failed-attribute fallback (an
    exception per ``{{ value.url }}``: thousands a page on a large list)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class PaperPage:
    paper: Paper
    src_uri: str
    url: str  # site-relative
    output: str  # path of the HTML file in the site folder


class PaperPages:
    """Renders the paper part of each paper page and its search entry."""

    def __init__(
        self,
        catalog: Catalog,
        layout: Layout,
        renderer: Renderer,
        env: jinja2.Environment,
        *,
        site_url: str | None = None,
        edit_base: str | None = None,
        authors_shown: int = 5,
        relations: Relations | None = None,
        related: RelatedPapers | None = None,
        related_shown: int = 5,
    ):
        self.catalog = catalog
        self.taxonomy = catalog.taxonomy
        self.layout = layout
        self.renderer = renderer
        self.env = env
        self.site_url = site_url
        self.edit_base = edit_base  # edit URL of the paper folder, or None
        self._body = env.get_template("opdhub/paper.html")
        self._head = env.get_template("opdhub/paper-head.html")
        self._keys: dict[str, str] | None = None  # citation keys, when no record brings the BibTeX
        self._sections = self.taxonomy.sections()
        self.relations = relations  # declared and derived relations (relations.py), or None
        self.related = related  # related papers by content (related.py), or None
        self.related_shown = related_shown
        self._values: dict[tuple, dict] = {}  # (field, value id, root) -> what the template gets
        self._chapters: dict[tuple, dict] = {}  # (chapter id, root) -> what the template gets

    def meta(self, page: PaperPage) -> dict[str, Any]:
        """The page's front matter. Titles and descriptions are printed unescaped by themes:
        :func:`.escape.page_title` makes them inert."""
        paper = page.paper
        abstract = getattr(paper, "abstract", None) or paper.extra.get("abstract")
        if abstract and len(abstract) > DESCRIPTION_CHARS:
            abstract = abstract[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
        # feeds and social cards want one (the rss plugin warns for an item without)
        description = paper.summary or abstract or self._byline(paper)
        meta: dict[str, Any] = {"title": page_title(paper.title), "template": PAGE_TEMPLATE}
        if description:
            meta["description"] = page_title(description)
        meta["hide"] = ["toc"]
        added = added_date(paper)
        if added is not None:  # when the paper joined the list: a date, as feed plugins read it
            meta["date"] = added
        return meta

    def source(self, page: PaperPage, meta: dict[str, Any], stamp: str = "") -> str:
        """The page's Markdown: front matter only (the content comes from :meth:`render`).
        ``stamp`` (a comment) changes the file when what the page shows changes without its paper
        changing (``serve --dirty`` renders again only pages whose file changed)."""
        text = {k: v for k, v in meta.items() if isinstance(v, str)}
        head = front_matter(text)[: -len("---\n")] + "".join(
            f"{k}:\n" + "".join(f"  - {x}\n" for x in v) for k, v in meta.items() if isinstance(v, list)
        )
        if "date" in meta:  # unquoted: a YAML date
            head += f"date: {meta['date'].isoformat()}\n"
        return head + "---\n" + (f"<!-- {stamp} -->\n" if stamp else "")

    @staticmethod
    def _byline(paper: Paper) -> str:
        """Who, where, when: ``Ann Doe, Bo Li et al. · NeurIPS 2025 · 2025``."""
        authors = ", ".join(display_name(a) for a in paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
        return " · ".join(p for p in (authors, paper.venue, str(paper.year) if paper.year is not None else "") if p)

    def pages(self) -> list[PaperPage]:
        out = []
        for paper in self.catalog.papers:
            src = self.layout.paper_page(paper.id)
            url = self.layout.url(src)
            output = url + "index.html" if url.endswith("/") else url
            out.append(PaperPage(paper, src, url, output))
        return out

    # -- context ----------------------------------------------------------------------------
    def context(
        self, page: PaperPage, links_from: str | None = None, record: dict | None = None, edit_url: str | None = None
    ) -> dict[str, Any]:
        """What ``opdhub/paper.html`` and ``opdhub/paper-head.html`` get (see docs/html-contract.md);
        links are relative to ``links_from`` when given (see :meth:`Renderer.expand`). ``record``
        is the paper's papers.json record when the caller has it (its BibTeX is made once a build);
        ``edit_url`` the page's edit link, as the site's engine made it."""
        paper = page.paper
        root = root_prefix(links_from or page.url)
        facets = []
        for facet in self.taxonomy.facets:
            values = [
                self._value(facet.field, value_id, root)
                for value_id in self.catalog.values_of(paper, facet.field)
                if value_id != UNCLASSIFIED
            ]
            if values:
                facets.append(
                    Entry(
                        field=facet.field,
                        label=facet.label,
                        kind=facet.kind,
                        listed=facet.type.listed_on_paper,
                        values=values,
                    )
                )
        chapter = self.taxonomy.chapter(paper.chapters[0])
        sections = [self._sections[s] for s in paper.sections if s in self._sections]
        section = next((s for s in sections if s.chapter == chapter.id), None) if chapter else None
        abstract = getattr(paper, "abstract", None) or paper.extra.get("abstract")
        kind = self.taxonomy.kind(paper.kind)
        # the entry's own link, named for what it is; none for a published paper known by its venue
        links = (
            [
                Entry(
                    label=LINK_LABELS.get(paper.kind, kind.label if kind else "Link"),
                    url=safe_url(paper.url),
                    kind=paper.kind,
                )
            ]
            if paper.url
            else []
        )
        if paper.arxiv:
            links.append(Entry(label=f"arXiv:{paper.arxiv}", url=f"https://arxiv.org/abs/{paper.arxiv}", kind="arxiv"))
            links.append(Entry(label="PDF", url=f"https://arxiv.org/pdf/{paper.arxiv}", kind="pdf"))
        if paper.doi:
            links.append(
                Entry(label=f"DOI:{paper.doi}", url="https://doi.org/" + quote(paper.doi, safe="/:;()._-"), kind="doi")
            )
        for i, code in enumerate(paper.code, 1):
            links.append(
                Entry(label="Code" + (f" {i}" if len(paper.code) > 1 else ""), url=safe_url(code), kind="code")
            )
        if edit_url is None and self.edit_base:
            edit_url = self.edit_base + quote(self.file_name(paper))
        return {
            "paper": paper,
            "root": root,
            "url": page.url,
            "canonical": (self.site_url.rstrip("/") + "/" + page.url) if self.site_url else None,
            "authors": [display_name(a) for a in paper.authors],
            "date": human_date(paper.date or str(paper.year)) if paper.date or paper.year is not None else None,
            "kind": kind,
            "chapters": [
                self._chapter(self.taxonomy.chapter(c), root) for c in paper.chapters if self.taxonomy.chapter(c)
            ],
            "sections": sections,
            "abstract": abstract,
            "links": links,
            "facets": facets,
            "chapter": self._chapter(chapter, root),
            "section": section,
            "bibtex": record["bibtex"] if record else self._bibtex(paper),
            "edit_url": edit_url,
            "all_papers": root + self.layout.url(self.layout.all_papers),
            "json_ld": script_json(self.json_ld(page, abstract)),
            "relations": self._relations(paper, root),
            "related": self._related(paper, root),
            "new": self.renderer.is_new(paper),
            "citation": self.citation_meta(paper, abstract),
        }

    @staticmethod
    def file_name(paper: Paper) -> str:
        """The name of the paper's file in the papers folder."""
        return posixpath.basename(paper.source or f"{paper.id}.yaml")

    def _bibtex(self, paper: Paper) -> str:
        if self._keys is None:
            self._keys = bibtex.citation_keys(self.catalog.papers)
        return bibtex.paper_entry(paper, self._keys.get(paper.id))

    def _value(self, field: str, value_id: str, root: str) -> dict:
        """One facet value as the template shows it: made once per value, not once per paper."""
        key = (field, value_id, root)
        entry = self._values.get(key)
        if entry is None:
            value = self.catalog.value(field, value_id)
            target = self.renderer.value_url(field, value_id)
            entry = self._values[key] = Entry(
                id=value_id,
                label=value.label if value else value_id,
                title=value.description if value and value.description else None,
                url=root + target if target is not None else None,
            )
        return entry

    def neighbours(self, paper: Paper) -> tuple:
        """What a paper page shows of other papers (its relations and related papers), so that
        a rebuild makes the page again when one of those changes."""
        relations = (
            tuple(
                (
                    edge.type,
                    edge.source,
                    edge.target,
                    edge.note,
                    self.catalog.by_id[edge.target if outgoing else edge.source].title,
                )
                for edge, outgoing in self.relations.links_of(paper)
            )
            if self.relations is not None
            else ()
        )
        related = self.related.signature(paper) if self.related is not None and self.related_shown > 0 else ()
        return relations, related

    def _relations(self, paper: Paper, root: str) -> list[dict]:
        if self.relations is None:
            return []
        return [
            Entry(
                label=group.label,
                type=group.type.id,
                outgoing=group.outgoing,
                derived=group.links[0].edge.derived,
                links=[
                    Entry(title=link.other.title, url=root + self.renderer.card_url(link.other), note=link.edge.note)
                    for link in group.links
                ],
            )
            for group in self.relations.of(paper)
        ]

    def _related(self, paper: Paper, root: str) -> list[dict]:
        if self.related is None or self.related_shown <= 0:
            return []
        return [
            Entry(
                title=s.paper.title,
                url=root + self.renderer.card_url(s.paper),
                reasons=list(s.reasons),
                score=round(s.score, 3),
            )
            for s in self.related.of(paper)[: self.related_shown]
        ]

    def _chapter(self, chapter, root: str) -> dict | None:
        if chapter is None:
            return None
        key = (chapter.id, root)
        if key not in self._chapters:
            self._chapters[key] = self._chapter_entry(chapter, root)
        return self._chapters[key]

    def _chapter_entry(self, chapter, root: str) -> dict:
        target = self.renderer.value_url(self.taxonomy.chapter_facet.field, chapter.id)
        return Entry(
            id=chapter.id,
            heading=chapter.heading,
            label=chapter.label,
            url=root + target if target is not None else None,
        )

    def citation_meta(self, paper: Paper, abstract: str | None) -> list[tuple[str, str]]:
        """Highwire Press tags (Google Scholar's inclusion guidelines; Zotero reads them)."""
        meta = [("citation_title", paper.title)]
        meta += [("citation_author", a) for a in paper.authors]
        if paper.date or paper.year is not None:
            meta.append(("citation_publication_date", (paper.date or str(paper.year)).replace("-", "/")))
        if paper.venue:
            kind = bibtex.entry_type(paper.venue)
            meta.append(
                ("citation_conference_title" if kind == "inproceedings" else "citation_journal_title", paper.venue)
            )
        if paper.arxiv:
            meta.append(("citation_arxiv_id", paper.arxiv))
            meta.append(("citation_pdf_url", f"https://arxiv.org/pdf/{paper.arxiv}"))
            meta.append(("citation_abstract_html_url", f"https://arxiv.org/abs/{paper.arxiv}"))
        elif paper.url:
            meta.append(("citation_abstract_html_url", safe_url(paper.url)))
        if paper.doi:
            meta.append(("citation_doi", paper.doi))
        if abstract:
            meta.append(("citation_abstract", abstract))
        return meta

    def json_ld(self, page: PaperPage, abstract: str | None) -> dict:
        paper = page.paper
        same = [safe_url(paper.url)] if paper.url else []
        identifiers = []
        if paper.arxiv:
            same.append(f"https://arxiv.org/abs/{paper.arxiv}")
            identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv})
        if paper.doi:
            same.append(f"https://doi.org/{paper.doi}")
            identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": SCHEMA_TYPES.get(paper.kind, "CreativeWork"),
            "headline": paper.title[:110],
            "name": paper.title,
            "author": [{"@type": "Person", "name": display_name(a)} for a in paper.authors],
            "sameAs": [u for u in dict.fromkeys(same) if u != "#"],
        }
        if paper.date or paper.year is not None:
            data["datePublished"] = paper.date or str(paper.year)
        if identifiers:
            data["identifier"] = identifiers
        if self.site_url:
            data["url"] = self.site_url.rstrip("/") + "/" + page.url
        if paper.venue:
            data["isPartOf"] = {
                "@type": "PublicationIssue" if bibtex.entry_type(paper.venue) == "article" else "PublicationEvent",
                "name": paper.venue,
            }
        if abstract or paper.summary:
            data["abstract"] = abstract or paper.summary
        if paper.tags:
            data["keywords"] = [str(t) for t in paper.tags]
        return data

    # -- rendering --------------------------------------------------------------------------
    def render(
        self, page: PaperPage, links_from: str | None = None, record: dict | None = None, edit_url: str | None = None
    ) -> tuple[str, str]:
        """(body HTML, head HTML) of one paper page."""
        context = self.context(page, links_from, record, edit_url)
        return self._body.render(**context), self._head.render(**context)
