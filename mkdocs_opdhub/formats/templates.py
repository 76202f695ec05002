"""Jinja rendering of cards and generated pages, from template files a theme can override.

Templates are looked up in the theme's folders first (``custom_dir``), then in ours, so a site
overrides ``opdhub/card.html`` by putting a file of that name in its ``custom_dir``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from .escape import code_fence, doi_url, md_text, md_url, safe_url

THEME_DIR = Path(str(resources.files("mkdocs_opdhub").joinpath("theme")))
# The filter's style and scripts under THEME_DIR, as a site links them (each before its users).

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_date(text: str | None) -> str:
    """``2026-03-01`` -> ``Mar 2026``; a bare year stays as it is."""
    if not text:
        return ""
    parts = str(text).split("-")
    try:
        if len(parts) >= 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return str(text)


def display_name(author: str) -> str:
    """``Last, First`` -> ``First Last`` (a list of "Last, First" joined by commas is unreadable)."""
    last, comma, first = str(author).partition(",")
    return f"{first.strip()} {last.strip()}" if comma and first.strip() and "," not in first else str(author)


def data_attr(name: str) -> str:
    """``data-<facet field>``, the field name kept as is (``data-has_code``; ``dataset.has_code``)."""
    return "data-" + name


def make_env(template_dirs: Sequence[str | Path] = ()) -> jinja2.Environment:
    """The Jinja environment of our templates, one per list of template folders: templates
    compile once per process (``mkdocs serve`` rebuilds reuse them; Jinja reloads an edited one)."""
    return _env(tuple(str(d) for d in template_dirs))


@functools.lru_cache(maxsize=8)
def _env(template_dirs: tuple[str, ...]) -> jinja2.Environment:
    dirs = list(template_dirs)
    if str(THEME_DIR) not in dirs:
        dirs.append(str(THEME_DIR))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(dirs),
        autoescape=True,  # every template, including the Markdown ones: contributor text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["md_text"] = md_text
    env.filters["md_url"] = md_url
    env.filters["doi_url"] = doi_url
    env.filters["code_fence"] = code_fence
    env.filters["human_date"] = human_date
    env.filters["data_attr"] = data_attr
    env.filters["display_name"] = display_name
    env.globals["today"] = build_date
    return env


def build_date() -> _dt.date:
    """The date of this build: ``SOURCE_DATE_EPOCH`` when set (reproducible builds, as MkDocs' own
    sitemap dates), else today in UTC, so a template's date does not depend on the machine's time zone."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
        if epoch and epoch.isdigit()
        else _dt.datetime.now(_dt.timezone.utc)
    )
    return moment.date()


def collapse(html: str) -> Markup:
    """One line per element: Python-Markdown keeps a raw HTML block intact only without blank lines."""
    return Markup("\n".join(line.strip() for line in html.splitlines() if line.strip()))


def join_lines(parts: Iterable[str]) -> str:
    return "\n".join(parts)
