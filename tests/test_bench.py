"""bench/scale.py runs end to end at a small size (a smoke test: no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, run_env

pytestmark = pytest.mark.browser  # it measures in Chromium too


def test_scale_benchmark_runs_and_prints_its_table():
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "scale.py"), "40", "--runs", "1", "--browser"],
        capture_output=True,
        text=True,
        env=run_env(),
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {line.split(" | ")[0].strip("| ") for line in result.stdout.splitlines() if line.startswith("| ")}
    for measure in (
        "opdhub: CPU s / wall s / peak RSS MiB",
        "A: CPU s / wall s / peak RSS MiB",
        "B': CPU s / wall s / peak RSS MiB",
        "B: CPU s / wall s / peak RSS MiB",
        "full build with paper pages / A (target <= 3x)",
        "full build / B' (target <= 1x at 10,000)",
        "floor / A: MkDocs and Material alone with a one-line page per paper",
        "serve rebuild / first build (target <= 0.2x)",
        "opdhub validate one file, index built: CPU s (wall s) (target <= 0.5 s); first run, building it",
        "Chromium: one facet change, every card of the view updated, ms (target <= 50)",
    ):
        assert measure in rows, (measure, result.stdout)
