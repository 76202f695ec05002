"""What is new: the build date (reproducible with ``SOURCE_DATE_EPOCH``) and which papers count as new."""

from __future__ import annotations

import datetime as _dt
import os

from ..model.papers import Paper


def build_date(environ: dict | None = None) -> _dt.date:
    """Today in UTC, or the date of ``SOURCE_DATE_EPOCH`` when set, so that two builds of the same
    sources give the same site (reproducible-builds.org's convention)."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date()
    return _dt.datetime.now(_dt.timezone.utc).date()


def added_date(paper: Paper) -> _dt.date | None:
    try:
        parts = [int(x) for x in str(paper.added).split("-")]
        return _dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


class NewPapers:
    """Papers added in the ``days`` before the build date (none when ``days`` is 0)."""

    def __init__(self, days: int, today: _dt.date | None = None):
        self.days = days
        self.today = today or build_date()
        self.since = self.today - _dt.timedelta(days=max(days - 1, 0))

    def __call__(self, paper: Paper) -> bool:
        added = added_date(paper)
        return self.days > 0 and added is not None and self.since <= added <= self.today
