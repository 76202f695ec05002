"""Write paper files: canonical field order, the editor schema modeline, and YAML that reads back
to exactly the same data (ids like ``2604.00626`` stay strings)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from ..model.taxonomy import CORE_FIELDS

ORDER = (
    "id",
    "title",
    "kind",
    "authors",
    "year",
    "date",
    "venue",
    "arxiv",
    "arxiv_category",
    "arxiv_updated",
    "doi",
    "url",
    "code",
    "chapter",
    "section",
)


class _Dumper(yaml.SafeDumper):
    """YAML as people write it: "  - item" under a key, multi-line text as a ``|`` block."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def represent_str(self, value: str):
        return self.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _Dumper.represent_str)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _PaperDumper(_Dumper):
    def represent_str(self, value: str):
        if _DATE.match(value):
            # Unquoted, as people write dates; our loader reads dates back as text.
            return self.represent_scalar("tag:yaml.org,2002:timestamp", value)
        return super().represent_str(value)


_PaperDumper.add_representer(str, _PaperDumper.represent_str)


def dump_yaml(data: Any, width: int = 100) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=width, default_flow_style=False)


def modeline(schema: Path | str, paper_path: Path) -> str:
    rel = os.path.relpath(Path(schema).resolve(), Path(paper_path).resolve().parent)
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}\n"


_LAST = ("added", "summary", "abstract")  # prose at the end, where it does not hide the fields


def ordered(data: dict[str, Any], facet_fields: list[str] = ()) -> dict[str, Any]:
    """Core identity fields first, then the taxonomy's facets, then the rest (added, tags, summary)."""
    keys = [k for k in ORDER if k in data]
    keys += [k for k in facet_fields if k in data and k not in keys]
    keys += [k for k in CORE_FIELDS if k in data and k not in keys and k not in _LAST]
    keys += [k for k in data if k not in keys and k not in _LAST]
    keys += [k for k in _LAST if k in data]
    return {k: data[k] for k in keys}


def dump_paper(data: dict[str, Any], facet_fields: list[str] = (), header: str = "") -> str:
    body = yaml.dump(
        ordered(data, list(facet_fields)),
        Dumper=_PaperDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return header + body
