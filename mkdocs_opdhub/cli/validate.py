"""``opdhub validate``: check paper files the way the site build does, reported like a compiler."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..model.problems import has_errors
from ..tools.checks import check_project
from .common import CommandError, add_config_argument, find_config, load_project, report, run_guarded

DESCRIPTION = """\
Check paper files against the schema, the taxonomy and each other (duplicate id, arXiv id, DOI
or title), using the taxonomy named in mkdocs.yml. Each problem is one line:
'FILE:LINE:COLUMN: error: FIELD: what is wrong (how to fix it)'.

With no PATH, the whole papers folder is checked. With PATHs (what pre-commit passes: the
changed files), only those files are reported on, but duplicates are still looked for across the
whole papers folder; a clash with an existing paper is reported on the named file. The editor
schema file is checked against the taxonomy every time."""

EPILOG = """\
exit status: 0 when there is no error (warnings are allowed), 1 when there is at least one,
2 for a usage problem (e.g. no mkdocs.yml, or a PATH that does not exist).

examples:
  opdhub validate                         # every paper
  opdhub validate papers/1706.03762.yaml  # one file, checked against all the others
  opdhub validate --format github         # annotations on the pull request, in GitHub Actions"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check paper files (schema, taxonomy, duplicates) with file:line messages",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        type=Path,
        help="paper files or folders of paper files (default: the papers folder)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: 'file:line:col: error: …' lines (default); github: GitHub Actions annotations",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    add_config_argument(parser)
    parser.set_defaults(func=lambda args: run_guarded(run, args))


def run(args) -> int:
    project = load_project(args.config_file)
    if not project.papers_dir.is_dir():
        raise CommandError(
            f"the papers folder '{project.options.papers_dir}' does not exist "
            f"(create it, or set papers_dir under the opdhub plugin in {(args.config_file or find_config()).name})"
        )
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    result = check_project(project, [p for p in args.paths] or None)
    report(result.problems, args.format)
    if not args.quiet:
        print(f"opdhub validate: {result.summary()}", file=sys.stderr)
    return 1 if has_errors(result.problems) else 0
