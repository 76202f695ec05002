"""What in a site's config makes readers' browsers call a third-party host, and how the plugin
keeps a site from doing so unless its owner opts in (the ``external_requests`` option).

Material for MkDocs calls out in two places by default: ``theme.font`` loads the fonts from
Google Fonts on every page, and ``repo_url`` makes every page ask the forge's API (GitHub's, for
a GitHub repository) for its stars, forks and latest release. Without the opt-in the plugin turns
the fonts off (the theme falls back to the system's fonts) and shows the repository link without
those facts; other config entries that load from another host are reported, so that a strict
build fails until the owner either removes them or opts in.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

# Templates that replace the theme's own parts that call out (Material's repository facts).
# Goes after a site's custom_dir and before the theme, so a site's own override still wins.
PRIVACY_DIR = Path(str(resources.files("mkdocs_opdhub").joinpath("privacy")))


def _external(value: Any) -> bool:
    text = str(getattr(value, "path", value) or "")
    return text.lower().startswith(("http://", "https://", "//"))


def outside_loads(
    *,
    extra_css: Iterable[Any] = (),
    extra_javascript: Iterable[Any] = (),
    theme: dict | None = None,
    extra: dict | None = None,
) -> list[str]:
    """Config entries, other than Material's fonts and repository facts, that load from another
    host at run time: each as the text of a message."""
    found = [f"extra_css loads {getattr(c, 'path', c)}" for c in extra_css if _external(c)]
    found += [f"extra_javascript loads {getattr(j, 'path', j)}" for j in extra_javascript if _external(j)]
    theme = theme or {}
    for key in ("logo", "favicon"):
        if _external(theme.get(key)):
            found.append(f"theme.{key} loads {theme[key]}")
    analytics = (extra or {}).get("analytics")
    if isinstance(analytics, dict) and analytics.get("provider"):
        found.append(f"extra.analytics sends page views to {analytics['provider']}")
    return found


def turns_font_off(theme_name: str | None, font: Any, *, typography: str, external_requests: bool) -> bool:
    """Whether the site's ``theme.font`` is set to ``false``, on every route: Material (or Zensical,
    which reads the same setting) would load its font from Google Fonts, which the academic
    typography replaces with fonts served from the site, and which a site keeps away from unless
    it allows external requests. (An unset font is Material's default: from Google Fonts too.)"""
    return (
        (theme_name or "material") == "material"
        and font is not False
        and (typography == "academic" or not external_requests)
    )
