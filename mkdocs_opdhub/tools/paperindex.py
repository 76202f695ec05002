"""What one-file validation needs to know about every other paper, without reading it again.

``opdhub validate papers/one.yaml`` (what pre-commit runs) checks the named file against the
whole collection for duplicates (id, arXiv id, DOI, title). Re-parsing 10,000 files for that
takes seconds; this index keeps, per paper file, the few fields the duplicate rules compare,
keyed on the file's identity (path, size, mtime, inode). A file whose identity changed is
parsed again; everything else comes from the index.

The index lives in ``.cache/opdhub/`` in the project (ignored by git). It is only ever a
shortcut: when it is missing, unreadable, corrupt, written by another version or for another
taxonomy, it is ignored and rewritten; when it cannot be written, nothing else changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .. import __version__
from ..model import identity
from ..model.papers import Paper, PaperValidator

FORMAT = 1
CACHE_DIR = Path(".cache") / "opdhub"
_FIELDS = ("id", "title", "arxiv", "doi", "url")  # what the duplicate rules read (see model.identity)


def stamp(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns, info.st_ino]


class PaperIndex:
    def __init__(self, root: Path, validator: PaperValidator):
        self.path = Path(root) / CACHE_DIR / "papers.json"
        self.validator = validator
        self.fingerprint = _fingerprint(validator)
        self.entries: dict[str, list] = self._read()
        self.changed = False

    def _read(self) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if (
                data.get("format") == FORMAT
                and data.get("fingerprint") == self.fingerprint
                and isinstance(data["files"], dict)
            ):
                return data["files"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        return {}

    def paper(self, path: Path, display: str) -> Paper | None:
        """The file's paper as the duplicate rules see it (None for an invalid file), from the
        index when the file is unchanged. Raises ``FileNotFoundError`` for a vanished file."""
        identity = stamp(path)
        entry = self.entries.get(display)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == identity:
            try:
                return _from_record(entry[1], display)
            except (KeyError, TypeError):  # a damaged entry: read the file instead
                pass
        paper, _ = self.validator.check_file(path, display)
        self.remember(display, identity, paper)
        return paper

    def remember(self, display: str, identity: list[int], paper: Paper | None) -> None:
        entry = [identity, _record(paper)]
        if self.entries.get(display) != entry:
            self.entries[display] = entry
            self.changed = True

    def forget_all_but(self, displays: set[str]) -> None:
        for gone in set(self.entries) - displays:
            del self.entries[gone]
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        data = {"format": FORMAT, "fingerprint": self.fingerprint, "files": self.entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=".papers-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))  # dumps: the C encoder
            os.replace(name, self.path)  # readers see the old index or the new one, never half of one
        except OSError:
            try:
                os.unlink(name)  # type: ignore[possibly-undefined]
            except (OSError, NameError):
                pass


def _fingerprint(validator: PaperValidator) -> str:
    """Which papers are valid depends on the schema, the chapters' sections and this code."""
    sections = {sid: s.chapter for sid, s in validator.sections.items()}
    text = json.dumps([FORMAT, __version__, validator.schema, sections], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record(paper: Paper | None) -> dict | None:
    if paper is None:
        return None
    return {
        "fields": {name: getattr(paper, name) for name in _FIELDS},
        "lines": {name: paper.line_of(name) for name in _FIELDS},
        "line": paper.line_of("id"),
        "keys": [list(key) for key in identity.keys(paper)],
    }


def _from_record(record, display: str) -> Paper | None:
    if not isinstance(record, dict):
        return None
    fields = record["fields"]
    paper = Paper(
        id=fields["id"],
        title=fields["title"],
        authors=[],
        year=0,
        url=fields["url"],
        chapter="",
        added="",
        arxiv=fields["arxiv"],
        doi=fields["doi"],
        source=display,
        line=record["line"],
        lines=record["lines"],
    )
    paper.identity = [tuple(key) for key in record["keys"]]
    return paper
