"""``opdhub enrich``: fill what paper files leave out from open scholarly APIs, and report where a
file and the APIs disagree.

* arXiv (papers with an arXiv id): title, authors, abstract, first-version date (and year),
  latest-version date, primary category, DOI and journal reference;
* Crossref (papers with a DOI): venue of the published version (with its year);
* OpenAlex or Semantic Scholar (papers with an arXiv id or DOI): venue, DOI and references; a
  reference to another paper of the list becomes a ``related: [{id, type: cites}]`` entry.

A value a person wrote is never replaced: a difference is reported, and applied only for the
fields named with ``--update``. Files are edited through :mod:`.yamledit` (comments, order and
quoting kept) and every edited file is validated before it is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import arxiv as arxiv_ids
from ..model import identity, yamlsource
from ..model.papers import Paper, PaperValidator, display_path
from ..model.problems import Problem
from .safefs import RefusedWrite, write_file
from .scholarly import arxiv_api, crossref, openalex, semantic_scholar
from .scholarly.config import ApiConfig
from .scholarly.http import Client, HttpError, NoNetwork
from .scholarly.records import ArxivRecord, Published
from .scholarly.text import comparable
from .yamledit import EditError, edit_text

# Fields enrichment may fill, in the order changes are reported.
FIELDS = (
    "title",
    "authors",
    "date",
    "year",
    "url",
    "arxiv",
    "arxiv_category",
    "arxiv_updated",
    "doi",
    "venue",
    "abstract",
    "related",
)
ARXIV_DOI_PREFIX = "10.48550/"


@dataclass
class Change:
    field: str
    old: Any  # None when the file has no such field
    new: Any
    source: str  # "arxiv", "crossref", "openalex", "s2"
    applied: bool = False
    blocked: str | None = None  # why it cannot be applied even when asked to

    @property
    def kind(self) -> str:
        if self.field == "related" and self.old is not None:
            return "add"
        return "fill" if self.old is None else "differs"


@dataclass
class FileResult:
    path: Path
    display: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # withdrawn, unknown to arXiv, …
    problems: list[Problem] = field(default_factory=list)  # the file could not be (safely) edited
    written: bool = False

    def not_done(self, message: str, fix: str) -> None:
        """The file is left as it was: none of its changes counts as applied, and one problem says why."""
        for change in self.changes:
            change.applied = False
        self.problems.append(Problem(self.display, None, None, None, message, fix))


@dataclass
class Sources:
    """What the APIs answered, keyed the way the papers ask."""

    arxiv: dict[str, ArxivRecord] = field(default_factory=dict)
    crossref: dict[str, Published] = field(default_factory=dict)  # by lower-case DOI
    graph: dict[str, Published] = field(default_factory=dict)  # by "arxiv:<id>" / "doi:<doi>"
    errors: list[str] = field(default_factory=list)
    arxiv_failed: bool = False  # arXiv gave no usable answer (its silence then says nothing about a paper)


def arxiv_of(data: dict) -> str | None:
    """The paper's arXiv id: its ``arxiv`` field, else one in an arxiv.org link."""
    value = data.get("arxiv")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return re.sub(r"v\d+$", "", str(value))
    url = data.get("url")
    if isinstance(url, str) and "arxiv.org/" in url:
        return arxiv_ids.find(url)
    return None


def doi_of(data: dict, record: ArxivRecord | None = None) -> str | None:
    doi = data.get("doi") if isinstance(data.get("doi"), str) else None
    doi = doi or (record.doi if record else None)
    return doi.lower() if doi else None


# What an answer can raise besides a clean HttpError (a parser's surprise): reported per API and
# per item, never the end of the run.
ANSWER_ERRORS = (HttpError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)


def answer_problem(exc: Exception) -> str:
    return (
        str(exc)
        if isinstance(exc, HttpError)
        else f"an answer that could not be read ({type(exc).__name__}: {str(exc)[:200]})"
    )


MAX_RESOLVED = 500  # OpenAlex references looked up by id in one run (10 requests)


def resolve_references(
    client: Client, config: ApiConfig, sources: Sources, progress: Callable[[str], None] = lambda _: None
) -> None:
    """OpenAlex names references by its own ids, which only the papers fetched in this run are
    known by. When a run enriches some papers but not all (one file, ``new``), the references are
    looked up once more so they can be matched by DOI or arXiv id to any paper of the list."""
    known = {r.key for r in sources.graph.values() if r.source == "openalex" and r.key}
    wanted = sorted(
        {
            ref.split(":", 1)[1]
            for r in sources.graph.values()
            if r.source == "openalex"
            for ref in r.references
            if ref.startswith("openalex:")
        }
        - known
    )
    if not wanted:
        return
    if len(wanted) > MAX_RESOLVED:
        sources.errors.append(
            f"OpenAlex: {len(wanted)} references; only the first {MAX_RESOLVED} are matched to the list"
        )
        wanted = wanted[:MAX_RESOLVED]
    progress(f"OpenAlex: {len(wanted)} reference(s) looked up")
    try:
        found = openalex.known_as(client, config.openalex, wanted, config.mailto)
    except NoNetwork:
        raise
    except ANSWER_ERRORS as exc:
        sources.errors.append(f"OpenAlex: {answer_problem(exc)}")
        return
    for record in sources.graph.values():
        extra = []
        for ref in record.references:
            for doi in sorted(found.get(ref.split(":", 1)[1], ())) if ref.startswith("openalex:") else ():
                extra.append(
                    f"arxiv:{doi[len(openalex.ARXIV_DOI) :]}" if doi.startswith(openalex.ARXIV_DOI) else f"doi:{doi}"
                )
        record.references = list(dict.fromkeys(record.references + extra))


def fetch(
    client: Client,
    config: ApiConfig,
    papers: list[dict],
    *,
    graph: bool = True,
    progress: Callable[[str], None] = lambda _: None,
) -> Sources:
    """Ask each API once for all ``papers`` (plain data), in batches."""
    sources = Sources()
    ids = [a for a in (arxiv_of(p) for p in papers) if a]
    if ids:
        progress(f"arXiv: {len(ids)} id(s) in {-(-len(ids) // arxiv_api.BATCH)} request(s)")
        try:
            sources.arxiv, errors = arxiv_api.lookup(client, config.arxiv, ids)
            sources.errors += [f"arXiv: {e}" for e in errors]
        except NoNetwork:
            raise
        except ANSWER_ERRORS as exc:  # the other APIs may still answer
            sources.errors.append(f"arXiv: {answer_problem(exc)}")
            sources.arxiv_failed = True
    if graph:
        keys = []
        for paper in papers:
            arxiv = arxiv_of(paper)
            doi = doi_of(paper, sources.arxiv.get(arxiv or ""))
            keys.append((arxiv, doi))
        try:
            if config.graph == "s2":
                asked = [f"ARXIV:{a}" if a else f"DOI:{d}" for a, d in keys if a or d]
                progress(f"Semantic Scholar: {len(asked)} paper(s)")
                found = semantic_scholar.papers(client, config.s2, asked)
                for asked_id, record in found.items():
                    kind, _, value = asked_id.partition(":")
                    sources.graph[f"{kind.lower()}:{value.lower() if kind == 'DOI' else value}"] = record
            else:
                asked = [openalex.arxiv_doi(a) for a, _ in keys if a] + [d for a, d in keys if d and not a]
                progress(f"OpenAlex: {len(asked)} paper(s)")
                found = openalex.works(client, config.openalex, asked, config.mailto)
                for doi, record in found.items():
                    if doi.startswith(openalex.ARXIV_DOI):
                        sources.graph[f"arxiv:{doi[len(openalex.ARXIV_DOI) :]}"] = record
                    else:
                        sources.graph[f"doi:{doi}"] = record
        except NoNetwork:
            raise
        except ANSWER_ERRORS as exc:
            sources.errors.append(
                f"{'Semantic Scholar' if config.graph == 's2' else 'OpenAlex'}: {answer_problem(exc)}"
            )
    # DOIs the files, arXiv or the graph name (arXiv's own DataCite DOIs say nothing about a venue)
    dois = set()
    for paper in papers:
        arxiv = arxiv_of(paper)
        doi = doi_of(paper, sources.arxiv.get(arxiv or ""))
        graph_record = _graph_record(sources, arxiv, doi)
        dois.update(
            d for d in (doi, graph_record.doi if graph_record else None) if d and not d.startswith(ARXIV_DOI_PREFIX)
        )
    dois = sorted(dois)
    if dois:
        progress(f"Crossref: {len(dois)} DOI(s)")
    for doi in dois:
        try:
            record = crossref.work(client, config.crossref, doi, config.mailto)
        except NoNetwork:
            raise
        except ANSWER_ERRORS as exc:  # this DOI is reported; the others are still asked
            sources.errors.append(f"Crossref: {doi}: {answer_problem(exc)}")
            continue
        if record is not None:
            sources.crossref[doi] = record
    return sources


def _graph_record(sources: Sources, arxiv: str | None, doi: str | None) -> Published | None:
    return (sources.graph.get(f"arxiv:{arxiv}") if arxiv else None) or (
        sources.graph.get(f"doi:{doi}") if doi else None
    )


def proposals(data: dict, sources: Sources, index: ListIndex, self_id: str | None) -> tuple[list[Change], list[str]]:
    """Every value the APIs offer for one paper that its file lacks or states differently."""
    out: list[Change] = []
    notes: list[str] = []
    arxiv = arxiv_of(data)
    record = sources.arxiv.get(arxiv) if arxiv else None

    def offer(name: str, value: Any, source: str) -> None:
        if value in (None, "", []) or any(c.field == name for c in out):
            return
        old = data.get(name)
        if old in (None, "", []):
            out.append(Change(name, None, value, source))
        elif not _same(name, old, value):
            out.append(Change(name, old, value, source))

    if arxiv and record is None and not sources.arxiv_failed:
        notes.append(f"arXiv does not know {arxiv}")
    if record is not None:
        if record.withdrawn:
            notes.append(
                f"arXiv says {arxiv} was withdrawn ({record.comment or 'see its abstract'}); its abstract is not copied"
            )
        offer("title", record.title, "arxiv")
        offer("authors", record.authors, "arxiv")
        offer("date", record.published, "arxiv")
        if record.published and data.get("year") in (None, ""):
            offer("year", int(record.published[:4]), "arxiv")
        if not data.get("arxiv"):
            offer("arxiv", record.arxiv, "arxiv")
        if not data.get("url"):
            offer("url", f"https://arxiv.org/abs/{record.arxiv}", "arxiv")
        offer("arxiv_category", record.primary_category, "arxiv")
        offer("arxiv_updated", record.updated, "arxiv")
        if record.doi and not record.doi.lower().startswith(ARXIV_DOI_PREFIX):
            offer("doi", record.doi, "arxiv")
        if not record.withdrawn:
            offer("abstract", record.abstract, "arxiv")
    doi = doi_of(data, record)
    graph = _graph_record(sources, arxiv, doi)
    published = sources.crossref.get(doi or (graph.doi if graph else None) or "")
    if published is not None:
        offer("venue", published.venue, "crossref")
        if record is None:  # no arXiv version: the published one says what the paper is
            offer("title", published.title, "crossref")
            offer("authors", published.authors, "crossref")
            offer("date", published.date, "crossref")
            if published.year and data.get("year") in (None, ""):
                offer("year", published.year, "crossref")
            if not data.get("doi"):
                offer("doi", published.doi, "crossref")
            if not data.get("url") and published.doi:
                offer("url", f"https://doi.org/{data.get('doi') or published.doi}", "crossref")
    for used in (published, graph):
        if used is not None:
            notes += [n for n in used.notes if n not in notes]
    if graph is not None:
        offer("doi", graph.doi, graph.source)
        offer("venue", graph.venue, graph.source)
    if record is not None:
        offer("venue", record.journal_ref, "arxiv")
    if graph is not None and graph.references:
        cites = index.resolve(graph.references, self_id)
        old = data.get("related") if isinstance(data.get("related"), list) else None
        have = {(str(r.get("id")), r.get("type")) for r in old or [] if isinstance(r, dict)}
        new = [{"id": pid, "type": "cites"} for pid in cites if (pid, "cites") not in have]
        if new:
            out.append(Change("related", old, list(old or []) + new, graph.source))
    # A filled date must agree with the year the file states (the validator insists): report only.
    for change in out:
        if (
            change.field == "date"
            and change.old is None
            and data.get("year") not in (None, "")
            and str(data.get("year")) != str(change.new)[:4]
        ):
            change.blocked = f"the file's year is {data.get('year')}; correct the year and the date together"
    out.sort(key=lambda c: FIELDS.index(c.field) if c.field in FIELDS else len(FIELDS))
    return out, notes


def _same(name: str, old: Any, new: Any) -> bool:
    if name == "date" and isinstance(old, str) and isinstance(new, str):
        return new.startswith(old)  # 2023-06 is the same release as 2023-06-23
    if name in ("doi",):
        return str(old).lower() == str(new).lower()
    if name == "year":
        return str(old) == str(new)
    return comparable(old) == comparable(new)


@dataclass
class ListIndex:
    """The list's own papers by arXiv id, DOI and OpenAlex/S2 key: references become paper ids."""

    by_ref: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, papers: Iterable[tuple[str, dict]], sources: Sources) -> ListIndex:
        index = cls()
        for paper_id, data in papers:
            arxiv = arxiv_of(data)
            doi = doi_of(data, sources.arxiv.get(arxiv or ""))
            if arxiv:
                index.by_ref.setdefault(f"arxiv:{arxiv}", paper_id)
            if doi:
                index.by_ref.setdefault(f"doi:{doi}", paper_id)
            graph = _graph_record(sources, arxiv, doi)
            if graph is not None and graph.key:
                index.by_ref.setdefault(f"{graph.source}:{graph.key}", paper_id)
        return index

    def resolve(self, refs: Iterable[str], self_id: str | None) -> list[str]:
        out = []
        for ref in refs:
            kind, _, value = ref.partition(":")
            key = f"{kind}:{re.sub(r'v[0-9]+$', '', value) if kind == 'arxiv' else value.lower() if kind == 'doi' else value}"
            found = self.by_ref.get(key)
            if found and found != self_id and found not in out:
                out.append(found)
        return sorted(out)


@dataclass
class Plan:
    """One enrichment run: which fields may replace what people wrote, and whether to write."""

    update: set[str] = field(default_factory=set)  # fields whose differing values are applied ("all": every one)
    dry_run: bool = False

    def applies(self, change: Change) -> bool:
        if change.blocked:
            return False
        if change.kind in ("fill", "add"):
            return True
        return "all" in self.update or change.field in self.update


def read_data(path: Path, display: str) -> tuple[dict | None, str | None, list[Problem]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, [Problem(display, None, None, None, f"cannot read: {exc}")]
    try:
        data = yamlsource.parse(text, display).data
    except yamlsource.YamlProblem as exc:
        return None, None, [exc.problem]
    if not isinstance(data, dict):
        return None, None, [Problem(display, 1, 1, None, "not a mapping of fields", "run 'opdhub validate'")]
    return data, text, []


class Clashes:
    """Who holds each identity (id, arXiv id, DOI, title) in the whole list, so an edit that
    would give a file another paper's DOI is refused before it is written, not found by the
    next ``validate``."""

    def __init__(self) -> None:
        self.owner: dict[tuple[str, str], str] = {}

    def add(self, paper: Paper) -> None:
        for kind, key, _ in identity.keys(paper):
            self.owner.setdefault((kind, key), paper.source)

    def replace(self, old: Paper | None, new: Paper) -> None:
        if old is not None:
            for kind, key, _ in identity.keys(old):
                if self.owner.get((kind, key)) == old.source:
                    del self.owner[(kind, key)]
        self.add(new)

    def problems(self, paper: Paper) -> set[tuple[str | None, str]]:
        out = set()
        for kind, key, name in identity.keys(paper):
            other = self.owner.get((kind, key))
            if other is not None and other != paper.source:
                out.add((name, f"another paper has this {name} ({key}): {other}"))
        return out


def _paper(text: str, display: str, stem: str, validator: PaperValidator) -> Paper | None:
    try:
        return validator.check_data(yamlsource.parse(text, display), display, stem)[0]
    except yamlsource.YamlProblem:
        return None


def enrich_files(
    paths: list[Path],
    others: list[Path],
    validator: PaperValidator,
    client: Client,
    config: ApiConfig,
    plan: Plan,
    *,
    root: Path | None = None,
    facet_fields: list[str] = (),
    progress: Callable[[str], None] = lambda _: None,
    within: Path | None = None,
) -> tuple[list[FileResult], Sources]:
    """Enrich the files at ``paths``; ``others`` are the rest of the list (for references and
    duplicates). Files are written only inside ``within`` (the papers folder; default: each
    file's own folder), never through a link. One file's trouble is reported on it; the others
    are still enriched."""
    results: list[FileResult] = []
    loaded: list[tuple[FileResult, dict, str]] = []
    clashes = Clashes()
    for path in paths:
        display = display_path(path, root)
        result = FileResult(path, display)
        data, text, problems = read_data(path, display)
        result.problems += problems
        results.append(result)
        if data is not None:
            loaded.append((result, data, text))
            paper = _paper(text, display, path.stem, validator)
            if paper is not None:
                clashes.add(paper)
    everyone = [(str(d.get("id") or r.path.stem), d) for r, d, _ in loaded]
    for path in others:
        display = display_path(path, root)
        data, text, problems = read_data(path, display)
        if data is not None:
            everyone.append((str(data.get("id") or path.stem), data))
            paper = _paper(text, display, path.stem, validator)
            if paper is not None:
                clashes.add(paper)
    sources = fetch(client, config, [d for _, d, _ in loaded], progress=progress)
    if others and config.graph == "openalex":
        resolve_references(client, config, sources, progress)
    index = ListIndex.build(everyone, sources)
    for result, data, text in loaded:
        try:
            result.changes, result.notes = proposals(data, sources, index, str(data.get("id") or result.path.stem))
            new_text = _edited(result, text, validator, plan, facet_fields, clashes)
            if new_text is not None and not plan.dry_run:
                write_file(result.path, new_text, within=within or result.path.parent, shown_from=root)
                result.written = True
                paper = _paper(new_text, result.display, result.path.stem, validator)
                if paper is not None:
                    clashes.replace(_paper(text, result.display, result.path.stem, validator), paper)
        except (RefusedWrite, OSError) as exc:
            result.not_done(
                f"not written: {exc}", "replace the link with the file itself, or check the folder's permissions"
            )
        except ANSWER_ERRORS as exc:  # one file's surprise is reported on it; the run goes on
            result.not_done(
                f"not enriched: {answer_problem(exc)}",
                "run 'opdhub validate' on it, and report the answer if it persists",
            )
    return results, sources


def _problems(
    text: str, display: str, stem: str, validator: PaperValidator, clashes: Clashes | None = None
) -> set[tuple[str | None, str]]:
    if len(text.encode("utf-8")) > yamlsource.MAX_BYTES:
        return {
            (None, f"the file would be larger than {yamlsource.MAX_BYTES // 1024} KB, the limit 'validate' applies")
        }
    try:
        located = yamlsource.parse(text, display)
    except yamlsource.YamlProblem as exc:
        return {(None, exc.problem.message)}
    paper, found = validator.check_data(located, display, stem)
    out = {(p.field.split(".")[0] if p.field else None, p.message) for p in found}
    if paper is not None and clashes is not None:
        out |= clashes.problems(paper)
    return out


def _largest(changes: dict[str, Any]) -> str:
    return max(changes, key=lambda name: len(repr(changes[name])))


def _edited(
    result: FileResult, text: str, validator: PaperValidator, plan: Plan, facet_fields, clashes: Clashes | None = None
) -> str | None:
    """The file's new text with every applicable change, or None. A change whose value the
    validator refuses (an API's odd category, an over-long venue, another paper's DOI, a file
    grown past the size limit) is left out and reported; the others are still made. Problems
    the file had before are not ours to judge."""
    stem = result.path.stem
    before = _problems(text, result.display, stem, validator, clashes)
    for _ in range(3):
        changes = {c.field: c.new for c in result.changes if plan.applies(c)}
        if not changes:
            return None
        try:
            new_text = edit_text(text, changes, facet_fields=facet_fields)
        except EditError as exc:
            result.not_done(f"not edited: {exc}", "edit the file by hand with the values reported")
            return None
        new = _problems(new_text, result.display, stem, validator, clashes) - before
        if any(name is None and "larger than" in message for name, message in new):
            # too big: the largest value (100,000 authors, say) is what does not fit
            new = {
                (_largest(changes) if name is None and "larger than" in message else name, message)
                for name, message in new
            }
        if not new:
            for change in result.changes:
                change.applied = change.field in changes
            return new_text
        culprits = {name for name, _ in new if name in changes}
        for change in result.changes:
            if change.field in culprits:
                message = next(m for name, m in new if name == change.field)
                change.blocked = f"the value would make the file invalid ({message})"
        if not culprits:
            break
    result.not_done(
        "not written: the enriched file would be invalid: " + "; ".join(m for _, m in sorted(new, key=str)),
        "run 'opdhub validate' on it",
    )
    return None


def describe(change: Change) -> str:
    def short(value: Any) -> str:
        if isinstance(value, list):
            if value and isinstance(value[0], dict):
                return ", ".join(f"{v.get('type')} {v.get('id')}" for v in value)
            return "; ".join(map(str, value))
        text = str(value)
        return text if len(text) <= 90 else text[:87] + "…"

    if change.field == "related":
        added = change.new[len(change.old or []) :]
        return f"related: + {short(added)} (from {change.source})"
    if change.blocked:
        return f"{change.field}: {change.source} says {short(change.new)!r}, not filled: {change.blocked}"
    if change.kind == "fill":
        return f"{change.field}: {short(change.new)} (from {change.source})"
    return f"{change.field}: the file says {short(change.old)!r}, {change.source} says {short(change.new)!r}"
