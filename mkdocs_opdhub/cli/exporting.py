"""``opdhub export``: the papers as a README list (kept in sync between markers), BibTeX, CSV, JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..model.papers import display_path
from ..tools import readmemap
from ..tools.export import (
    END,
    FORMATS,
    START,
    MarkerError,
    export,
)
from ..tools.mapsync import sync_mapped
from ..tools.readmesync import sync
from ..tools.safefs import write_file
from .common import CommandError, add_config_argument, load_project, report, run_guarded

DESCRIPTION = """\
Write every paper of the site in another format:

  readme  a Markdown list grouped by chapter and section, one bullet per paper, in the shape
          'opdhub import' reads back; with --into, written into an existing README so the rest
          of it stays as it is: with the README map 'opdhub import' wrote (README.opdhub.json),
          only entries whose paper file changed are rewritten, in the list's own style, and
          new files are added in their section; without one, between the marker lines
  bib     BibTeX, with the same citation keys as the site
  csv     one row per paper (lists joined with '; ')
  json    the document the site publishes as papers.json (page URLs as with MkDocs' default
          use_directory_urls: true)

Paper files with problems stop the export (run 'opdhub validate' to see them all)."""

EPILOG = f"""\
examples:
  opdhub export readme --into README.md   # refresh the list between the markers
  opdhub export readme --into README.md --check   # in CI: exit 1 when README.md is out of date
  opdhub export bib -o papers.bib
  opdhub export csv > papers.csv

The README needs the two lines '{START}' and '{END}' around the
list ('opdhub import README.md --add-markers' puts them around an imported list)."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the papers as a README list, BibTeX, CSV or JSON",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("format", choices=FORMATS, help="what to write")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: standard output)")
    target.add_argument(
        "--into",
        type=Path,
        metavar="README",
        help="readme only: replace the list between the marker lines of this file",
    )
    parser.add_argument(
        "--level",
        type=int,
        default=2,
        choices=range(1, 6),
        metavar="N",
        help="readme only: heading level of chapters (default: 2, i.e. '##')",
    )
    parser.add_argument(
        "--authors",
        action="store_true",
        help="readme only: add each paper's authors ('*by Last, First; …*', read back by import)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="with --into or -o: write nothing; exit 1 when the file is not up to date (for CI)",
    )
    add_config_argument(parser)
    parser.set_defaults(func=lambda args: run_guarded(run, args))


def run(args) -> int:
    if args.into is not None and args.format != "readme":
        raise CommandError("--into is for 'export readme'; use -o FILE for the other formats")
    if args.check and args.into is None and args.output is None:
        raise CommandError("--check compares with a file: give --into README or -o FILE")
    project = load_project(args.config_file)
    result = project.load_papers()
    if result.problems:
        report(result.problems, stream=sys.stderr)
        print(f"opdhub export: {len(result.problems)} problem(s) in paper files; nothing written", file=sys.stderr)
        return 1
    catalog = project.catalog(result)
    if args.into is not None:
        return _into(args, catalog)
    text = export(catalog, args.format, level=args.level, authors=args.authors, options=project.options)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    path = args.output
    shown = display_path(path, Path.cwd())
    current = _read(path, shown) if path.exists() else None
    count = len(catalog.papers)
    if text == current:
        print(f"opdhub export: {shown} is up to date ({count} papers)", file=sys.stderr)
        return 0
    if args.check:
        print(f"opdhub export: {shown} is out of date; run 'opdhub export {args.format} -o {shown}'", file=sys.stderr)
        return 1
    write_file(path, text, within=path.parent)
    print(f"opdhub export: {shown}: wrote {count} papers", file=sys.stderr)
    return 0


def _into(args, catalog) -> int:
    """The README's managed entries brought up to date; every other line left as it is."""
    path = args.into
    shown = display_path(path, Path.cwd())
    current = _read(path, shown)
    map_file = readmemap.map_path(path)
    placed = None
    try:
        recorded = readmemap.read_map(map_file, display_path(map_file, Path.cwd()))
        if recorded is not None:
            result, placed = sync_mapped(
                current, catalog, recorded, display=shown, level=args.level, authors=args.authors
            )
        else:
            result = sync(current, catalog, display=shown, level=args.level, authors=args.authors)
    except (MarkerError, readmemap.MapError) as exc:
        raise CommandError(f"{shown}: {exc}") from None
    report(result.problems, stream=sys.stderr)
    count = len(catalog.papers)
    if result.text == current:
        print(f"opdhub export: {shown} is up to date ({count} papers)", file=sys.stderr)
        return 0
    if args.check:
        print(
            f"opdhub export: {shown} is out of date ({result.rewritten} entries to rewrite, {result.added} to add); "
            f"run 'opdhub export readme --into {shown}'",
            file=sys.stderr,
        )
        return 1
    write_file(path, result.text, within=path.parent)
    if placed is not None:  # where the entries are now, and what they show
        write_file(map_file, readmemap.map_text(path.name, placed), within=map_file.parent)
    print(
        f"opdhub export: {shown}: {result.kept} entries as they were, {result.rewritten} rewritten, "
        f"{result.added} added ({count} papers)",
        file=sys.stderr,
    )
    return 0


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")  # line endings as they are
    except UnicodeDecodeError as exc:
        raise CommandError(f"{shown}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise CommandError(f"{shown}: cannot read: {exc.strerror}") from None
