"""Our assets as a built site serves them: the base stylesheet joined from its parts, and every
script and stylesheet of ours minified (the readable sources stay in the package).

Generic over file names: every ``.js`` and ``.css`` under the assets folder is minified, whatever
it holds (modules included: the minifier keeps template literals, regular expressions and
``import``/``export`` intact), except files already minified (``*.min.js``, ``*.min.css``).
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

from ..formats.templates import THEME_DIR
from . import assets

ASSETS = "assets/opdhub"


def minify(path: Path) -> bool:
    """Minify one file in place; whether it changed."""
    text = path.read_text("utf-8")
    # Comments starting /*! (licence notices) are kept, as minifiers do by convention.
    small = (
        rjsmin.jsmin(text, keep_bang_comments=True)
        if path.suffix == ".js"
        else rcssmin.cssmin(text, keep_bang_comments=True)
    )
    if small == text:
        return False
    path.write_text(small, "utf-8")
    return True


def finish(site: Path, typography: str) -> None:
    """Write the base stylesheet and minify our assets in a built ``site``."""
    folder = site / ASSETS
    if not folder.is_dir():
        return
    parts = [(part, site / part) for part in assets.base_parts(typography)]
    (site / assets.BASE_CSS).write_text(
        "\n".join(
            assets.rebase_css(path.read_text("utf-8"), part, assets.BASE_CSS) for part, path in parts if path.is_file()
        ),
        "utf-8",
    )
    minify(site / assets.BASE_CSS)  # made here from our files, not a copy of one
    ours = THEME_DIR / ASSETS
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".js", ".css") and not path.name.endswith((".min.js", ".min.css")) and path.is_file():
            source = ours / path.relative_to(folder)
            # a file of the site's own docs/ at our path replaces ours: it is published as written
            if source.is_file() and source.read_bytes() == path.read_bytes():
                minify(path)
