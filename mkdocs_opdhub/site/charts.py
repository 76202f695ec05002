"""Charts of the list over time, drawn at build time as accessible SVG.

Every chart is a ``<figure>``: an SVG with ``<title>`` and ``<desc>`` (``role="img"``), a legend,
and the same numbers as a table (the fallback for screen readers, text browsers and anyone who
wants the figures). Colours are CSS variables (``--opdhub-series-N``) and text is
``currentColor``, so the site's light and dark palettes both apply; nothing is loaded at run time.

Which facets are charted comes from the taxonomy (``trends:``); nothing is about a topic here:

``months``     papers per month, stacked by a facet's values
``matrix``     chapters x a facet's values
``over-time``  the share of each value of a facet per year
``share``      the share of papers per year with a presence facet's ``yes`` (e.g. with code)
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup, escape

from ..formats.templates import MONTHS, collapse
from ..model.catalog import Catalog
from ..model.papers import Paper
from ..model.taxonomy import UNCLASSIFIED, Facet

MONTHS_SHOWN = 48  # months drawn one bar each; older papers share one bar
SERIES = 10  # distinct colours (discover.css); more values reuse them with a pattern offset
KINDS = ("months", "matrix", "over-time", "share")


class ChartError(Exception):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class Table:
    caption: str
    head: list[str]
    rows: list[list[str | int]]


@dataclass
class Bars:
    """Stacked bars: one bar per category, one segment per series."""

    categories: list[str]  # x labels (short)
    long: list[str]  # the category as a table row / tooltip says it
    series: list[tuple[str, str]]  # (id, label)
    values: list[list[float]]  # [category][series]
    share: bool = False  # values are fractions 0..1
    ticks: list[int] = field(default_factory=list)  # categories whose label is drawn


def default_trends(catalog: Catalog) -> dict[str, list[str]]:
    """What the Trends page shows when the taxonomy does not say."""
    taxonomy = catalog.taxonomy
    enums = [f.field for f in taxonomy.facets if f.declared and f.type.adds_field(f)]  # the list's own categories
    chapter = taxonomy.chapter_facet.field
    trends = dict(taxonomy.trends)
    trends.setdefault("stack", [chapter])
    trends.setdefault(
        "matrix", [taxonomy.group_by] if taxonomy.group_by and taxonomy.group_by != chapter else enums[:1]
    )
    trends.setdefault("over_time", [f for f in enums if f not in trends["matrix"]] or enums[:1])
    trends["share"] = [f.field for f in taxonomy.facets if f.type.answers_share]
    return trends


class Charts:
    def __init__(self, catalog: Catalog, env: jinja2.Environment):
        self.catalog = catalog
        self.taxonomy = catalog.taxonomy
        self._template = env.get_template("opdhub/chart.html")
        self._serial = itertools.count(1)  # ids per site, not per process: a rebuild writes the same page

    # -- the directive --------------------------------------------------------------------
    def parse(self, args: str) -> tuple[str, str | None, dict[str, list[str]], bool]:
        """``months by=mechanism chapter=4 small=yes`` -> (kind, facet, filters, small)."""
        tokens = args.split()
        if not tokens or tokens[0] not in KINDS:
            raise ChartError(f"unknown chart '{tokens[0] if tokens else ''}'", f"use one of {', '.join(KINDS)}")
        kind, facet, filters, small = tokens[0], None, {}, False
        fields = [f.field for f in self.taxonomy.facets]
        for token in tokens[1:]:
            key, eq, value = token.partition("=")
            if not eq or not value:
                raise ChartError(f"'{token}' is not key=value", "e.g. by=chapter")
            if key == "by":
                if self.taxonomy.facet(value) is None:
                    raise ChartError(f"'{value}' is not a facet", f"use one of {', '.join(fields)}")
                facet = value
            elif key == "small":
                small = value.lower() in ("yes", "true", "1", "on")
            elif key in fields:
                filters[key] = value.split(",")
            else:
                raise ChartError(
                    f"unknown option '{key}'", "use by=<facet>, small=yes or a facet filter such as chapter=4"
                )
        if facet is None:
            facet = self.taxonomy.chapter_facet.field if kind == "months" else None
        if facet is None:
            raise ChartError(f"the '{kind}' chart needs by=<facet>")
        if kind == "share" and not self.taxonomy.facet(facet).type.answers_share:
            raise ChartError(f"the share chart needs a presence facet, not '{facet}'")
        return kind, facet, filters, small

    def render(self, args: str) -> str:
        kind, facet_name, filters, small = self.parse(args)
        papers = self.catalog.select(filters) if filters else self.catalog.papers
        facet = self.taxonomy.facet(facet_name)
        if kind == "months":
            return self.months(papers, facet, small=small)
        if kind == "matrix":
            return self.matrix(papers, facet)
        if kind == "over-time":
            return self.over_time(papers, facet)
        return self.share(papers, facet)

    # -- data -----------------------------------------------------------------------------
    def _series(self, facet: Facet, papers: Sequence[Paper]) -> list[tuple[str, str]]:
        used = {v for p in papers for v in self.catalog.values_of(p, facet.field)}
        return [(v.id, v.label) for v in self.catalog.facet_values[facet.field] if v.id in used]

    def _coverage(self, facet: Facet, papers: Sequence[Paper]) -> str:
        """``Classified: 126 of 305 papers.`` for a facet people classify that some of ``papers``
        lack (a facet added after most of the list was written); empty when all have it."""
        if not facet.type.shows_coverage:
            return ""
        classified, total = self.catalog.coverage(facet.field, papers)
        return f"Classified: {classified} of {total} papers." if classified < total else ""

    def months(self, papers: Sequence[Paper], facet: Facet, *, small: bool = False) -> str:
        """Papers per month of their date, stacked by ``facet``; papers with a year only are counted
        in the table's note, not placed in a month they may not belong to."""
        dated = [p for p in papers if p.date and len(p.date) >= 7]
        undated = len(papers) - len(dated)
        series = self._series(facet, dated)
        if not dated:
            return self._empty(f"Papers per month by {facet.label.lower()}", "No paper has a date with a month yet.")
        first, last = min(p.date[:7] for p in dated), max(p.date[:7] for p in dated)
        keys = _month_range(first, last)
        earlier = None
        if len(keys) > MONTHS_SHOWN:  # a long tail of old papers: one bar before the last MONTHS_SHOWN months
            keys = keys[-MONTHS_SHOWN:]
            earlier = keys[0]
        month = lambda p: p.date[:7] if earlier is None or p.date[:7] >= earlier else "earlier"  # noqa: E731
        counts: dict[str, Counter] = defaultdict(Counter)
        for p in dated:
            for v in self.catalog.values_of(p, facet.field):
                counts[month(p)][v] += 1
        if earlier is not None:
            keys = ["earlier", *keys]
        values = [[counts[k][sid] for sid, _ in series] for k in keys]
        labels = [f"Before {_month_label(earlier)}" if k == "earlier" else _month_label(k) for k in keys]
        ticks = [i for i, k in enumerate(keys) if k.endswith("-01") or k == "earlier"] or [0]
        short = ["earlier" if k == "earlier" else k[:4] for k in keys]
        bars = Bars(short, labels, series, values, ticks=ticks)
        title = f"Papers per month by {facet.label.lower()}"
        total = len(dated)
        desc = (
            f"Stacked bars: {total} papers dated from {_month_label(first)} to {labels[-1]}, by month"
            f"{' (older ones in the first bar)' if earlier else ''}, coloured by "
            f"{facet.label.lower()}. The busiest month is {labels[_argmax([sum(r) for r in values])]} "
            f"with {max(sum(r) for r in values):g} papers."
        )
        note = (
            f"{undated} paper{'s' if undated != 1 else ''} with a year but no month {'are' if undated != 1 else 'is'} not shown."
            if undated
            else ""
        )
        if facet.multi:
            note += " A paper with several values is counted once for each."
        coverage = self._coverage(facet, papers)
        if coverage:
            note, desc = f"{coverage} {note}", f"{desc} {coverage}"
        table = Table(
            title,
            ["Month", *[label for _, label in series], "Total"],
            [[labels[i], *map(_num, row), _num(sum(row))] for i, row in enumerate(values) if sum(row)],
        )
        return self._figure("months", title, desc, bars=bars, table=table, note=note.strip(), small=small)

    def over_time(self, papers: Sequence[Paper], facet: Facet) -> str:
        """The share of each value of ``facet`` among a year's papers."""
        papers = [p for p in papers if p.year is not None]  # entries of some kinds have no year
        years = sorted({str(p.year) for p in papers})
        series = self._series(facet, papers)
        coverage = self._coverage(facet, papers)
        if coverage:  # shares of the classified papers (the unclassified would swamp them); the table counts the rest
            series = [s for s in series if s[0] != UNCLASSIFIED]
        counts: dict[str, Counter] = defaultdict(Counter)
        for p in papers:
            for v in self.catalog.values_of(p, facet.field):
                counts[str(p.year)][v] += 1
        title = f"{facet.label} over time"
        if not years:
            return self._empty(title, "No papers yet.")
        raw = [[counts[y][sid] for sid, _ in series] for y in years]
        values = [[c / sum(row) if sum(row) else 0 for c in row] for row in raw]
        bars = Bars(years, years, series, values, share=True, ticks=list(range(len(years))))
        whose = "classified papers" if coverage else "papers"
        desc = (
            f"100% stacked bars: for each year from {years[0]} to {years[-1]}, the share of its {whose} with each "
            f"{facet.label.lower()} value."
        )
        head = ["Year", *[label for _, label in series], *([facet.unclassified] if coverage else []), "Papers"]
        rows = [
            [
                y,
                *[f"{c} ({_pct(c / sum(row) if sum(row) else 0)})" for c in row],
                *([counts[y][UNCLASSIFIED]] if coverage else []),
                len([p for p in papers if str(p.year) == y]),
            ]
            for y, row in zip(years, raw, strict=False)
        ]
        note = f"{coverage} Shares are of each year's classified papers." if coverage else ""
        return self._figure(
            "over-time", title, f"{desc} {note}".strip(), bars=bars, table=Table(title, head, rows), note=note
        )

    def share(self, papers: Sequence[Paper], facet: Facet) -> str:
        """Per year, the share of papers whose presence facet says ``yes`` (e.g. with code)."""
        papers = [p for p in papers if p.year is not None]  # entries of some kinds have no year
        years = sorted({str(p.year) for p in papers})
        yes_label = self.catalog.label(facet.field, "yes")
        title = f"Share of papers: {yes_label.lower()}"
        if not years:
            return self._empty(title, "No papers yet.")
        rows = []
        for y in years:
            inside = [p for p in papers if str(p.year) == y]
            yes = sum(1 for p in inside if "yes" in self.catalog.values_of(p, facet.field))
            rows.append((y, yes, len(inside)))
        bars = Bars(
            years,
            years,
            [("yes", yes_label)],
            [[yes / n if n else 0] for _, yes, n in rows],
            share=True,
            ticks=list(range(len(years))),
        )
        overall = sum(r[1] for r in rows) / max(1, sum(r[2] for r in rows))
        desc = f"Bars: for each year from {years[0]} to {years[-1]}, the share of papers {yes_label.lower()}; {_pct(overall)} overall."
        table = Table(
            title,
            ["Year", yes_label, "Papers", "Share"],
            [[y, yes, n, _pct(yes / n if n else 0)] for y, yes, n in rows],
        )
        return self._figure("share", title, desc, bars=bars, table=table)

    def matrix(self, papers: Sequence[Paper], facet: Facet) -> str:
        """Chapters (rows) x the values of ``facet`` (columns): how many papers have both."""
        chapter_field = self.taxonomy.chapter_facet.field
        rows = [(c.id, c.label) for c in self.taxonomy.chapters]
        cols = self._series(facet, papers)
        coverage = self._coverage(facet, papers)
        if coverage:  # circles for the classified papers only (the rest would dwarf them); the table counts the rest
            cols = [c for c in cols if c[0] != UNCLASSIFIED]
        counts = Counter(
            (c, v)
            for p in papers
            for c in self.catalog.values_of(p, chapter_field)
            for v in self.catalog.values_of(p, facet.field)
        )
        title = f"{self.taxonomy.chapter_facet.label} × {facet.label.lower()}"
        if not cols:
            return self._empty(title, "No papers yet.")
        drawn = {k: n for k, n in counts.items() if not coverage or k[1] != UNCLASSIFIED}
        peak = max(drawn.values(), default=1)
        cells = [[counts[(rid, cid)] for cid, _ in cols] for rid, _ in rows]
        big = max(((n, k) for k, n in drawn.items()), default=(0, None))
        desc = (
            f"A grid of {len(rows)} {self.taxonomy.chapter_facet.label.lower()} rows and {len(cols)} "
            f"{facet.label.lower()} columns; each circle's area is the number of papers with both"
            + (
                f"; the largest is {self.catalog.label(chapter_field, big[1][0])} × "
                f"{self.catalog.label(facet.field, big[1][1])} with {big[0]}."
                if big[1]
                else "."
            )
        )
        extra = [facet.unclassified] if coverage else []
        table = Table(
            title,
            ["", *[label for _, label in cols], *extra],
            [
                [label, *row, *([counts[(rid, UNCLASSIFIED)]] if coverage else [])]
                for (rid, label), row in zip(rows, cells, strict=False)
            ],
        )
        grid = {"rows": rows, "cols": cols, "cells": cells, "peak": peak}
        return self._figure("matrix", title, f"{desc} {coverage}".strip(), grid=grid, table=table, note=coverage)

    # -- drawing --------------------------------------------------------------------------
    def _figure(
        self,
        kind: str,
        title: str,
        desc: str,
        *,
        table: Table,
        bars: Bars | None = None,
        grid: dict | None = None,
        note: str = "",
        small: bool = False,
    ) -> str:
        uid = f"opdhub-chart-{next(self._serial)}"
        geometry = _bars_geometry(bars, small) if bars else _grid_geometry(grid)
        legend = (
            [(i % SERIES, label) for i, (_, label) in enumerate(bars.series)] if bars and len(bars.series) > 1 else []
        )
        return collapse(
            self._template.render(
                uid=uid,
                kind=kind,
                title=title,
                desc=desc,
                table=table,
                note=note,
                legend=legend,
                small=small,
                **geometry,
            )
        )

    def _empty(self, title: str, text: str) -> str:
        return Markup(f'<p class="opdhub-chart-empty"><strong>{escape(title)}</strong>: {escape(text)}</p>')


def _bars_geometry(bars: Bars, small: bool) -> dict:
    width, height = (640, 140) if small else (720, 260)
    left, right, top, bottom = 40, 8, 10, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(bars.categories)
    totals = [sum(row) for row in bars.values]
    peak = 1.0 if bars.share else max(max(totals, default=0), 1)
    peak = peak if bars.share else _nice(peak)
    step = plot_w / max(n, 1)
    gap = min(2.0, step * 0.2)
    rects = []
    for i, row in enumerate(bars.values):
        y = top + plot_h
        for s, value in enumerate(row):
            if not value:
                continue
            h = plot_h * value / peak
            y -= h
            shown = _pct(value) if bars.share else _num(value)
            rects.append(
                {
                    "x": round(left + i * step + gap / 2, 2),
                    "y": round(y, 2),
                    "w": round(max(step - gap, 0.5), 2),
                    "h": round(h, 2),
                    "series": s % SERIES,
                    "tip": f"{bars.long[i]} · {bars.series[s][1]}: {shown}",
                }
            )
    ticks_y = [(round(top + plot_h - plot_h * f, 2), _pct(f) if bars.share else _num(peak * f)) for f in (0, 0.5, 1)]
    ticks_x = [(round(left + i * step + step / 2, 2), bars.categories[i]) for i in bars.ticks]
    if len(ticks_x) > 14:  # too many labels for the width: every other one
        ticks_x = ticks_x[::2]
    return {
        "width": width,
        "height": height,
        "rects": rects,
        "ticks_y": ticks_y,
        "ticks_x": ticks_x,
        "axis": {"x1": left, "x2": width - right, "y": top + plot_h},
        "grid": None,
    }


def _grid_geometry(grid: dict) -> dict:
    cell, left, top = 44, 120, 92
    rows, cols = grid["rows"], grid["cols"]
    width, height = left + cell * len(cols) + 8, top + cell * len(rows) + 8
    circles = []
    for r, row in enumerate(grid["cells"]):
        for c, count in enumerate(row):
            radius = (cell / 2 - 3) * math.sqrt(count / grid["peak"]) if count else 0
            circles.append(
                {
                    "cx": left + c * cell + cell / 2,
                    "cy": top + r * cell + cell / 2,
                    "r": round(radius, 2),
                    "count": count,
                    "tip": f"{rows[r][1]} × {cols[c][1]}: {count}",
                }
            )
    return {
        "width": width,
        "height": height,
        "rects": [],
        "ticks_y": [],
        "ticks_x": [],
        "axis": None,
        "grid": {
            "circles": circles,
            "rows": [(top + r * cell + cell / 2, label) for r, (_, label) in enumerate(rows)],
            "cols": [(left + c * cell + cell / 2, label) for c, (_, label) in enumerate(cols)],
            "top": top,
        },
    }


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _month_label(key: str) -> str:
    return f"{MONTHS[int(key[5:7]) - 1]} {key[:4]}"


def _nice(value: float) -> float:
    """The next round number above ``value`` (1, 2, 5 x 10^k), for the top of an axis."""
    exp = 10 ** math.floor(math.log10(value))
    return next(m * exp for m in (1, 2, 5, 10) if m * exp >= value)


def _num(value: float) -> str:
    return f"{value:g}"


def _pct(value: float) -> str:
    return f"{round(100 * value)}%"


def _argmax(values: Iterable[float]) -> int:
    values = list(values)
    return values.index(max(values))
