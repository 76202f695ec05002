"""Weighted sums over thousands of sets at once, in plain Python, to find the few worth scoring.

Related papers need, for each set of facet values, the sets whose facet score with it reaches a
minimum: a sum of products over the values both have. Adding it up set by set costs the number
of sets times the values in common: a Python loop of 14,000 additions per set at 10,000 papers
with a set each, 14 s.

Here the weights of each value held by many sets are packed into one integer, a fixed-width
field per set (32 bits: a weight rounded to 12 bits, a product to 24, with room for their sum).
Multiplying that integer by the other set's rounded weight, and adding one such product per
value, computes every set's rounded sum at once: Python's integers do it in C, a machine word at
a time. The fields are compared with the minimum at once too: adding the right constant to every
field sets a field's top bit exactly where its sum reaches the minimum. Values held by few sets
are added set by set, as before, which is cheap for them. Only the sets found are scored exactly,
by the caller. Rounding can only add sets, never miss one: the minimum is lowered by the most the
rounding can change a sum.
"""

from __future__ import annotations

import bisect
import math
import sys
from array import array
from collections import defaultdict
from collections.abc import Mapping, Sequence

BITS = 12  # a weight rounded to 1/4096
SCALE = 1 << BITS
FIELD = 32  # bits per set: a product needs 2 * BITS, a sum of products a few more, the comparison one
TOP = 1 << (FIELD - 1)
MEMORY = 64 << 20  # bytes of packed weights at most; the values left out are added set by set
WORD = next(code for code in "IL" if array(code).itemsize * 8 == FIELD)  # an unsigned 32-bit field
TOP_BYTE = b"\x80"  # a field's top bit, the only one set in the flags, is the top bit of its top byte


class PackedWeights:
    def __init__(
        self,
        sets_with: Mapping[int, Sequence[int]],
        weights: Mapping[int, Sequence[float]],
        sets: int,
        packed_from: int,
    ):
        """``sets_with[value]``: the sets having the value (each once), ``weights[value]``: its
        weight in each of them, in [0, 1]; ``sets``: how many sets there are. Values held by at
        least ``packed_from`` sets are packed."""
        self._sets = sets
        self._sets_with, self._weights = sets_with, weights
        self._packed: dict[int, int] = {}
        # the values held by most sets first, as many as MEMORY allows (4 bytes a set each)
        for value, members in sorted(sets_with.items(), key=lambda item: -len(item[1]))[: MEMORY // (4 * sets + 1)]:
            if len(members) >= packed_from:
                fields = array(WORD, bytes(4 * sets))
                for member, weight in zip(members, weights[value], strict=True):
                    fields[member] = round(weight * SCALE)
                self._packed[value] = int.from_bytes(fields.tobytes(), sys.byteorder)
        self._ones = int.from_bytes(array(WORD, [1] * sets).tobytes(), sys.byteorder)  # 1 in every field
        self._tops = self._ones * TOP

    def sums(self, weights: Mapping[int, float]) -> PackedSums:
        """The sum over shared values of the two weights' product, of ``weights`` (value ->
        weight in [0, 1]) with every set, rounded."""
        total, rare = 0, defaultdict[int, float](float)
        most = 0  # the most a field can hold so far: it must stay below TOP (see reaching)
        for value, weight in weights.items():
            packed = self._packed.get(value)
            rounded = round(weight * SCALE)
            if packed is not None and most + rounded * SCALE < TOP:
                total += rounded * packed
                most += rounded * SCALE
            else:
                for member, other in zip(self._sets_with.get(value, ()), self._weights.get(value, ()), strict=True):
                    rare[member] += weight * other
        # A rounded weight is off by at most 1/2, so a rounded product of weights a, b <= 1 by at
        # most (a + b) * SCALE / 2 + 1/4: the slack, per value (and 1 for the float sums).
        return PackedSums(self, total, most, dict(rare), len(weights) * (SCALE + 0.25) + 1)


class PackedSums:
    def __init__(self, weights: PackedWeights, total: int, most: int, rare: dict[int, float], slack: float):
        self._ones, self._tops, self._bytes = weights._ones, weights._tops, 4 * weights._sets
        self._total, self._most, self._slack = total, most, slack
        self._rare: list[tuple[float, int]] = []  # (-sum, set) of the sets with a rare value, best first
        if rare:
            fields = array(WORD, total.to_bytes(self._bytes, sys.byteorder))
            square = SCALE * SCALE
            self._rare = sorted((-(fields[member] + part * square), member) for member, part in rare.items())

    def reaching(self, minimum: float) -> set[int]:
        """Every set whose sum may reach ``minimum``: all that do, and a few that miss it by less
        than the rounding."""
        threshold = max(1, int(minimum * SCALE * SCALE - self._slack))
        # A field's sum stays below TOP (sums() sees to it; for two unit vectors it is about
        # SCALE^2 = 2^24 at most): adding TOP - threshold reaches its top bit exactly when the
        # sum >= threshold, and never carries into the next field.
        found = set()
        # (beyond what a field can hold, only the sets with a rare value can reach it)
        flags = (self._total + (TOP - threshold) * self._ones) & self._tops if threshold <= self._most else 0
        if flags:
            data = flags.to_bytes(self._bytes, sys.byteorder)
            at = data.find(TOP_BYTE)  # the one nonzero byte of a field reaching it: a byte search
            while at != -1:
                found.add(at >> 2)
                at = data.find(TOP_BYTE, at + 1)
        found.update(member for _, member in self._rare[: bisect.bisect_right(self._rare, (-threshold, math.inf))])
        return found
