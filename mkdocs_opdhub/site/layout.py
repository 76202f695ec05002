"""Where every generated page lives, and relative links between pages.

Links inside generated HTML (cards, chips) are not rewritten by MkDocs, so we compute
page-relative URLs ourselves; they then work under any site prefix and offline.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.taxonomy import Chapter, Facet
from .catalog import FacetValue


@dataclass(frozen=True)
class Layout:
    use_directory_urls: bool = True
    all_papers: str = "papers/index.md"
    home: str = "index.md"
    data_file: str = "papers.json"

    # -- source paths of generated pages ------------------------------------------------------
    def chapter_page(self, facet_path: str, chapter: Chapter) -> str:
        return f"{facet_path}/{chapter.slug}.md"

    def facet_page(self, facet: Facet) -> str:
        return f"{facet.path}/index.md"

    def value_page(self, facet: Facet, value: FacetValue) -> str:
        return f"{facet.path}/{value.slug}.md"

    @property
    def data_script(self) -> str:
        """``papers.json`` as a script (``papers.js``): what the filter loads where fetch() cannot
        read files, i.e. a site opened from disk (``file://``, Material's offline plugin)."""
        stem = self.data_file[:-5] if self.data_file.endswith(".json") else self.data_file
        return stem + ".js"

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


def root_prefix(page_url: str) -> str:
    """The relative path from the page at ``page_url`` up to the site root (``../../`` or empty)."""
    return "../" * page_url.count("/")
