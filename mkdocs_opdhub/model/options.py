"""The plugin's options, declared once: names, types, defaults and limits.

The MkDocs plugin derives its config schema from :class:`Options` (see ``plugin.py``) and the
opdhub CLI reads ``mkdocs.yml`` into it with :func:`options_from`; both run :func:`check_option`,
so a value the build refuses is refused by every command too. Nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any

TYPOGRAPHY = ("theme", "academic")  # the theme's own fonts, or EB Garamond + Inconsolata
_COUNT = {"min": 0}  # a number of things shown: 0 turns the thing off


@dataclass
class Options:
    """The plugin's options (the same names as in ``mkdocs.yml``), with their defaults."""

    papers_dir: str = "papers"
    taxonomy: str | dict | None = "taxonomy.yml"
    schema_file: str | None = "schema/paper.schema.json"  # read by the opdhub CLI (null: none)
    all_papers_page: str = "papers/index.md"
    papers_json: str = "papers.json"
    home: bool = True
    nav: bool = True
    recent: int = field(default=10, metadata=_COUNT)
    authors_shown: int = field(default=5, metadata=_COUNT)
    filter: bool = True
    apis: dict | None = None  # scholarly API addresses and politeness (opdhub enrich/scout, tools/scholarly)
    new_days: int = field(default=30, metadata=_COUNT)  # a "New" badge on papers added in the last N days (0: none)
    feeds: bool = True  # RSS 2.0 and JSON Feed of recently added papers (needs site_url)
    feed_items: int = field(default=50, metadata=_COUNT)
    graph: bool = True  # the Graph page (and graph.json)
    trends: bool = True  # the Trends page and a chart on each chapter page
    related: int = field(default=5, metadata=_COUNT)  # related papers shown on a paper's page (0: none)
    typography: str = field(default="theme", metadata={"choices": TYPOGRAPHY})  # "academic": fonts served from the site
    paper_pages: bool = True
    external_requests: bool = False  # allow theme parts that make readers' browsers call other hosts
    replace: list[str] = field(default_factory=list)  # generated paths a user's file replaces on purpose


class OptionError(ValueError):
    """An option with a value of the wrong type or out of its range."""


FIELDS: dict[str, dataclasses.Field] = {f.name: f for f in dataclasses.fields(Options)}
_TYPES = typing.get_type_hints(Options)


def default(name: str) -> Any:
    """The default of an option (a fresh copy for lists)."""
    f = FIELDS[name]
    return f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default


def check_option(name: str, value: Any) -> Any:
    """``value`` if it suits the option ``name``; else :class:`OptionError` saying what it must be."""
    f = FIELDS[name]
    if not _fits(value, _TYPES[name]):
        raise OptionError(f"the option '{name}' must be {_describe(_TYPES[name])}, not {value!r}")
    if "min" in f.metadata and value < f.metadata["min"]:
        raise OptionError(f"the option '{name}' must be {f.metadata['min']} or more, not {value}")
    if "choices" in f.metadata and value not in f.metadata["choices"]:
        raise OptionError(
            f"the option '{name}' must be one of {', '.join(map(repr, f.metadata['choices']))}, not {value!r}"
        )
    return value


def options_from(mapping: dict[str, Any]) -> Options:
    """Options from the plugin's entry in ``mkdocs.yml``, checked as the plugin checks them
    (unknown names are left to MkDocs, which warns about them)."""
    return Options(**{k: check_option(k, v) for k, v in mapping.items() if k in FIELDS})


def _fits(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, getattr(types, "UnionType", None)):
        return any(_fits(value, arm) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(_fits(v, item) for v in value)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)  # YAML's yes/no are not counts
    return isinstance(value, origin or hint)


def _describe(hint: Any) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", dict: "a mapping", type(None): "null"}
    if typing.get_origin(hint) is list:
        return "a list of " + _describe(typing.get_args(hint)[0])
    arms = typing.get_args(hint) if typing.get_origin(hint) not in (None, list) else (hint,)
    return " or ".join(names.get(a, getattr(a, "__name__", str(a))) for a in arms)
