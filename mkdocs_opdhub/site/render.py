"""Jinja rendering of cards and generated pages, from template files a theme can override.

Templates are looked up in the theme's folders first (``custom_dir``), then in ours, so a site
overrides ``opdhub/card.html`` by putting a file of that name in its ``custom_dir``.
"""

from __future__ import annotations

import datetime as _dt
import re
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

THEME_DIR = Path(str(resources.files("mkdocs_opdhub").joinpath("theme")))

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def safe_url(url: object) -> str:
    """Only http(s) links reach a page; anything else becomes an inert ``#``.

    A URL with whitespace, ``<``, ``>`` or ``"`` is refused too; ``'`` is a valid URL character
    (autoescape escapes it in attributes).
    """
    text = str(url or "").strip()
    if urlsplit(text).scheme.lower() in ("http", "https") and not re.search(r'[\s<>"\x00-\x1f\x7f]', text):
        return text
    return "#"


_MD_BLANKS = re.compile(r"[\s\x00-\x1f\x7f]+")
_MD_ALWAYS = re.compile(r"([\\`*\[\]#|{}])")
_MD_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # an underscore inside a word is not emphasis
_MD_LINE_START = re.compile(r"^[-+!]")


def md_text(text: object) -> Markup:
    """Text shown literally in Markdown (a heading, a table cell, a link's text, a paragraph).

    Contributor and taxonomy text is not markup: newlines and control characters become spaces,
    ``&`` and ``<``/``>`` become entities, and the characters that start Markdown syntax (links,
    emphasis, code, table cells, attribute lists, headings, list items) get a backslash. The result
    is ``Markup`` so autoescape does not escape the entities again.
    """
    value = _MD_BLANKS.sub(" ", "" if text is None else str(text)).strip()
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_ALWAYS.sub(r"\\\1", value)
    value = _MD_UNDERSCORE.sub(r"\\_", value)
    if _MD_LINE_START.match(value):  # "- x", "+ x" would start a list
        value = "\\" + value
    return Markup(value)


def paragraphs(text: object) -> list[str]:
    """Taxonomy prose (an intro, a description) as paragraphs: split at blank lines, each on one
    line. The text stays text: templates print each paragraph escaped, never as Markdown."""
    parts = re.split(r"\n[ \t]*\n", "" if text is None else str(text).strip())
    return [" ".join(part.split()) for part in parts if part.strip()]


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
    dirs = [str(d) for d in template_dirs]
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
    env.filters["paragraphs"] = paragraphs
    env.filters["human_date"] = human_date
    env.filters["data_attr"] = data_attr
    env.filters["display_name"] = display_name
    env.globals["today"] = _dt.date.today
    return env


def collapse(html: str) -> Markup:
    """One line per element: Python-Markdown keeps a raw HTML block intact only without blank lines."""
    return Markup("\n".join(line.strip() for line in html.splitlines() if line.strip()))


def join_lines(parts: Iterable[str]) -> str:
    return "\n".join(parts)
