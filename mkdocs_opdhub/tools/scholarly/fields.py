"""Typed access to one object of a JSON answer. An API answer is hostile until proven otherwise:
a field of the wrong type (``author`` a number, ``type`` a list, ``references`` a number) is
skipped with a note saying so, never iterated, hashed or indexed as what it should have been."""

from __future__ import annotations

from typing import Any

from .text import clean

MAX_ITEMS = 10_000  # items read from one list field (authors, references): more is not a paper


class Fields:
    def __init__(self, data: Any, where: str, notes: list[str] | None = None):
        self.data = data if isinstance(data, dict) else {}
        self.where = where
        self.notes = notes if notes is not None else []

    def _get(self, name: str, kinds: tuple[type, ...], wanted: str) -> Any:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            self.notes.append(f"{self.where}: '{name}' is {_kind(value)}, not {wanted}; skipped")
            return None
        return value

    def text(self, name: str, max_length: int | None = None) -> str | None:
        return clean(self._get(name, (str,), "text"), max_length)

    def integer(self, name: str) -> int | None:
        return self._get(name, (int,), "a number")

    def items(self, name: str) -> list:
        value = self._get(name, (list,), "a list")
        if value is None:
            return []
        if len(value) > MAX_ITEMS:
            self.notes.append(f"{self.where}: '{name}' has {len(value)} items; the first {MAX_ITEMS} are read")
        return value[:MAX_ITEMS]

    def child(self, name: str) -> Fields:
        return Fields(self._get(name, (dict,), "an object"), f"{self.where}.{name}", self.notes)

    def first_text(self, name: str, max_length: int | None = None) -> str | None:
        """A field that is a list of texts (Crossref's ``title``, ``container-title``): the first."""
        values = self.items(name)
        return clean(values[0], max_length) if values else None


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )
