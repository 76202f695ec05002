"""Bodies of the comments, issues and pull requests the workflows post, from text nobody
vouches for (a command's log quoting an issue, a report quoting paper files and API answers):

* a log goes in a code fence longer than any run of backticks inside it, so it cannot close
  the fence and turn into Markdown;
* ``@name`` mentions are neutralised (an invisible word joiner after the ``@``), so a bot post
  notifies nobody;
* the whole body stays under GitHub's 65,536-character limit, cut at a line with a note.

Usage (in a workflow): ``python -m mkdocs_opdhub.tools.ghbody --text "Intro" --code new.log
--text "Outro" > comment.md``; ``--markdown FILE`` adds a Markdown file as it is (mentions
neutralised).
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from pathlib import Path

LIMIT = 65_536  # characters GitHub accepts in a comment, issue or pull request body
MARGIN = 536  # room for the note that says the body was cut
_MENTION = re.compile(r"(?<![\w`@])@(?=[A-Za-z0-9][A-Za-z0-9-]*)")
_TICKS = re.compile(r"`+")


def quiet_mentions(text: str) -> str:
    """``@octocat`` -> ``@\u2060octocat``: it reads the same, notifies nobody."""
    return _MENTION.sub("@\u2060", text)


def fence(text: str, lang: str = "text") -> str:
    """``text`` in a code fence no backtick run inside can close."""
    longest = max((len(m.group()) for m in _TICKS.finditer(text)), default=0)
    bar = "`" * max(3, longest + 1)
    return f"{bar}{lang}\n{text.rstrip()}\n{bar}"


def _cut(text: str, room: int) -> tuple[str, int]:
    """At most ``room`` characters of ``text``, ending at a line; and how many were left out."""
    if len(text) <= room:
        return text, 0
    head = text[: max(0, room)]
    head = head.rsplit("\n", 1)[0] if "\n" in head else head
    return head, len(text) - len(head)


def build(parts: list[tuple[str, str]], limit: int = LIMIT) -> str:
    """``parts``: ("text" | "code" | "markdown", content), joined with blank lines, under ``limit``."""
    budget = limit - MARGIN
    out: list[str] = []
    cut = 0
    for kind, content in parts:
        content = quiet_mentions(content)
        used = sum(len(p) + 2 for p in out)
        room = budget - used
        if kind == "code":
            longest = max((len(m.group()) for m in _TICKS.finditer(content)), default=0)
            room -= 2 * max(3, longest + 1) + 8  # the fence lines
            body, left = _cut(content, room)
            out.append(fence(body))
        else:
            body, left = _cut(content, room)
            out.append(body)
        cut += left
    text = "\n\n".join(out)
    if cut:
        text += f"\n\n*({cut:,} characters left out to stay under GitHub's limit: see the workflow's log.)*"
    return text + "\n"


def _tagged(kind: str, value: str) -> tuple[str, str]:
    return kind, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkdocs_opdhub.tools.ghbody", description=__doc__.split("\n\n")[0])
    # One list for the three options: the parts keep their kind and the order they were given in.
    for kind, metavar, what in (
        ("text", None, "a paragraph"),
        ("code", "FILE", "a file shown as a code block"),
        ("markdown", "FILE", "a Markdown file, as it is"),
    ):
        parser.add_argument(
            f"--{kind}",
            action="append",
            dest="parts",
            type=functools.partial(_tagged, kind),
            metavar=metavar,
            help=what,
        )
    parser.add_argument("--limit", type=int, default=LIMIT)
    args = parser.parse_args(argv)
    parts = []
    for kind, value in args.parts or []:
        if kind == "text":
            parts.append((kind, value))
            continue
        try:
            parts.append((kind, Path(value).read_text("utf-8", errors="replace")))
        except OSError as exc:
            parts.append(("text", f"({value}: cannot read: {exc.strerror})"))
    sys.stdout.write(build(parts, args.limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
