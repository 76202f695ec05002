"""``opdhub generate``: the generated pages, data and assets as plain files, for Zensical and other
engines that build an ``mkdocs.yml`` without running MkDocs plugins."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..tools.generate import GenerateError, generate
from .common import CommandError, add_config_argument, find_config, load_project, report, run_guarded

DESCRIPTION = """\
Write the site as plain files, for an engine that does not run MkDocs plugins (Zensical, a
plugin-less MkDocs): a docs folder (--out) holding a copy of your docs/ with its listings
expanded, every generated page and paper page, the data files, the feeds and the assets, each
page with what the plugin would add to it (its head's part in its front matter, printed by a
theme override written to <out>/.opdhub-theme/, which keeps your own custom_dir); and a config
(--config-out) that is yours with docs_dir and custom_dir pointing there, the nav expanded and
the opdhub plugin left out. Then build with, e.g., 'zensical build -f mkdocs.generated.yml'.

Your files are never overwritten: --out must be a new folder or one this command wrote (it
keeps a list of its files there and only replaces or removes those), and the config is only
rewritten when it starts with this command's header. Run it again after every change.

Exit status: 0 when all went well; 1 when a paper file or a listing directive has a problem
(reported as 'opdhub validate' does; those papers are left out, the rest is written) or a page
of yours takes a generated page's place; 2 for a usage problem."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "generate",
        help="write the generated pages, data and assets as files, for engines without plugins",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("generated"),
        metavar="DIR",
        help="the docs folder to write, relative to the config's folder (default: generated)",
    )
    parser.add_argument(
        "--config-out",
        type=Path,
        default=Path("mkdocs.generated.yml"),
        metavar="FILE",
        help="the config to write, next to yours (default: mkdocs.generated.yml)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    add_config_argument(parser)
    parser.set_defaults(func=lambda args: run_guarded(run, args))


def run(args) -> int:
    config = args.config_file or find_config()
    project = load_project(config)
    try:
        outcome = generate(project, Path(config), args.out, args.config_out)
    except GenerateError as exc:
        raise CommandError(str(exc)) from None
    report(outcome.problems, stream=sys.stderr)
    for warning in outcome.warnings:
        print(f"opdhub generate: warning: {warning}", file=sys.stderr)
    if not args.quiet:
        where = outcome.out.relative_to(Path(config).resolve().parent).as_posix()
        print(
            f"opdhub generate: {where}/: {len(outcome.written)} file(s) written, {outcome.unchanged} unchanged, "
            f"{len(outcome.removed)} removed; config: {outcome.config.name}",
            file=sys.stderr,
        )
    return 1 if outcome.problems or outcome.warnings else 0
