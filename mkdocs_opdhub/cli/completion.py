"""``opdhub completion SHELL``: tab completion of commands and options, made from the parser
itself by shtab (so it never lags behind a new command or option)."""

from __future__ import annotations

import argparse
import sys

import shtab

DESCRIPTION = """\
Print a completion script for SHELL: the commands and their options complete with Tab. Install it
once, for example:

  bash: opdhub completion bash > ~/.local/share/bash-completion/completions/opdhub
  zsh:  opdhub completion zsh > ~/.zfunc/_opdhub   (with fpath+=~/.zfunc before compinit in ~/.zshrc)
  fish: opdhub completion fish > ~/.config/fish/completions/opdhub.fish
  tcsh: opdhub completion tcsh > ~/.opdhub.completion.csh   (and 'source' it from ~/.tcshrc)"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "completion",
        help=f"print a shell completion script ({', '.join(shtab.SUPPORTED_SHELLS)})",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "shell", choices=shtab.SUPPORTED_SHELLS, metavar="SHELL", help=f"one of {', '.join(shtab.SUPPORTED_SHELLS)}"
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    from . import build_parser  # every command, with the options it has in this version

    sys.stdout.write(shtab.complete(build_parser(), shell=args.shell))
    return 0
