"""``opdhub enrich``: fill missing fields from arXiv, Crossref and OpenAlex/Semantic Scholar."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from ..model import arxiv as arxiv_ids
from ..model.facetkinds import fields_written_as_ids
from ..model.papers import PaperLoader, display_path, paper_files
from ..tools.enrich import FIELDS, Plan, describe, enrich_files
from .common import CommandError, add_config_argument, load_project, run_guarded
from .scholarly import add_api_arguments, client, configure, network_guarded

DESCRIPTION = """\
Fill what paper files leave out from open scholarly APIs: title, authors, abstract, dates, arXiv
category, DOI and journal reference from arXiv; the published venue from Crossref (papers with a
DOI) and OpenAlex or Semantic Scholar, which also give references among the list's own papers
(added as 'related: [{id: …, type: cites}]').

A value already in a file is never replaced: where an API says something else, the difference is
reported; --update FIELD,FIELD applies the differences of those fields (--update all: every field).
Files keep their comments, order and quoting; an edit that would make a file invalid is not
written. Answers are cached (OPDHUB_CACHE_DIR, default .cache/opdhub) with the date they were
fetched; API addresses come from the 'apis' option of the opdhub plugin in mkdocs.yml or the
OPDHUB_ARXIV_API, OPDHUB_CROSSREF_API, OPDHUB_OPENALEX_API and OPDHUB_S2_API variables."""

EPILOG = """\
examples:
  opdhub enrich --all --dry-run          # what would change, nothing written
  opdhub enrich papers/2306.13649.yaml   # one file (or give the paper id, or its arXiv id)
  opdhub enrich --all --update venue,doi # also replace differing venues and DOIs

exit status: 0 when every file was enriched or had nothing to fill (an API's trouble with some
items is printed as a warning); 1 when some file could not be read, edited or written (each is
reported; the other files are still written); 2 for a usage problem; 3 when an API cannot be
reached at all (no network)."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "enrich",
        help="fill missing fields of paper files from arXiv, Crossref, OpenAlex",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("targets", nargs="*", metavar="PATH|ID", help="paper files, paper ids or arXiv ids")
    parser.add_argument("--all", action="store_true", help="every paper file of the list")
    parser.add_argument(
        "--update",
        metavar="FIELDS",
        default="",
        help=f"comma-separated fields whose differing values replace the file's ({', '.join(FIELDS)}, or all)",
    )
    parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    add_api_arguments(parser)
    add_config_argument(parser)
    parser.set_defaults(func=lambda args: run_guarded(network_guarded(run), args))


def _targets(project, names: list[str], everything: bool) -> list[Path]:
    files = paper_files(project.papers_dir)
    if everything:
        return files
    if not names:
        raise CommandError("name paper files or ids to enrich, or pass --all")
    by_stem = {p.stem: p for p in files}
    out = []
    for name in names:
        path = Path(name)
        if path.is_file():
            out.append(Path(os.path.abspath(path)))  # not resolved: a linked file is refused, not followed
            continue
        bare = arxiv_ids.find(name) or name
        match = by_stem.get(name) or by_stem.get(bare)
        if match is None:
            raise CommandError(
                f"{name}: no such file, and no paper with that id in {display_path(project.papers_dir, project.display_root)}"
            )
        out.append(match)
    return list(dict.fromkeys(out))


def run(args) -> int:
    project = load_project(args.config_file)
    update = {f.strip() for f in args.update.split(",") if f.strip()}
    unknown = sorted(update - set(FIELDS) - {"all"})
    if unknown:
        raise CommandError(f"--update: unknown field(s) {', '.join(unknown)}; enrichment fills {', '.join(FIELDS)}")
    targets = _targets(project, args.targets, args.all)
    others = [p for p in paper_files(project.papers_dir) if Path(os.path.abspath(p)) not in set(targets)]
    config = configure(project, args)
    facet_fields = fields_written_as_ids(project.taxonomy.facets)
    results, sources = enrich_files(
        targets,
        others,
        PaperLoader(project.taxonomy).validator,
        client(config, args),
        config,
        Plan(update=update, dry_run=args.dry_run),
        root=project.display_root or project.root,
        facet_fields=facet_fields,
        progress=lambda line: print(f"opdhub enrich: {line}", file=sys.stderr),
        within=project.papers_dir,
    )
    filled, differs = Counter(), Counter()
    for result in results:
        for problem in result.problems:
            print(problem.format(), file=sys.stderr)
        for note in result.notes:
            print(f"{result.display}: note: {note}")
        for change in result.changes:
            if change.applied:
                filled[change.field] += 1
                verb = {"fill": "filled", "add": "added", "differs": "updated"}[change.kind]
                print(f"{result.display}: {'would be ' if args.dry_run else ''}{verb} {describe(change)}")
            else:
                differs[change.field] += 1
                hint = "" if change.blocked or result.problems else f" (--update {change.field} applies it)"
                print(f"{result.display}: differs: {describe(change)}{hint}")
    for error in sources.errors:
        print(f"opdhub enrich: warning: {error}", file=sys.stderr)
    changed = sum(any(c.applied for c in r.changes) for r in results)
    counts = ", ".join(f"{name} {n}" for name, n in sorted(filled.items(), key=lambda kv: FIELDS.index(kv[0])))
    print(
        f"opdhub enrich: {len(results)} paper file(s), {changed} {'would change' if args.dry_run else 'changed'}"
        f"{f' ({counts})' if counts else ''}; {sum(differs.values())} difference(s) reported",
        file=sys.stderr,
    )
    return 1 if any(r.problems for r in results) else 0
