"""``opdhub new``: write a valid new paper file from options or a BibTeX entry. Offline."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import re
import sys
from pathlib import Path

from ..model import arxiv as arxiv_ids
from ..model.papers import display_path, paper_files
from ..model.problems import Problem, one_of
from ..model.schema import DOI, describe_value, requirements
from ..model.taxonomy import Taxonomy, TaxonomyError
from ..tools import bibentry, enrich
from ..tools.issue_form import IssueError, fields_from_issue
from ..tools.new import complete, draft, existing_file, id_problem
from ..tools.safefs import write_file
from ..tools.scholarly.http import HttpError, NoNetwork
from .common import CommandError, add_config_argument, load_project, run_guarded
from .scholarly import add_api_arguments, client, configure

DESCRIPTION = """\
Write papers/<id>.yaml for a new paper, with the editor schema line on top and today's date as
'added'. Give the fields as options, or take them from a BibTeX entry (--bibtex) and add what
BibTeX does not know (--chapter and the facets). Options win over BibTeX fields. The id is the
arXiv id unless --id says otherwise (without arXiv id: the BibTeX key). The link defaults to the
arXiv page, then to the DOI.

With an arXiv id or DOI as the first argument (or --enrich), what is missing is fetched as
'opdhub enrich' fetches it (arXiv, Crossref, OpenAlex/Semantic Scholar): then the id and the
chapter (and facets) are all it takes. Without them nothing is fetched from the network.

The file is checked exactly as 'opdhub validate' checks it, against the existing papers too,
before it is written; an existing file is never overwritten."""

EPILOG = """\
examples:
  opdhub new 2306.13649 --chapter 4 --mechanism direct_opd   # the rest from arXiv and OpenAlex
  opdhub new 10.18653/v1/D16-1139 --chapter background        # a DOI: Crossref and OpenAlex
  opdhub new --arxiv 1706.03762 --title "Attention Is All You Need" \\
      --author "Vaswani, Ashish" --author "Shazeer, Noam" --date 2017-06-12 --chapter 3
  opdhub new --bibtex refs.bib --key vaswani2017attention --chapter 3   # plus one option per facet, below
  opdhub new --bibtex refs.bib --chapter 4 --stdout     # print the file instead of writing it
  gh issue view 123 --json body --jq .body | opdhub new --issue -   # from an 'Add a paper' issue

exit status: 0 written (or printed); 1 the file would be invalid, exists already, or was refused
(a link planted in papers/); 2 a usage problem (a missing field, an id too long for a file name);
3 no network."""

# Fields a contributor must end up with, and how to say which option gives them.
REQUIRED_HELP = {
    "id": "--id is required when there is no --arxiv (or BibTeX key)",
    "title": "--title is required",
    "authors": "--author is required (once per author, as 'Last, First')",
    "year": "--year is required when there is no --date",
    "url": "--url is required when there is no --arxiv or --doi",
    "venue": "--venue when it has no link",
    "chapter": "--chapter is required",
}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "new",
        help="write a valid new paper file from options or a BibTeX entry",
        add_help=False,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-h",
        "--help",
        action="store_true",
        help="show this help message (with the facet options of your taxonomy) and exit",
    )
    add_arguments(parser)
    add_api_arguments(parser)
    parser.set_defaults(func=lambda args: run_guarded(run, args), extra_options=True)


def add_arguments(parser: argparse.ArgumentParser, taxonomy: Taxonomy | None = None) -> None:
    parser.add_argument(
        "source",
        nargs="?",
        metavar="ARXIV_ID|DOI",
        help="fetch the paper's fields for this arXiv id (e.g. 2306.13649) or DOI (e.g. 10.18653/v1/D16-1139)",
    )
    parser.add_argument(
        "--enrich",
        action="store_true",
        help="fetch what the other options and --issue leave out, when they give an arXiv id or DOI",
    )
    fields = parser.add_argument_group("paper fields")
    fields.add_argument("--id", help="the paper's id and file name (default: the arXiv id)")
    fields.add_argument("--title")
    fields.add_argument(
        "--author",
        action="append",
        dest="authors",
        metavar="'LAST, FIRST'",
        help="an author; repeat the option for each author, in order",
    )
    fields.add_argument("--year", type=int, help="year of first release (default: from --date)")
    fields.add_argument("--date", help="date of first release, YYYY-MM-DD or YYYY-MM")
    fields.add_argument("--venue", help="where it was published, e.g. 'ICLR 2026'")
    fields.add_argument("--arxiv", metavar="ID", help="arXiv id, e.g. 1706.03762")
    fields.add_argument("--doi", help="DOI without the https://doi.org/ prefix")
    fields.add_argument("--url", help="link to the paper (default: the arXiv page, else the DOI)")
    fields.add_argument("--code", action="append", metavar="URL", help="a code repository; repeat for several")
    kinds = "; ".join(f"{k.id} = {k.label}" for k in taxonomy.kinds) if taxonomy else "paper, code, dataset, video, …"
    fields.add_argument("--kind", help=f"what the entry is (default: paper): {kinds}")
    chapters = "; ".join(f"{c.id} = {c.title}" for c in taxonomy.chapters) if taxonomy else "see the taxonomy"
    fields.add_argument("--chapter", help=f"the chapter the paper belongs to (required): {chapters}")
    fields.add_argument("--section", help="the section within the chapter, if the chapter has sections")
    fields.add_argument("--tag", action="append", dest="tags", metavar="TAG", help="a free keyword; repeat for several")
    fields.add_argument("--summary", help="one or two sentences in your own words")
    source = parser.add_argument_group("from BibTeX or an issue")
    source.add_argument(
        "--bibtex",
        type=Path,
        metavar="FILE",
        help="take title, authors, year, month, arXiv id, DOI, venue and URL from this file",
    )
    source.add_argument("--key", help="the entry to use when FILE holds several")
    source.add_argument(
        "--issue", metavar="FILE", help="take every field from the body of an 'Add a paper' issue ('-': standard input)"
    )
    output = parser.add_argument_group("output")
    output.add_argument("--stdout", action="store_true", help="print the file instead of writing it")
    add_config_argument(output)


def add_facet_arguments(parser: argparse.ArgumentParser, taxonomy: Taxonomy) -> None:
    """One option per enum facet of the taxonomy: ``--mechanism direct_opd``, ``--loss RKL``."""
    group = parser.add_argument_group("facets (from the taxonomy)")
    for facet in taxonomy.facets:
        if not (facet.declared and facet.type.adds_field(facet)):  # a list's own categories
            continue
        ids = [v.id for v in facet.values]
        values = "; ".join(describe_value(v) for v in facet.values)
        group.add_argument(
            f"--{facet.field.replace('_', '-')}",
            dest=f"facet_{facet.field}",
            metavar="VALUE",
            action="append" if facet.multi else "store",
            choices=ids,
            help=f"{facet.label}: {values}" + ("; repeat for several" if facet.multi else ""),
        )


def full_parser(taxonomy: Taxonomy | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opdhub new", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_arguments(parser, taxonomy)
    add_api_arguments(parser)
    if taxonomy is not None:
        add_facet_arguments(parser, taxonomy)
    return parser


def run(args) -> int:
    if args.help:
        try:
            taxonomy = load_project(args.config_file).taxonomy
        except (CommandError, TaxonomyError):  # help works anywhere; the facet options then stay unknown
            taxonomy = None
        full_parser(taxonomy).print_help()
        if taxonomy is None:
            print("\n(run in your site's folder, or pass -f mkdocs.yml, to see the facet options of its taxonomy)")
        return 0
    project = load_project(args.config_file)
    args = _reparse(args, project.taxonomy)
    fields, fallback_id = gather(args, project.taxonomy)
    if args.source or args.enrich:
        fields = network_guarded_fetch(project, args, fields)
        if isinstance(fields, int):
            return fields
    data = complete(fields, today=_dt.date.today(), fallback_id=fallback_id)
    chapters = one_of([c.id for c in project.taxonomy.chapters], 20)
    explain = {**REQUIRED_HELP, "chapter": f"--chapter is required (one of {chapters})"}
    order = list(REQUIRED_HELP)  # options in the order the help lists them
    required = sorted(
        dict.fromkeys(["id", *requirements(project.taxonomy, data.get("kind"))]),
        key=lambda need: order.index(need.split("|")[0]) if need.split("|")[0] in order else len(order),
    )
    # an alternative already required by itself ("url|venue|authors" with authors) is asked for once
    alone = {need for need in required if "|" not in need}
    missing = [
        ", or ".join(explain[n] for n in need.split("|") if n in explain and (n == need or n not in alone))
        for need in required
        if not any(n in data for n in need.split("|")) and any(n in explain for n in need.split("|"))
    ]
    if missing:
        raise CommandError("not enough to go on:\n  " + "\n  ".join(missing))

    bad_id = id_problem(data["id"])
    if bad_id:
        raise CommandError(bad_id)
    clash = existing_file(project, data["id"])  # papers/<id>.yml counts too
    if clash is not None:
        return _exists(project, clash)
    result = draft(project, data)
    if result.problems:
        for problem in result.problems:  # about options, not about a file that does not exist yet
            hint = "the paper is already listed there" if problem.message.startswith("duplicate ") else problem.hint
            print(
                dataclasses.replace(problem, path="opdhub new", line=None, column=None, hint=hint).format(),
                file=sys.stderr,
            )
        return 1
    if args.stdout:
        sys.stdout.write(result.text)
        return 0
    try:  # exclusive: never overwrite, even in a race; never through a link planted in papers/
        write_file(result.path, result.text, within=project.papers_dir, exclusive=True)
    except FileExistsError:
        return _exists(project, result.path)
    print(f"opdhub new: wrote {result.display}")
    return 0


def _reparse(args, taxonomy: Taxonomy):
    """The command line parsed again with the taxonomy's facet options known: without them, the
    value of ``--loss RKL`` would be taken for the positional arXiv id."""
    argv = getattr(args, "argv", None)
    if not argv or "new" not in argv:
        return args
    full = full_parser(taxonomy).parse_args(argv[argv.index("new") + 1 :])
    full.extra, full.help, full.argv = [], False, argv
    return full


def _source_fields(source: str) -> dict:
    """``2306.13649``, ``arXiv:2306.13649v2``, an arxiv.org or doi.org link, or a bare DOI."""
    text = source.strip()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", text, flags=re.I)
    if re.match(DOI, doi):
        return {"doi": doi}
    found = arxiv_ids.find(text)
    if found:
        return {"arxiv": found}
    raise CommandError(f"'{source}' is neither an arXiv id (e.g. 2306.13649) nor a DOI (e.g. 10.18653/v1/D16-1139)")


def network_guarded_fetch(project, args, fields: dict) -> dict | int:
    """The fields given, completed from the APIs (what was given always wins)."""
    if args.source:
        for name, value in _source_fields(args.source).items():
            fields.setdefault(name, value)
    if not (fields.get("arxiv") or fields.get("doi") or arxiv_ids.find(str(fields.get("url") or ""))):
        print("opdhub new: note: nothing fetched: --enrich needs an arXiv id or a DOI", file=sys.stderr)
        return fields
    try:
        filled, notes = fetch_missing(project, args, fields)
    except (NoNetwork, HttpError) as exc:
        print(f"opdhub new: {'no network: ' if isinstance(exc, NoNetwork) else ''}{exc}", file=sys.stderr)
        print("opdhub new: (the options alone work offline: give --title, --author, --date)", file=sys.stderr)
        return 3
    for note in notes:
        print(f"opdhub new: note: {note}", file=sys.stderr)
    return filled


def fetch_missing(project, args, fields: dict) -> tuple[dict, list[str]]:
    config = configure(project, args)
    data = dict(fields)
    http = client(config, args)
    sources = enrich.fetch(http, config, [data])
    arxiv = enrich.arxiv_of(data)
    if arxiv and arxiv not in sources.arxiv and not sources.arxiv_failed:
        raise CommandError(f"arXiv does not know {arxiv}: check the id, or give --title, --author and --date")
    others = []
    for path in paper_files(project.papers_dir):
        other, _, _ = enrich.read_data(path, path.name)
        if other is not None:
            others.append((str(other.get("id") or path.stem), other))
    if config.graph == "openalex":
        enrich.resolve_references(http, config, sources)
    index = enrich.ListIndex.build(others, sources)
    changes, notes = enrich.proposals(data, sources, index, data.get("id"))
    for change in changes:
        if change.kind in ("fill", "add") and not change.blocked:
            data[change.field] = change.new
    return data, notes + sources.errors


def gather(args, taxonomy: Taxonomy) -> tuple[dict, str | None]:
    """The fields given: BibTeX entry, then issue answers, then options (each overriding the
    one before), and the BibTeX key (an id when there is no arXiv id)."""
    usage = full_parser(taxonomy).format_usage().removeprefix("usage: ")
    facet_parser = argparse.ArgumentParser(prog="opdhub new", usage=usage, add_help=False)
    add_facet_arguments(facet_parser, taxonomy)
    facets = facet_parser.parse_args(args.extra)

    fields: dict = {}
    fallback_id = None
    if args.bibtex is not None:
        if not args.bibtex.is_file():
            raise CommandError(f"{args.bibtex}: no such file")
        try:
            fallback_id, entry = bibentry.pick(bibentry.read(args.bibtex), args.key)
        except bibentry.BibError as exc:
            raise CommandError(str(exc)) from None
        fields.update(bibentry.paper_fields(entry))
    elif args.key:
        raise CommandError("--key needs --bibtex")
    if args.issue is not None:
        fields.update(_issue_fields(args.issue, taxonomy))
    for name in (
        "id",
        "title",
        "authors",
        "year",
        "date",
        "venue",
        "arxiv",
        "doi",
        "url",
        "code",
        "kind",
        "chapter",
        "section",
        "tags",
        "summary",
    ):
        value = getattr(args, name)
        if value not in (None, []):
            fields[name] = value
    for facet in taxonomy.facets:
        value = getattr(facets, f"facet_{facet.field}", None) or getattr(args, f"facet_{facet.field}", None)
        if value:
            fields[facet.field] = list(dict.fromkeys(value)) if facet.multi else value
    return fields, fallback_id


def _exists(project, path: Path) -> int:
    shown = display_path(path, project.display_root or project.root)
    print(
        Problem(shown, None, None, None, "already exists", "edit that file, or choose another --id").format(),
        file=sys.stderr,
    )
    return 1


def _issue_fields(source: str, taxonomy: Taxonomy) -> dict:
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{source}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return fields_from_issue(text, taxonomy)
    except IssueError as exc:
        raise CommandError(f"{source}: {exc}") from None
