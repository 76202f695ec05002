"""Where every generated page lives, and relative links between pages.

Links inside generated HTML (cards, chips) are not rewritten by MkDocs, so we compute
page-relative URLs ourselves; they then work under any site prefix and offline.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..model.catalog import FacetValue
from ..model.taxonomy import Chapter, Facet


@dataclass(frozen=True)
class Layout:
    use_directory_urls: bool = True
    all_papers: str = "papers/index.md"
    home: str = "index.md"
    data_file: str = "papers.json"
    graph: str = "graph.md"
    graph_data: str = "graph.json"
    trends: str = "trends.md"
    paper_pages: bool = True

    # -- source paths of generated pages ------------------------------------------------------
    def chapter_page(self, facet_path: str, chapter: Chapter) -> str:
        return f"{facet_path}/{chapter.slug}.md"

    def facet_page(self, facet: Facet) -> str:
        return f"{facet.path}/index.md"

    def value_page(self, facet: Facet, value: FacetValue) -> str:
        return f"{facet.path}/{value.slug}.md"

    @property
    def data_script(self) -> str:
        return script_of(self.data_file)

    @property
    def papers_folder(self) -> str:
        """The folder of paper pages: the All papers page's own folder (``papers/``)."""
        return posixpath.dirname(self.all_papers) or "papers"

    def paper_page(self, paper_id: str) -> str:
        return f"{self.papers_folder}/{paper_id}.md"

    @property
    def listing_store(self) -> str:
        """The data every listing loads: papers.json's records without their BibTeX (which Cite
        and Export take from papers.json when asked): one file the browser fetches once for
        every page of the site."""
        return "opdhub-data/cards.json"

    # -- URLs -----------------------------------------------------------------------------------
    def url(self, src_uri: str) -> str:
        """Site-relative URL of a page, as MkDocs will publish it."""
        if not src_uri.endswith(".md"):
            return src_uri
        stem = src_uri[:-3]
        if self.use_directory_urls:
            if stem == "index" or stem.endswith("/index"):
                return stem[: -len("index")]
            return stem + "/"
        return stem + ".html"


def script_of(data_file: str) -> str:
    """A data file's twin as a script (``papers.json`` -> ``papers.js``): what the filter loads
    where fetch() cannot read files, i.e. a site opened from disk (``file://``, Material's offline
    plugin). data.js derives the same name from a data URL."""
    return (data_file[:-5] if data_file.endswith(".json") else data_file) + ".js"


def root_prefix(page_url: str) -> str:
    """The relative path from the page at ``page_url`` up to the site root (``../../`` or empty)."""
    return "../" * page_url.count("/")


def relative_url(target: str, folder: str) -> str:
    """The shortest link from a page in site folder ``folder`` (``papers/`` or ``chapters/``) to
    the site URL ``target``: the All papers page links its papers as ``x/``, not ``../papers/x/``."""
    base = folder.rstrip("/")
    if not base:
        return target
    link = posixpath.relpath(target, base)
    return link + "/" if target.endswith("/") and not link.endswith("/") else link
