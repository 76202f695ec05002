"""Finding the project a command works on: the opdhub options in ``mkdocs.yml``, the taxonomy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from ..model.options import OptionError, Options, options_from
from ..model.problems import Problem
from ..model.taxonomy import TaxonomyError
from ..project import Project, open_project
from ..tools.safefs import RefusedWrite


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing anything: ``!!python/name:…`` and ``!ENV`` become plain data."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]  # the one node type left: a mapping


_ConfigLoader.add_multi_constructor("", _any_tag)


class CommandError(Exception):
    """A usage problem worth one clear line on stderr and exit status 2."""


# The config files MkDocs and ProperDocs (which asks for properdocs.yml) look for, in our order.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


def find_config(folder: Path | None = None) -> Path:
    """The site's config in ``folder`` (default: the current one): the first of :data:`CONFIG_NAMES`
    that exists, else ``mkdocs.yml`` (which the caller reports as missing, or creates)."""
    folder = Path() if folder is None else Path(folder)  # relative, as messages show it
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    return folder / CONFIG_NAMES[0]


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        default=None,
        type=Path,
        metavar="FILE",
        help="the site's config, whose opdhub plugin options say where papers and taxonomy are "
        f"(default: the first of {', '.join(CONFIG_NAMES)} here)",
    )


def read_options(config_file: Path) -> Options:
    """The opdhub plugin options from an ``mkdocs.yml`` (defaults when the plugin has none)."""
    try:
        config = yaml.load(config_file.read_text("utf-8"), Loader=_ConfigLoader) or {}
    except OSError as exc:
        raise CommandError(f"{config_file}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise CommandError(f"{config_file}: not valid YAML: {exc}") from None
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: settings} for name, settings in plugins.items()]
    for entry in plugins:
        if entry == "opdhub" or (isinstance(entry, dict) and "opdhub" in entry):
            settings = (entry["opdhub"] if isinstance(entry, dict) else None) or {}
            if not isinstance(settings, dict):
                raise CommandError(f"{config_file}: the opdhub plugin's settings must be a mapping of options")
            try:  # the plugin's own checks: what the build refuses, no command accepts
                return options_from(settings)
            except OptionError as exc:
                raise CommandError(f"{config_file}: {exc}") from None
    raise CommandError(f"{config_file}: the opdhub plugin is not enabled (add '- opdhub' under plugins:)")


def load_project(config_file: str | Path | None) -> Project:
    """Open the project next to ``config_file``; raise CommandError or TaxonomyError."""
    path = find_config() if config_file is None else Path(config_file)
    if not path.is_file():
        raise CommandError(f"{path}: not found; run the command in your site's folder or pass -f path/to/mkdocs.yml")
    return open_project(path.parent, read_options(path), display_root=Path.cwd())


def report(problems: list[Problem], style: str = "text", stream=None) -> None:
    stream = stream or sys.stdout
    for problem in problems:
        print(problem.github() if style == "github" else problem.format(), file=stream)


def run_guarded(func, args) -> int:
    """Turn the errors a user can fix into messages instead of tracebacks."""
    try:
        return func(args)
    except CommandError as exc:
        print(f"opdhub: error: {exc}", file=sys.stderr)
        return 2
    except TaxonomyError as exc:
        report(exc.problems, stream=sys.stderr)
        return 1
    except RefusedWrite as exc:
        print(f"opdhub: refused: {exc}", file=sys.stderr)
        return 1
