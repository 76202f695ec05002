"""The stylesheets and scripts the plugin adds to a site, in load order, for its options.

Paths are relative to the site root, under ``assets/opdhub/`` (the plugin's theme folder, so a
file at the same path in ``docs/`` replaces ours). Everything is served from the site itself:
MiniSearch and the fonts are vendored copies of npm packages (scripts/vendor_assets.py).
"""

from __future__ import annotations

TYPOGRAPHY = ("theme", "academic")  # the theme's own fonts, or EB Garamond + Inconsolata

_FILTER_CSS = ("assets/opdhub/filter.css", "assets/opdhub/card.css")  # card.css uses filter.css's colours
# The scripts are ES modules (type="module", see MODULE): these are the entry modules, each importing
# what it uses (MiniSearch, the search, the cards, page.js...). cards.js: cards, Cite, Details and
# links to a card (any page with cards, a paper page's "Copy BibTeX"); filter.js: the facet filter
# (imports cards.js: a page with a filter needs only filter.js).
_FILTER_JS = ("assets/opdhub/cards.js", "assets/opdhub/filter.js")
_ACADEMIC_CSS = ("assets/opdhub/vendor/fonts/fonts.css", "assets/opdhub/academic.css")
# The "New" badge, the charts and the Graph page, on every site (the graph loads its library itself).
_DISCOVER_CSS = ("assets/opdhub/discover.css",)
_DISCOVER_JS = ("assets/opdhub/graph.js",)
MODULE = "module"  # the type of every script in scripts(): browsers refuse modules from file:// pages
_PRINT_CSS = ("assets/opdhub/print.css",)
# Marks the page as scripted (class opdhub-js) from the head, before the filter is parsed, so the
# filter is there from the first paint; a file, not an inline script, for a strict
# Content-Security-Policy (docs/security.md).
_EARLY_JS = "assets/opdhub/has-js.js"


def stylesheets(*, filter: bool, typography: str) -> list[str]:
    out = list(_ACADEMIC_CSS) if typography == "academic" else []
    if filter:
        out += _FILTER_CSS
    return out + list(_DISCOVER_CSS) + list(_PRINT_CSS)


def scripts(*, filter: bool) -> list[str]:
    return (list(_FILTER_JS) if filter else []) + list(_DISCOVER_JS)


# The faces nearly every page shows (text, headings, card titles): fetched with the stylesheets,
# before the first paint, so the text does not reflow when they arrive (layout shift).
_PRELOAD_FONTS = ("assets/opdhub/vendor/fonts/eb-garamond-latin-400-normal.woff2",
                  "assets/opdhub/vendor/fonts/eb-garamond-latin-500-normal.woff2",
                  "assets/opdhub/vendor/fonts/eb-garamond-latin-600-normal.woff2")


def head_links(root_prefix: str, *, filter: bool, typography: str) -> str:
    """Elements for a page's head (``root_prefix`` leads from the page to the site root)."""
    out = f'<script src="{root_prefix}{_EARLY_JS}"></script>' if filter else ""
    if typography == "academic":
        out += "".join(f'<link rel="preload" href="{root_prefix}{path}" as="font" type="font/woff2" crossorigin>'
                       for path in _PRELOAD_FONTS)
    return out
