"""Our assets as a built site serves them: the base stylesheet joined from its parts, and every
script and stylesheet of ours minified (the readable sources stay in the package).

Generic over file names: every ``.js`` and ``.css`` under the assets folder is minified, whatever
it holds (modules included: the minifier keeps template literals, regular expressions and
``import``/``export`` intact), except files already minified (``*.min.js``, ``*.min.css``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import rcssmin
import rjsmin

from ..formats.templates import THEME_DIR
from . import assets

ASSETS = "assets/opdhub"


def minified(name: str, text: str) -> str:
    """The text of our asset ``name`` (a ``.js`` or ``.css`` file) minified."""
    # Comments starting /*! (licence notices) are kept, as minifiers do by convention.
    if name.endswith(".js"):
        return rjsmin.jsmin(text, keep_bang_comments=True)
    return rcssmin.cssmin(text, keep_bang_comments=True)


def minifiable(name: str) -> bool:
    return name.endswith((".js", ".css")) and not name.endswith((".min.js", ".min.css"))


def minify(path: Path) -> bool:
    """Minify one file in place; whether it changed."""
    text = path.read_text("utf-8")
    small = minified(path.name, text)
    if small == text:
        return False
    path.write_text(small, "utf-8")
    return True


def base_css(typography: str, read: Callable[[str], str | None]) -> str:
    """:data:`assets.BASE_CSS`, minified, from its parts as ``read`` gives them (site path ->
    text, None when absent)."""
    parts = [(part, read(part)) for part in assets.base_parts(typography)]
    joined = "\n".join(assets.rebase_css(text, part, assets.BASE_CSS) for part, text in parts if text is not None)
    return minified(assets.BASE_CSS, joined)


def finish(site: Path, typography: str) -> None:
    """Write the base stylesheet and minify our assets in a built ``site``."""
    folder = site / ASSETS
    if not folder.is_dir():
        return

    def read(part: str) -> str | None:
        path = site / part
        return path.read_text("utf-8") if path.is_file() else None

    (site / assets.BASE_CSS).write_text(base_css(typography, read), "utf-8")  # made here from our files
    ours = THEME_DIR / ASSETS
    for path in sorted(folder.rglob("*")):
        if minifiable(path.name) and path.is_file() and path != site / assets.BASE_CSS:
            source = ours / path.relative_to(folder)
            # a file of the site's own docs/ at our path replaces ours: it is published as written
            if source.is_file() and source.read_bytes() == path.read_bytes():
                minify(path)


def served(typography: str, leave_out: Sequence[str] = (), own: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Our assets folder as a built site serves it (site path -> content), for an engine that
    copies files as they are (``opdhub generate``): scripts and stylesheets minified, the base
    stylesheet made, the folders in ``leave_out`` (``assets.unused``) left out. ``own``: the site's
    own files (site path -> content); one at our path replaces ours and is published as written."""
    own = own or {}
    out = {}
    for source in sorted((THEME_DIR / ASSETS).rglob("*")):
        name = source.relative_to(THEME_DIR).as_posix()
        if not source.is_file() or name in own or name.startswith(tuple(leave_out)):
            continue
        data = source.read_bytes()
        out[name] = minified(name, data.decode("utf-8")).encode("utf-8") if minifiable(name) else data

    def read(part: str) -> str | None:
        if part in own:
            return own[part].decode("utf-8")
        source = THEME_DIR / part
        return source.read_text("utf-8") if source.is_file() else None

    if assets.BASE_CSS not in own:
        out[assets.BASE_CSS] = base_css(typography, read).encode("utf-8")
    return out
