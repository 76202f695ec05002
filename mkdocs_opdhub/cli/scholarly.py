"""What ``enrich``, ``new <id>`` and ``scout`` share: the API configuration of the project, the
client, and turning network failures into one clear line."""

from __future__ import annotations

import argparse
import sys

from ..project import Project
from ..tools.scholarly.config import ApiConfig, ConfigError, api_config
from ..tools.scholarly.http import Client, Clock, HttpError, NoNetwork
from .common import CommandError


def add_api_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("APIs")
    group.add_argument("--refresh", action="store_true", help="ask the APIs again instead of using cached answers")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the answer cache")
    group.add_argument(
        "--graph",
        choices=("openalex", "s2"),
        help="where published versions and references come from (default: the 'apis: graph' option, else openalex)",
    )
    group.add_argument("--mailto", metavar="EMAIL", help="a contact address sent with every request, as the APIs ask")


def configure(project: Project, args) -> ApiConfig:
    options = dict(project.options.apis or {})
    if getattr(args, "graph", None):
        options["graph"] = args.graph
    if getattr(args, "mailto", None):
        options["mailto"] = args.mailto
    try:
        return api_config(options, project.root)
    except ConfigError as exc:
        raise CommandError(f"mkdocs.yml: opdhub: apis: {exc}") from None


def client(config: ApiConfig, args, clock: Clock | None = None) -> Client:
    return config.client(
        clock=clock, refresh=getattr(args, "refresh", False), cache=not getattr(args, "no_cache", False)
    )


def network_guarded(func):
    """A command body whose network failures end it with one line (status 3), not a traceback."""

    def run(args) -> int:
        try:
            return func(args)
        except NoNetwork as exc:
            print(f"opdhub: no network: {exc}", file=sys.stderr)
            return 3
        except HttpError as exc:
            print(f"opdhub: error: {exc}", file=sys.stderr)
            return 3

    return run
