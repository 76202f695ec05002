"""A new paper file from what a contributor knows (flags, a BibTeX entry): fill in what can be
derived, write it the way every paper file is written, and check it as ``validate`` would,
against the existing papers too, before anything touches the disk."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import yamlsource
from ..model.facetkinds import fields_written_as_ids
from ..model.papers import PAPER_SUFFIXES, PaperLoader, display_path, paper_files
from ..model.problems import Problem
from ..model.schema import PAPER_ID
from ..project import Project
from .checks import schema_path
from .writer import dump_paper, modeline

MAX_ID = 120  # the schema's maxLength for ids


def complete(fields: dict[str, Any], *, today: _dt.date, fallback_id: str | None = None) -> dict[str, Any]:
    """Derive what the fields imply: the id (the arXiv id, else ``fallback_id``), the link (arXiv,
    else DOI), the year (from the date), ``added`` (today) and an empty code list."""
    data = {k: v for k, v in fields.items() if v not in (None, "", [])}
    if "id" not in data:
        candidate = data.get("arxiv") or _as_id(fallback_id)
        if candidate:
            data["id"] = candidate
    if "url" not in data:
        if data.get("arxiv"):
            data["url"] = f"https://arxiv.org/abs/{data['arxiv']}"
        elif data.get("doi"):
            data["url"] = f"https://doi.org/{data['doi']}"
    if "year" not in data and isinstance(data.get("date"), str) and re.match(r"^\d{4}\b", data["date"]):
        data["year"] = int(data["date"][:4])
    data.setdefault("code", [])
    data.setdefault("added", today.isoformat())
    return data


def _as_id(text: str | None) -> str | None:
    """A BibTeX key as a paper id (letters, digits, '.', '_', '-')."""
    if not text:
        return None
    candidate = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")
    return candidate if re.match(PAPER_ID, candidate or "") else None


def id_problem(paper_id: object) -> str | None:
    """Why ``paper_id`` cannot name a paper file (checked before the disk is asked about it)."""
    text = str(paper_id)
    if len(text) > MAX_ID:
        return (
            f"the id {text[:40]!r}… is {len(text)} characters long; ids have at most {MAX_ID} (choose a shorter --id)"
        )
    if not re.match(PAPER_ID, text):
        return f"the id {text[:80]!r} is not usable as a file name: use letters, digits, '.', '_' and '-' (choose another --id)"
    return None


@dataclass
class Draft:
    path: Path  # where the file goes
    display: str
    text: str  # the file's full text, schema line included
    problems: list[Problem]


def existing_file(project: Project, paper_id: str) -> Path | None:
    for suffix in PAPER_SUFFIXES:
        path = project.papers_dir / f"{paper_id}{suffix}"
        if path.exists():
            return path
    return None


def draft(project: Project, data: dict[str, Any]) -> Draft:
    """The file ``data`` becomes, and every problem ``validate`` would report on it."""
    taxonomy = project.taxonomy
    path = project.papers_dir / f"{data.get('id', 'new-paper')}.yaml"
    root = project.display_root or project.root
    display = display_path(path, root)
    schema = schema_path(project)
    header = modeline(schema, path) if schema is not None else ""
    text = dump_paper(data, fields_written_as_ids(taxonomy.facets), header)
    size = len(text.encode("utf-8"))
    if size > yamlsource.MAX_BYTES:  # validate would refuse the file: it is not written
        biggest = max(data, key=lambda name: len(repr(data[name])))
        return Draft(
            path,
            display,
            text,
            [
                Problem(
                    display,
                    None,
                    None,
                    biggest,
                    f"the file would be {size // 1024} KB, more than the {yamlsource.MAX_BYTES // 1024} KB "
                    f"'validate' accepts (mostly '{biggest}')",
                    f"give a shorter --{biggest.rstrip('s')} by hand",
                )
            ],
        )
    loader = PaperLoader(taxonomy)
    paper, problems = loader.validator.check_data(yamlsource.parse(text, display), display, path.stem)
    if paper is not None:
        existing = loader.load(paper_files(project.papers_dir), root).papers
        _, clashes = loader.validator.check_collection(existing + [paper], last={display})
        problems = [p for p in clashes if p.path == display]
    return Draft(path, display, text, problems)
