"""``opdhub check-links``: are the paper and code links still alive? (the weekly link report)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..tools import links
from ..tools.safefs import write_file
from .common import add_config_argument, load_project, report, run_guarded

DESCRIPTION = """\
Ask every paper and code link of the valid paper files whether it still answers, and print a
Markdown report. A link is broken when the server says the page does not exist (404, 410, …)
or the host does not answer at all; access rules (401, 403), rate limits (429), server errors
and time-outs are listed separately as 'could not be checked'. A link to a private, loopback or
link-local address is never asked (the report is public: it must not probe the network it runs
in) and is listed as broken. Needs the network; run it on a schedule, not on pull requests."""

EPILOG = """\
exit status: 0 when no link is broken, 1 when some are, 2 for a usage problem; paper files with
errors are skipped (opdhub validate reports them).

example:
  opdhub check-links --report link-report.md   # what the weekly workflow runs"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check-links",
        help="check that paper and code links still answer (needs the network)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--report", type=Path, metavar="FILE", help="write the Markdown report to FILE (default: standard output)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="the total deadline of one request: connecting, headers and body (default: 15)",
    )
    parser.add_argument(
        "--workers", type=int, default=8, help="requests in flight at once (default: 8; at most 2 per host)"
    )
    add_config_argument(parser)
    parser.set_defaults(func=lambda args: run_guarded(run, args))


def run(args) -> int:
    project = load_project(args.config_file)
    loaded = project.load_papers()
    uses = links.collect(loaded.papers)
    outcomes = links.check_all(uses, workers=args.workers, timeout=args.timeout)
    text = links.report(outcomes, uses)
    if args.report:
        write_file(args.report, text, within=args.report.parent)  # never through a link at that path
    else:
        sys.stdout.write(text)
    broken = sum(o.status == links.BROKEN for o in outcomes)
    if loaded.problems:
        print(
            f"opdhub check-links: {len(loaded.problems)} problem(s) in paper files; those papers were skipped:",
            file=sys.stderr,
        )
        report(loaded.problems, stream=sys.stderr)
    print(f"opdhub check-links: {len(outcomes)} links, {broken} broken", file=sys.stderr)
    return 1 if broken else 0
