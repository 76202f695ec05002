"""The ``opdhub`` command line: the same core as the MkDocs plugin, no MkDocs needed.

Each sub-command lives in its own module exposing ``register(subparsers)``; the parser it adds
sets ``func(args) -> int`` (the exit status).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__

# Module names under mkdocs_opdhub.cli, in the order their commands appear in --help.
# Modules that come with an extra of the package, not with the package itself: what to install
# when a command finds one missing.
EXTRA_MODULES = {"defusedxml": "tools"}
COMMAND_MODULES: tuple[str, ...] = (
    "init",
    "validate",
    "new",
    "enrich",
    "scout",
    "schema",
    "links",
    "importing",
    "exporting",
    "generate",
    "completion",
)


def build_parser(modules: tuple[str, ...] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opdhub",
        description="Validate, create, import and export the paper files of an mkdocs-opdhub site.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in modules:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # pre-commit runs 'opdhub validate FILE' on every commit: load only that command's module.
    parser = build_parser(("validate",) if argv[:1] == ["validate"] else COMMAND_MODULES)
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "extra_options", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")  # as parse_args() would
    args.extra = extra  # a command whose options depend on the taxonomy parses these itself
    args.argv = list(sys.argv[1:] if argv is None else argv)  # … or all of them again, once it knows them
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as exc:
        extra = EXTRA_MODULES.get((exc.name or "").partition(".")[0])
        if extra is None:
            raise
        print(
            f"opdhub {args.command}: needs the optional dependencies of mkdocs-opdhub[{extra}] ({exc.name} is "
            f"missing): pip install 'mkdocs-opdhub[{extra}]'",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
