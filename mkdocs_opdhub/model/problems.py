"""Problems found in input files, formatted the way compilers report them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .chars import printable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file, with where it is and how to fix it."""

    path: str
    line: int | None
    column: int | None
    field: str | None
    message: str
    hint: str | None = None
    severity: str = ERROR

    def location(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """``papers/x.yaml:12:3: error: loss: 'rkl' is not one of … (did you mean 'RKL'?)``"""
        text = f"{self.location()}: {self.severity}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        # A value quoted in a message must not start a new line (CI logs read lines as commands)
        # nor move the cursor or flip the text's direction in a terminal.
        return printable(text)

    def github(self) -> str:
        """The same problem as a GitHub Actions workflow annotation."""
        props = [f"file={_gh_escape_property(self.path)}"]
        if self.line is not None:
            props.append(f"line={self.line}")
        if self.column is not None:
            props.append(f"col={self.column}")
        if self.field:
            props.append(f"title={_gh_escape_property(self.field)}")
        body = printable(self.message + (f" ({self.hint})" if self.hint else ""))
        return f"::{self.severity} {','.join(props)}::{_gh_escape_data(body)}"


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(printable(text)).replace(":", "%3A").replace(",", "%2C")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A ``did you mean …?`` hint for the closest choice, case differences first."""
    choices = [str(c) for c in choices]
    lowered = {c.lower(): c for c in choices}
    if str(word).lower() in lowered:
        return f"did you mean '{lowered[str(word).lower()]}'?"
    close = difflib.get_close_matches(str(word).lower(), list(lowered), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{lowered[close[0]]}'?"
    return None


def one_of(choices: Iterable[str], limit: int = 10) -> str:
    """``A, B, C`` or ``A, B, …, J, …`` for long lists."""
    choices = [str(c) for c in choices]
    if len(choices) <= limit:
        return ", ".join(choices)
    return ", ".join(choices[:limit]) + ", …"


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
