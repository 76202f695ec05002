"""``opdhub schema`` and ``opdhub issue-form``: print, write or check the files generated from
the taxonomy (the editor schema, the docs field table, the GitHub issue form)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..formats import fieldtable
from ..model.papers import display_path
from ..model.schema import schema_json
from ..project import Project
from ..tools.checks import drift_problem, schema_path
from ..tools.issue_form import form_yaml
from .common import CommandError, add_config_argument, load_project, run_guarded

ISSUE_FORM = ".github/ISSUE_TEMPLATE/add-paper.yml"


def register(subparsers) -> None:
    schema = subparsers.add_parser(
        "schema",
        help="print, write or check the paper JSON Schema (or the field table for docs)",
        description="Print the JSON Schema (draft-07) of a paper file, generated from the taxonomy; editors with "
        "YAML support use it through the schema line at the top of each paper file. With --format "
        "markdown, print the table of paper fields used in the docs instead.",
        epilog="examples:\n  opdhub schema --write          # refresh schema/paper.schema.json after editing the taxonomy\n"
        "  opdhub schema --check          # exit 1 when the committed schema is out of date\n"
        "  opdhub schema --format markdown --write CONTRIBUTING.md   # refresh the table between its markers",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schema.add_argument(
        "--format",
        choices=("json", "markdown"),
        default="json",
        help="json: the JSON Schema (default); markdown: the field table",
    )
    _add_file_actions(
        schema, "the schema_file option (default schema/paper.schema.json); for markdown a FILE is needed"
    )
    add_config_argument(schema)
    schema.set_defaults(func=lambda args: run_guarded(run_schema, args))

    issue = subparsers.add_parser(
        "issue-form",
        help="print, write or check the GitHub issue form 'Add a paper'",
        description="Print the GitHub issue form for suggesting a paper, generated from the taxonomy and the schema "
        "(dropdowns for the chapter and every facet).",
        epilog=f"examples:\n  opdhub issue-form --write      # refresh {ISSUE_FORM}\n"
        "  opdhub issue-form --check      # exit 1 when it is out of date",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_file_actions(issue, ISSUE_FORM)
    add_config_argument(issue)
    issue.set_defaults(func=lambda args: run_guarded(run_issue_form, args))


def _add_file_actions(parser: argparse.ArgumentParser, default: str) -> None:
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument("--write", nargs="?", const="", metavar="FILE", help=f"write it to FILE (default: {default})")
    actions.add_argument(
        "--check",
        nargs="?",
        const="",
        metavar="FILE",
        help="exit 1 if FILE differs from what would be written (a drift check for CI)",
    )


def run_schema(args) -> int:
    project = load_project(args.config_file)
    if args.format == "json":
        default = schema_path(project)
        return _output(project, schema_json(project.taxonomy), args, default, "opdhub schema --write")
    table = fieldtable.markdown(project.taxonomy)
    if args.write is None and args.check is None:
        sys.stdout.write(table)
        return 0
    target = args.write or args.check
    if not target:
        raise CommandError("--format markdown needs a FILE with the field-table markers to write or check")
    path = Path(target)
    if not path.is_file():
        raise CommandError(f"{target}: no such file")
    text = path.read_text("utf-8")
    updated = fieldtable.replace_block(text, table)
    if updated is None:
        raise CommandError(
            f"{target}: the markers are missing; put these two lines where the table goes:\n"
            f"{fieldtable.START}\n{fieldtable.END}"
        )
    return _compare_or_write(
        project, path, updated, args.write is not None, f"opdhub schema --format markdown --write {target}"
    )


def run_issue_form(args) -> int:
    project = load_project(args.config_file)
    return _output(project, form_yaml(project.taxonomy), args, project.root / ISSUE_FORM, "opdhub issue-form --write")


def _output(project: Project, text: str, args, default: Path | None, remedy: str) -> int:
    target = args.write if args.write is not None else args.check
    if target is None:
        sys.stdout.write(text)
        return 0
    path = Path(target) if target else default
    if path is None:
        raise CommandError("no FILE given and the schema_file option is off")
    return _compare_or_write(project, path, text, args.write is not None, remedy)


def _compare_or_write(project: Project, path: Path, text: str, write: bool, remedy: str) -> int:
    display = display_path(path, project.display_root or project.root)
    current = path.read_text("utf-8") if path.is_file() else None
    if write:
        if current != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"opdhub: wrote {display}", file=sys.stderr)
        else:
            print(f"opdhub: {display} is up to date", file=sys.stderr)
        return 0
    problem = drift_problem(display, current, text, project, remedy)
    if problem is None:
        return 0
    print(problem.format())
    return 1
