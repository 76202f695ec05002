"""``opdhub init``: a new list from nothing, that builds at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..tools.init import in_the_way, new_list_files, write_new_list
from .common import CommandError, run_guarded

DESCRIPTION = """\
Start a new list in FOLDER (default: here): a taxonomy (two chapters, a topic facet, year and
code), mkdocs.yml, one example paper, the editor schema, the "Add a paper" issue form, a GitHub
workflow that checks pull requests and publishes the site, a pre-commit config and a .gitignore.
'mkdocs build --strict' builds it at once; then make the taxonomy yours, replace the example
paper, and run 'opdhub schema --write' and 'opdhub issue-form --write'.

Nothing is ever overwritten: when one of those files exists already, the command names it and
writes nothing. To start from an existing awesome-list README or BibTeX file, use 'opdhub import'."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "init",
        help="start a new list from nothing (taxonomy, mkdocs.yml, an example paper…)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path(),
        metavar="FOLDER",
        help="where to start the list (default: the current folder; made if missing)",
    )
    parser.add_argument("--title", help="the list's title (default: from the folder's name)")
    parser.set_defaults(func=lambda args: run_guarded(run, args))


def run(args) -> int:
    root: Path = args.folder
    if root.exists() and not root.is_dir():
        raise CommandError(f"{root}: not a folder")
    name = root.resolve().name.replace("-", " ").replace("_", " ").strip()
    title = (args.title or "").strip() or (name[:1].upper() + name[1:] if name else "Papers")
    files = new_list_files(title)
    taken = in_the_way(root, files)
    if taken:
        for path in taken:
            print(f"opdhub: {root / path}: exists already; 'opdhub init' writes only new files", file=sys.stderr)
        print(
            f"opdhub: nothing written ({len(taken)} of its {len(files)} files exist: move them away, or start "
            "in an empty folder)",
            file=sys.stderr,
        )
        return 1
    try:
        write_new_list(root, files)
    except OSError as exc:
        raise CommandError(f"{exc.filename or root}: cannot write: {exc.strerror or exc}") from None
    for new in files:
        print(f"opdhub: wrote {root / new.path}", file=sys.stderr)
    print(f"opdhub: a new list in {root}: try 'mkdocs serve' there, then make taxonomy.yml yours", file=sys.stderr)
    return 0
