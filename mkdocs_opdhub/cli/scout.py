"""``opdhub scout``: new arXiv papers matching the taxonomy's scout queries."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from ..model.facetkinds import fields_written_as_ids
from ..model.papers import paper_files
from ..tools import scout
from ..tools.checks import schema_path
from ..tools.safefs import write_file
from ..tools.writer import modeline
from .common import CommandError, add_config_argument, load_project, run_guarded
from .scholarly import add_api_arguments, client, configure, network_guarded

DESCRIPTION = """\
Run the arXiv queries of the taxonomy's 'scout:' section for papers submitted since the last run
(scout/state.yml; the first run looks back 'first_run_days', default 30) that the list does not
have and that scout/rejected.yml does not name. Prints a Markdown report (title, authors, date,
matching query, the abstract's first sentence); --write also writes a draft paper file per
candidate into scout/drafts/ for review, and records the run in scout/state.yml.

Exit status: 0 when the run finished; 1 when some draft was refused (a link planted in the
folder, an answer too large for a paper file), each reported; 2 for a usage problem; 3 when
arXiv cannot be reached or answers none of the queries usably. A query arXiv fails to answer is
reported and the others still run; then scout/state.yml is not advanced, so the next run asks
again from the same date."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "scout",
        help="find new arXiv papers the list does not have yet",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--write", action="store_true", help="write draft files and remember this run")
    parser.add_argument("--report", metavar="FILE", help="write the report to FILE (default: standard output)")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="look from this date instead of the last run")
    parser.add_argument(
        "--dir",
        default="scout",
        metavar="FOLDER",
        help="folder of state.yml, rejected.yml and drafts/ (default: scout, next to mkdocs.yml)",
    )
    add_api_arguments(parser)
    add_config_argument(parser)
    parser.set_defaults(func=lambda args: run_guarded(network_guarded(run), args))


def run(args) -> int:
    project = load_project(args.config_file)
    since = None
    if args.since:
        try:
            since = _dt.date.fromisoformat(args.since)
        except ValueError:
            raise CommandError(f"--since: '{args.since}' is not a date; write YYYY-MM-DD") from None
    folder = (project.root / args.dir).resolve()
    config = configure(project, args)
    http = client(config, args)
    today = http.clock.today().date()
    try:
        result = scout.run(
            http,
            config.arxiv,
            project.taxonomy,
            folder,
            paper_files(project.papers_dir),
            today=today,
            since=since,
            progress=lambda line: print(f"opdhub scout: {line}", file=sys.stderr),
        )
    except scout.ScoutError as exc:
        raise CommandError(str(exc)) from None
    written = 0
    if args.write:
        schema = schema_path(project)
        facet_fields = fields_written_as_ids(project.taxonomy.facets)
        written = scout.write_drafts(
            result, folder, facet_fields, lambda path: modeline(schema, path) if schema is not None else "", today
        )
        if not result.errors:  # a failed query is asked again from the same date next time
            scout.save_state(folder, today)
        for refusal in result.refused:
            print(f"opdhub scout: refused: {refusal}", file=sys.stderr)
    for error in result.errors:
        print(f"opdhub scout: warning: {error}", file=sys.stderr)
    if result.errors and args.write:
        print("opdhub scout: scout/state.yml not advanced: the next run asks the failed queries again", file=sys.stderr)
    text = scout.report(result, project.taxonomy, today, project.root)
    if args.report:
        write_file(Path(args.report), text, within=Path(args.report).parent)  # never through a link there
    else:
        sys.stdout.write(text)
    print(
        f"opdhub scout: {len(result.candidates)} candidate(s) since {result.since.isoformat()}"
        + (f", {written} new draft(s) in {args.dir}/drafts" if args.write else ""),
        file=sys.stderr,
    )
    if result.errors and len(result.errors) >= result.queries:
        return 3  # arXiv answered none of the queries
    return 1 if result.refused else 0  # a refused draft (a planted link, an oversized answer) needs a look
