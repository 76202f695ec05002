"""Files the plugin writes into the built site itself, after MkDocs' own pages: the listings'
data file (and its twin script). Paper pages are ordinary pages of the site (see
:mod:`.paperpage`), so nothing MkDocs or another plugin wrote is changed afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .layout import script_of

if TYPE_CHECKING:
    from .plan import SitePlan


def finish_site(site: Path, plan: SitePlan, outputs: Outputs) -> None:
    """After MkDocs' own pages: the listing store and its twin script (for pages opened from
    disk), when a listing uses them; written after the pages, which is when the cards are made."""
    if not plan.renderer.uses_store:
        return
    path = plan.layout.listing_store
    data = plan.data_files.store_json()
    outputs.write(site / path, data)
    outputs.write(site / script_of(path), plan.data_files.script_parts(data))


class Outputs:
    """Writes generated files, skipping a file whose content is what this object wrote there
    last time and which is still there (``mkdocs serve`` keeps the object across rebuilds)."""

    def __init__(self):
        self._written: dict[str, tuple[int, int]] = {}  # path -> (hash of the text, size in bytes)

    def write(self, path, content: str | bytes | tuple[str, ...]) -> bool:
        """Write ``content`` (text, bytes, or text in parts: a data file's twin script is the
        data file between two short strings, and is never joined as text first)."""
        if isinstance(content, tuple):
            data = b"".join(part.encode("utf-8") for part in content)
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
        key = str(path)
        stamp = (hash(data), len(data))
        if self._written.get(key) == stamp:
            try:
                if path.stat().st_size == len(data):
                    return False
            except OSError:
                pass
        _write_file(key, data)
        self._written[key] = stamp
        return True


def _write_file(path: str, data: bytes) -> None:
    """``path`` holds ``data``, its folder made if need be. Plain ``os`` calls: thousands of paper
    pages each in a folder of its own spend a third less than through ``pathlib`` and ``open``."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
