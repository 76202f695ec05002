"""``opdhub scout``: the taxonomy's arXiv queries, run for papers submitted since the last run
that the list does not have and the maintainers have not rejected.

Files (in the scout folder, ``scout/`` by default, committed with the list):

* ``state.yml``: when the scout last ran (written with ``--write``);
* ``rejected.yml``: candidates the maintainers decided against (``- arxiv: '2601.00001'`` with an
  optional ``reason``), never proposed again;
* ``drafts/<id>.yaml``: with ``--write``, a draft paper file per candidate for review: choose the
  chapter and facets, then move it to the papers folder (or reject it).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..formats.escape import md_text
from ..model.taxonomy import ScoutQuery, Taxonomy
from ..model.yamlsource import MAX_BYTES
from .enrich import ANSWER_ERRORS, answer_problem, arxiv_of, read_data
from .safefs import RefusedWrite, write_file
from .scholarly import arxiv_api
from .scholarly.http import Client, NoNetwork
from .scholarly.records import ArxivRecord
from .scholarly.text import first_sentence
from .writer import dump_paper

PAGE = 100
MAX_PAGES = 5  # 500 newest matches per query and run: a daily scout never comes near it


class ScoutError(Exception):
    """A state or rejected-candidates file that cannot be read, with the file named."""


@dataclass
class Candidate:
    record: ArxivRecord
    queries: list[str] = field(default_factory=list)
    draft: Path | None = None  # written, or already waiting for review


@dataclass
class ScoutResult:
    since: _dt.date
    candidates: list[Candidate]
    skipped: dict[str, int]  # listed / rejected / older: how many matches were not proposed
    refused: list[str] = field(default_factory=list)  # drafts not written, and why
    errors: list[str] = field(default_factory=list)  # queries arXiv gave no usable answer to
    queries: int = 0  # queries run


def search_query(query: ScoutQuery) -> str:
    """The query within its categories: ``(abs:"x") AND (cat:cs.CL OR cat:cs.LG)``."""
    parts = []
    if query.query:
        parts.append(f"({query.query})")
    if query.categories:
        parts.append("(" + " OR ".join(f"cat:{c}" for c in query.categories) + ")")
    return " AND ".join(parts)


def _load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text("utf-8")) if path.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScoutError(f"{path}: cannot read: {exc}") from None


def last_run(folder: Path) -> _dt.date | None:
    data = _load_yaml(folder / "state.yml")
    if data is None:
        return None
    value = data.get("last_run") if isinstance(data, dict) else None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ScoutError(
            f"{folder / 'state.yml'}: last_run: {value!r} is not a date; write e.g. last_run: 2026-11-30"
        ) from None


def save_state(folder: Path, when: _dt.date) -> None:
    write_file(
        folder / "state.yml",
        "# Written by 'opdhub scout --write': the next run looks for papers submitted since this date.\n"
        f"last_run: {when.isoformat()}\n",
        within=folder,
    )


def rejected(folder: Path) -> set[str]:
    data = _load_yaml(folder / "rejected.yml")
    if data is None:
        return set()
    items = data.get("rejected") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ScoutError(f"{folder / 'rejected.yml'}: expected a list of '- arxiv: <id>' entries under 'rejected:'")
    out = set()
    for item in items:
        value = item.get("arxiv") if isinstance(item, dict) else item
        if value is not None:
            out.add(str(value).split("v")[0] if str(value)[:4].isdigit() else str(value))
    return out


def listed_ids(paper_paths: list[Path]) -> set[str]:
    out = set()
    for path in paper_paths:
        data, _, _ = read_data(path, path.name)
        if data is not None and arxiv_of(data):
            out.add(arxiv_of(data))
    return out


def run(
    client: Client,
    base: str,
    taxonomy: Taxonomy,
    folder: Path,
    paper_paths: list[Path],
    *,
    today: _dt.date,
    since: _dt.date | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> ScoutResult:
    scout = taxonomy.scout
    if scout is None or not scout.queries:
        raise ScoutError(f"{taxonomy.source}: no 'scout: queries:' to run; see docs/keeping-current.md")
    since = since or last_run(folder) or (today - _dt.timedelta(days=scout.first_run_days))
    listed, refused = listed_ids(paper_paths), rejected(folder)
    found: dict[str, Candidate] = {}
    skipped = {"listed": 0, "rejected": 0, "older": 0}
    errors: list[str] = []
    for query in scout.queries:
        text = search_query(query)
        progress(f"{query.id}: {text}")
        for page in range(MAX_PAGES):
            try:
                records, total = arxiv_api.search(client, base, text, page=PAGE, start=page * PAGE)
            except NoNetwork:
                raise
            except ANSWER_ERRORS as exc:  # this query is reported; the others still run
                errors.append(f"{query.id}: {answer_problem(exc)}")
                break
            older = False
            for record in records:
                if not record.published or record.published < since.isoformat():
                    skipped["older"] += 1
                    older = True
                    continue
                if record.arxiv in listed:
                    skipped["listed"] += 1
                elif record.arxiv in refused:
                    skipped["rejected"] += 1
                else:
                    candidate = found.setdefault(record.arxiv, Candidate(record))
                    if query.id not in candidate.queries:
                        candidate.queries.append(query.id)
            if older or len(records) < PAGE or (total is not None and (page + 1) * PAGE >= total):
                break
    candidates = sorted(found.values(), key=lambda c: (c.record.published or "", c.record.arxiv), reverse=True)
    return ScoutResult(since, candidates, skipped, errors=errors, queries=len(scout.queries))


def draft_text(candidate: Candidate, facet_fields: list[str], header: str = "", today: _dt.date | None = None) -> str:
    record = candidate.record
    data = {
        "id": record.arxiv,
        "title": record.title,
        "authors": record.authors,
        "year": int(record.published[:4]) if record.published else None,
        "date": record.published,
        "arxiv": record.arxiv,
        "arxiv_category": record.primary_category,
        "arxiv_updated": record.updated,
        "doi": record.doi if record.doi and not record.doi.lower().startswith("10.48550/") else None,
        "venue": record.journal_ref,
        "url": f"https://arxiv.org/abs/{record.arxiv}",
        "code": [],
        "added": today.isoformat() if today else None,
        "abstract": None if record.withdrawn else record.abstract,
    }
    note = (
        f"# Draft by 'opdhub scout' (query: {', '.join(candidate.queries)}). To list it: add 'chapter:' and\n"
        "# the facets, and move the file to the papers folder. Else add its arXiv id to\n"
        "# scout/rejected.yml (and delete this file): it will not be proposed again.\n"
    )
    return (
        header
        + note
        + dump_paper({k: v for k, v in data.items() if v not in (None, "", [])} | {"code": []}, facet_fields)
    )


def write_drafts(
    result: ScoutResult,
    folder: Path,
    facet_fields: list[str],
    header: Callable[[Path], str],
    today: _dt.date | None = None,
) -> int:
    drafts = folder / "drafts"
    written = 0
    for candidate in result.candidates:
        path = drafts / f"{candidate.record.arxiv.replace('/', '_')}.yaml"
        candidate.draft = path
        if path.exists() and not path.is_symlink():
            continue  # already waiting for review: a maintainer may have started editing it
        text = draft_text(candidate, facet_fields, header(path), today)
        if len(text.encode("utf-8")) > MAX_BYTES:
            result.refused.append(
                f"{path.name}: the draft would be larger than {MAX_BYTES // 1024} KB "
                "(the limit 'validate' applies); not written"
            )
            continue
        try:
            write_file(path, text, within=folder, exclusive=True)
        except FileExistsError:
            continue
        except RefusedWrite as exc:
            result.refused.append(str(exc))
            continue
        written += 1
    return written


def report(result: ScoutResult, taxonomy: Taxonomy, today: _dt.date, root: Path | None = None) -> str:
    """The Markdown report: one entry per candidate, newest first (API text escaped)."""
    lines = [
        f"# Scout: {len(result.candidates)} candidate(s) for {md_text(taxonomy.survey.title)}",
        "",
        f"arXiv papers submitted since {result.since.isoformat()} (run {today.isoformat()}) that match the "
        "taxonomy's scout queries and are neither listed nor rejected.",
        "",
    ]
    skipped = ", ".join(f"{n} {why}" for why, n in result.skipped.items() if n)
    if skipped:
        lines += [f"Not proposed: {skipped}.", ""]
    for candidate in result.candidates:
        record = candidate.record
        authors = "; ".join(record.authors[:8]) + (
            f" and {len(record.authors) - 8} more" if len(record.authors) > 8 else ""
        )
        lines += [
            f"## [{md_text(record.title or record.arxiv)}](https://arxiv.org/abs/{record.arxiv})",
            "",
            f"- **Authors:** {md_text(authors) or '—'}",
            f"- **Submitted:** {record.published}"
            + (f" ({md_text(record.primary_category)})" if record.primary_category else ""),
            f"- **Query:** {', '.join(md_text(q) for q in candidate.queries)}",
            f"- **Abstract:** {md_text(first_sentence(record.abstract)) or '—'}",
        ]
        if candidate.draft is not None:
            shown = (
                candidate.draft.relative_to(root).as_posix()
                if root and candidate.draft.is_relative_to(root)
                else candidate.draft.name
            )
            lines.append(f"- **Draft:** `{shown}`")
        lines.append("")
    if not result.candidates:
        lines += ["Nothing new.", ""]
    return "\n".join(lines)
