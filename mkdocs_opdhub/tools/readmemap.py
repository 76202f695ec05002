"""Where each imported entry came from: the README map that makes the export a no-op.

``opdhub import README.md`` writes ``README.opdhub.json`` next to the README. For every entry it
imported, the map records the paper file it became, the entry's lines in the README (and a hash
of their text) and the fields the entry was read as::

    {"version": 1, "readme": "README.md",
     "entries": [{"paper": "2305.20050", "lines": [41, 43], "sha1": "…", "shape": ["item", "1.", "ordered_list"],
                  "fields": {"title": "…", "url": "…", "year": 2023, "chapter": "reasoning"}}]}

``opdhub export readme --into README.md`` finds each entry by its recorded place (the same text,
nearest its recorded line: lines above it may have moved), and leaves it byte for byte as it is
while its paper file still has those fields. Identity is the place, never a title or an arXiv
id: two entries sharing a title stay two entries. The export rewrites the map after each change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = 1
SUFFIX = ".opdhub.json"
# What a README entry can show; the other fields of a paper file (tags, facets, dates) never
# change an entry's lines.
FIELDS = (
    "title",
    "url",
    "year",
    "venue",
    "authors",
    "arxiv",
    "doi",
    "code",
    "summary",
    "kind",
    "chapter",
    "section",
)


class MapError(Exception):
    """A README map that cannot be read."""


@dataclass
class Placed:
    paper: str  # the paper file's id
    start: int  # 1-based, inclusive
    end: int
    sha1: str
    head: str  # hash of the first line, to look for the entry where it moved
    fields: dict[str, Any]
    shape: list
    place: tuple[str | None, str | None] = (
        None,
        None,
    )  # the chapter and section of its heading

    @classmethod
    def at(
        cls,
        lines: list[str],
        paper: str,
        start: int,
        end: int,
        fields: dict[str, Any],
        shape: list,
        place: tuple[str | None, str | None],
    ) -> Placed:
        return cls(
            paper,
            start,
            end,
            block_sha(lines, start, end),
            line_sha(lines[start - 1]),
            fields,
            shape,
            tuple(place),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "paper": self.paper,
            "lines": [self.start, self.end],
            "sha1": self.sha1,
            "head": self.head,
            "place": list(self.place),
            "shape": self.shape,
            "fields": self.fields,
        }


def map_path(readme: Path) -> Path:
    """``README.md`` -> ``README.opdhub.json``."""
    return readme.with_name(readme.stem + SUFFIX)


def fields_of(get: Callable[[str], Any]) -> dict[str, Any]:
    """The shown fields of a paper (``get``: a paper file's data ``.get`` or ``Paper.get``),
    in one form for both: no empty values, ``kind`` always there."""
    out: dict[str, Any] = {}
    for name in FIELDS:
        value = get(name)
        if name == "kind":
            value = value or "paper"
        if isinstance(value, tuple):
            value = list(value)
        if value is None or value == [] or value == "":
            continue
        out[name] = value
    return out


def block_sha(lines: list[str], start: int, end: int) -> str:
    return hashlib.sha1("\n".join(lines[start - 1 : end]).encode("utf-8")).hexdigest()


def line_sha(line: str) -> str:
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:12]


def read_map(path: Path, shown: str) -> list[Placed] | None:
    """The map of a README, or None when there is none."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise MapError(f"{shown}: version {data.get('version')!r} is not {VERSION}")
        return [
            Placed(
                e["paper"],
                int(e["lines"][0]),
                int(e["lines"][1]),
                e["sha1"],
                str(e["head"]),
                dict(e["fields"]),
                list(e.get("shape", [])),
                tuple(e["place"]),
            )
            for e in data["entries"]
        ]
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
    ) as exc:
        raise MapError(
            f"{shown}: not a README map ({exc.__class__.__name__}: {exc}); delete it and run "
            "'opdhub import' again to record the entries anew"
        ) from None


def map_text(readme_name: str, placed: list[Placed]) -> str:
    # one entry a line: a change to the README changes the lines of its entries only
    entries = ",\n  ".join(json.dumps(p.as_json(), ensure_ascii=False) for p in sorted(placed, key=lambda p: p.start))
    head = json.dumps({"version": VERSION, "readme": readme_name})[:-1]
    return f'{head}, "entries": [\n  {entries}\n]}}\n' if entries else f'{head}, "entries": []}}\n'


def locate(lines: list[str], placed: Placed, starts: dict[str, list[int]] | None = None) -> tuple[int, int] | None:
    """Where the entry's recorded text is now: at its recorded lines, else the same text nearest
    them (lines above it were added or removed); None when its text was edited."""
    length = placed.end - placed.start
    if placed.end <= len(lines) and block_sha(lines, placed.start, placed.end) == placed.sha1:
        return placed.start, placed.end
    starts = starts if starts is not None else line_index(lines)
    candidates = starts.get(placed.head, [])
    best = None
    for start in candidates:
        end = start + length
        if (
            end <= len(lines)
            and block_sha(lines, start, end) == placed.sha1
            and (best is None or abs(start - placed.start) < abs(best - placed.start))
        ):
            best = start
    return (best, best + length) if best is not None else None


def line_index(lines: list[str]) -> dict[str, list[int]]:
    """1-based line numbers of each distinct line (by its hash), for :func:`locate`."""
    out: dict[str, list[int]] = {}
    for number, line in enumerate(lines, 1):
        out.setdefault(line_sha(line), []).append(number)
    return out


def entry_end(lines: list[str], start: int, end: int | None) -> int:
    """The entry's last line (1-based), not counting blank lines after it."""
    end = max(end or start, start)
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def record_entries(
    original: str,
    final: str,
    items: list[tuple[int, int | None, str, dict[str, Any], tuple, tuple]],
) -> list[Placed]:
    """The map of a README read as ``original`` and now ``final`` (export markers added): for
    each (first line, last line, paper id, paper file data, shape, place) of an imported entry."""
    before, after = original.splitlines(), final.splitlines()
    starts = line_index(after)
    out = []
    for start, end, paper, data, shape, place in items:
        end = entry_end(before, start, end)
        recorded = Placed.at(before, paper, start, end, fields_of(data.get), list(shape), place)
        found = locate(after, recorded, starts)
        if found is not None:
            out.append(Placed.at(after, paper, *found, recorded.fields, recorded.shape, place))
    return out
