"""What a page gets besides what it shows, on every route: its features' stylesheets and scripts,
our base stylesheet, the listing store's preload, the feeds' ``<link rel="alternate">`` and a paper
page's citation tags. The MkDocs plugin puts them into each rendered page (``on_post_page``);
``opdhub generate``, which cannot see rendered pages, into each page's Markdown and front matter.
"""

from __future__ import annotations

from . import assets
from .codeshown import code_masked
from .feeds import Feeds
from .layout import root_prefix
from .listing import Renderer


def page_parts(
    content: str,
    *,
    page_url: str,
    src_uri: str,
    renderer: Renderer,
    feeds: Feeds | None,
    filter: bool,
    typography: str,
    offline: bool,
    paper_at: str | None = None,
    paper_head: str = "",
    prefix: str = "",
    markdown: bool = False,
) -> tuple[str, str]:
    """``content`` (a page's HTML, or its Markdown) with the tags of the features it shows put
    before the first of them (before ``paper_at`` on a paper page), and the elements for the page's
    head. ``page_url`` is the page's site-relative URL, ``prefix`` its language's folder in it
    (mkdocs-static-i18n); ``offline``: the site is opened from disk, where the data's twin script
    is loaded instead of the data file (no preload). ``markdown``: ``content`` is the page's
    Markdown, for an engine that resolves links in it from the page's source file ``src_uri``
    (Zensical), not from the page; examples of our markup in its code blocks and code spans are
    no features."""
    root = root_prefix(page_url)
    local = page_url.removeprefix(prefix)
    content, features = assets.insert_features(
        content,
        root,
        extra={"paper"} if paper_at else set(),
        at=paper_at,
        filter=filter,
        links_prefix=root_prefix(src_uri) if markdown else None,
        shown=code_masked(content) if markdown else None,
    )
    head = assets.head_links(root, typography=typography) + assets.head_tags(root, features)
    # Only a filter needs the listing store at once; cards without one fetch it when the reader
    # nears them. A site opened from disk loads the data's twin script instead.
    if "filter" in features and not offline:
        head += renderer.store_preload(local)
    if feeds is not None:
        head += feeds.head_links(src_uri, local)
    return content, head + paper_head
