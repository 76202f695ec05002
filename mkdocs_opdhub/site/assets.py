"""The stylesheets and scripts the plugin adds to a site, and which page loads which.

Paths are relative to the site root, under ``assets/opdhub/`` (the plugin's theme folder, so a
file at the same path in ``docs/`` replaces ours). Everything is served from the site itself:
MiniSearch and the fonts are vendored copies of npm packages (scripts/vendor_assets.py).

A page loads what it shows. Its head links one small stylesheet of ours (:data:`BASE_CSS`, built
from :func:`base_parts`: fonts, typography, colours, the generated pages' first screen, charts,
badge, graph), the print stylesheet (which
does not block the first paint) and the fonts of the first screen; a page with a listing, a
filter, a graph or a paper's card also the stylesheets and scripts of what it shows
(:func:`head_tags`), so that the browser has them all before it paints and parses the page's body
in one go. The same stylesheets and load.js are also linked just before that feature's markup
(:func:`insert_features`), inside the page's content: Material's instant navigation runs the
scripts it finds there on every page it shows, and modules run once per document however often
they are met.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Set as AbstractSet

TYPOGRAPHY = ("theme", "academic")  # the theme's own fonts, or EB Garamond + Inconsolata

_A = "assets/opdhub/"
FONTS_DIR = _A + "vendor/fonts/"
BASE_CSS = _A + "opdhub.css"  # written at build time from base_parts() (see bundle.py)
PRINT_CSS = _A + "print.css"
_FONTS_CSS = FONTS_DIR + "fonts.css"
_ACADEMIC_CSS = _A + "academic.css"
_DISCOVER_CSS = _A + "discover.css"  # the "New" badge, the charts and the Graph page
# The shared colours and the generated pages' first screen (hero, chapter intro): in the base
# stylesheet, so they are styled from the first paint rather than when the listing's CSS comes.
_PAGES_CSS = _A + "pages.css"
_CARDS_CSS = (_A + "filter.css", _A + "card.css")  # cards, the filter, paper pages
# Marks the page as scripted (class opdhub-js) from the head, so what needs scripts (the filter,
# Cite, Details, the graph's room) is there from the first paint; a file, not an inline script, for
# a strict Content-Security-Policy.
_EARLY_JS = _A + "has-js.js"
_LOAD_JS = _A + "load.js"  # runs the scripts of a page swapped in by instant navigation
SEARCH_LATER_JS = _A + "search-later.js"  # Material's search index fetched when the reader searches

# The entry modules, in the order they run. cards.js: cards, Cite, Details, links to a card, a
# paper page's "Copy BibTeX"; filter.js: the facet filter, search and Export (it imports cards.js);
# graph.js: the Graph page (its filter is filter.js).
_ORDER = (_A + "cards.js", _A + "filter.js", _A + "graph.js")
_CARDS_JS, _FILTER_JS, _GRAPH_JS = _ORDER

# feature -> (stylesheets, scripts)
FEATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "listing": (_CARDS_CSS, (_CARDS_JS,)),  # cards without a filter (e.g. "Recently added"): Cite, Details
    "filter": (_CARDS_CSS, (_FILTER_JS,)),
    "graph": (_CARDS_CSS, (_FILTER_JS, _GRAPH_JS)),
    "paper": (_CARDS_CSS, (_CARDS_JS,)),  # chips, buttons, "Copy BibTeX"
    "cards": (_CARDS_CSS, (_CARDS_JS,)),  # a listing on a site without the filter (option)
}
# A feature is on a page when an element carries its attribute (escaped markup in a code block
# does not match: its "<" is "&lt;").
# Found by the attribute first, then the tag it sits in: a pattern starting at each tag tried every
# tag of every page (about a millisecond a page, 10,000 paper pages), this one is a plain text search.
_ATTRIBUTE = re.compile(r"data-opdhub-(filter|group|graph)(?=[\s>=/])")
_TAG_START = re.compile(r"<[a-z][a-z0-9]*\s")
_FEATURE_OF = {"filter": "filter", "group": "listing", "graph": "graph"}

# The face of the first screen (text and headings): fetched with the stylesheet, so the
# text does not reflow when they arrive.
_PRELOAD_FONTS = (FONTS_DIR + "eb-garamond-latin-400-normal.woff2",)


def base_parts(typography: str) -> list[str]:
    """The files :data:`BASE_CSS` is made of, in order."""
    return ([_FONTS_CSS, _ACADEMIC_CSS] if typography == "academic" else []) + [_PAGES_CSS, _DISCOVER_CSS]


def unused(*, filter: bool, graph: bool, typography: str) -> list[str]:
    """Folders of vendored files no page of the site loads (left out of the site)."""
    return (
        ([] if typography == "academic" else [FONTS_DIR])
        + ([] if graph else [_A + "vendor/cytoscape/"])
        + ([] if filter else [_A + "vendor/minisearch/"])
    )


def head_links(root_prefix: str, *, typography: str) -> str:
    """Elements for every page's head (``root_prefix`` leads from the page to the site root)."""
    out = f'<link rel="stylesheet" href="{root_prefix}{BASE_CSS}">'
    out += f'<link rel="stylesheet" href="{root_prefix}{PRINT_CSS}" media="print">'
    if typography == "academic":
        out += "".join(
            f'<link rel="preload" href="{root_prefix}{path}" as="font" type="font/woff2" crossorigin>'
            for path in _PRELOAD_FONTS
        )
    return out


def _markers(html: str) -> list[tuple[int, str]]:
    """(where its tag starts, feature) of each element of ``html`` that carries a feature's attribute."""
    found = []
    for match in _ATTRIBUTE.finditer(html):
        at = match.start()
        if not html[at - 1].isspace():
            continue
        tag = html.rfind("<", 0, at)
        if tag >= 0 and html.find(">", tag, at) < 0 and _TAG_START.match(html, tag):
            found.append((tag, _FEATURE_OF[match.group(1)]))
    return found


def features_in(html: str) -> set[str]:
    return {feature for _, feature in _markers(html)}


def _scripts(features: set[str]) -> list[str]:
    wanted = {s for f in features for s in FEATURES[f][1]}
    return [s for s in _ORDER if s in wanted]


def _stylesheet_links(to_root: str, features: set[str]) -> str:
    """The ``<link>`` of each stylesheet of ``features``, once, in a fixed order."""
    sheets = dict.fromkeys(c for f in sorted(features) for c in FEATURES[f][0])
    return "".join(f'<link rel="stylesheet" href="{to_root}{c}">' for c in sheets)


def head_tags(root_prefix: str, features: set[str]) -> str:
    """For the head of a page showing ``features``: their stylesheets, has-js.js and their scripts.
    In the head, the stylesheets block the first paint as the base stylesheet does, and has-js.js
    (a parser-blocking script, fetched with them) no longer stops the parser in the middle of the
    page, where the browser would paint a first screen without the rest and Material's start-up
    would come after it."""
    out = _stylesheet_links(root_prefix, features)
    if features - {"cards"}:
        out += f'<script src="{root_prefix}{_EARLY_JS}"></script>'
    return out + script_tags(root_prefix, features)


def script_tags(root_prefix: str, features: set[str], *, modules: bool = True) -> str:
    """For the head: the scripts of ``features``, in order. Modules (deferred, run once per
    document), or deferred classic scripts for a site opened from disk, where browsers refuse
    modules."""
    kind = 'type="module"' if modules else "defer"
    return "".join(f'<script {kind} src="{root_prefix}{s}"></script>' for s in _scripts(features))


def feature_tags(root_prefix: str, features: set[str], *, modules: bool = True, links_prefix: str | None = None) -> str:
    """For the content, before the features: their stylesheets (already in the head, see
    :func:`head_tags`; here for a page that instant navigation swaps in), and load.js, which runs
    their scripts on such a page (it runs the scripts it finds there only).
    ``links_prefix``: the way to the site root for ``href`` and ``src`` when an engine resolves
    them from the page's source file, not from the page (Zensical rewrites them); load.js's list
    is read from the page."""
    to_root = root_prefix if links_prefix is None else links_prefix
    out = _stylesheet_links(to_root, features)
    listed = " ".join(root_prefix + s for s in _scripts(features))
    kind = ' data-opdhub-type="module"' if modules else ""
    return out + f'<script defer src="{to_root}{_LOAD_JS}" data-opdhub-scripts="{listed}"{kind}></script>'


def insert_features(
    html: str,
    root_prefix: str,
    *,
    extra: AbstractSet[str] = frozenset(),
    at: str | None = None,
    modules: bool = True,
    filter: bool = True,
    links_prefix: str | None = None,
    shown: str | None = None,
) -> tuple[str, set[str]]:
    """``html`` with the :func:`feature_tags` of the features it shows (and ``extra``) just before
    the first of them (or before ``at``); and those features. ``shown``: where to look for them,
    when not all of ``html`` is shown as markup (Markdown with its code blocks blanked, as long)."""
    markers = _markers(html if shown is None else shown)
    features = {feature for _, feature in markers} | set(extra)
    if not filter and features & {"listing", "filter"}:  # the filter option off: cards, no filter.js
        features = (features - {"listing", "filter"}) | {"cards"}
    where = html.find(at) if at else (markers[0][0] if markers else -1)
    if not features or where < 0:
        return html, set()
    tags = feature_tags(root_prefix, features, modules=modules, links_prefix=links_prefix)
    return html[:where] + tags + html[where:], features


# Material's search box is a dialog without a name (Lighthouse: aria-dialog-name); it is named
# after its own input's label, which the theme translates.
_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(?=>)')
_SEARCH_LABEL = re.compile(r'<input type="text" class="md-search__input" name="query" aria-label="([^"]*)"')


def name_dialogs(html: str) -> str:
    label = _SEARCH_LABEL.search(html)
    return _DIALOG.sub(lambda m: f'{m.group(1)} aria-label="{label.group(1) if label else "Search"}"', html, count=1)


# Material's script, at the end of the body; its src leads to the site root of the page's language.
_MATERIAL_JS = re.compile(r'<script src="([^"<>]*?)assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')
_SEARCH_FORM = '<form class="md-search__form" name="search"'


def search_later(html: str) -> str:
    """``html`` with :data:`SEARCH_LATER_JS` just before Material's script, when the page has
    Material's search: that script then fetches its index when the reader starts to search, not on
    every page (a page opened from disk, where Material already waits, has no ``.json`` index)."""
    if _SEARCH_FORM not in html:
        return html
    return _MATERIAL_JS.sub(
        lambda m: f'<script src="{m.group(1)}{SEARCH_LATER_JS}"></script>{m.group(0)}', html, count=1
    )


_URL = re.compile(r"url\(\s*(['\"]?)(?![a-z]+:|/|#)([^'\")]+)\1\s*\)", re.I)


def rebase_css(css: str, source: str, target: str) -> str:
    """``css`` of the file ``source`` with its relative ``url()``s made relative to ``target``
    (site paths), for joining stylesheets of several folders in one file."""
    here, there = posixpath.dirname(source), posixpath.dirname(target)

    def move(match: re.Match) -> str:
        path = posixpath.relpath(posixpath.normpath(posixpath.join(here, match.group(2))), there or ".")
        return f"url({match.group(1)}{path}{match.group(1)})"

    return _URL.sub(move, css)
