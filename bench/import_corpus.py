"""The import corpus: real awesome-list READMEs through ``opdhub import`` and back.

    python bench/import_corpus.py [LISTS_DIR] [--only NAME ...] [--no-build]

LISTS_DIR (default ``../shared/lists`` next to the repository) holds ``<owner>--<repo>.md``
READMEs and ``count_entries.py``, an independent count of each list's entries (a counter
written apart from the importer, so the share is not the importer grading itself). For each
list, in a fresh folder: ``opdhub import README.md --add-markers``, then
``opdhub export readme --into README.md --check`` (the round trip must change nothing), then
``mkdocs build --strict`` with the heavy per-paper features off (paper pages, graph, related
papers: they do not depend on how a list was imported). Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mkdocs_opdhub.cli import main  # noqa: E402

DEFAULT_LISTS = REPO.parent / "shared" / "lists"
LIGHT = {
    "paper_pages": False,
    "graph": False,
    "related": 0,
    "trends": False,
    "feeds": False,
}


@dataclass
class Row:
    name: str
    entries: int  # the independent count
    imported: int = 0
    skipped: Counter = field(default_factory=Counter)
    build_ok: bool | None = None
    build_seconds: float = 0.0
    round_trip_ok: bool = False
    import_seconds: float = 0.0

    @property
    def share(self) -> float:
        return min(100.0, 100.0 * self.imported / self.entries) if self.entries else 100.0


def independent_counts(lists: Path) -> dict[str, int]:
    spec = importlib.util.spec_from_file_location("count_entries", lists / "count_entries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {path.name: module.count(path)[0] for path in sorted(lists.glob("*--*.md"))}


def cli(folder: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(list(args))
    finally:
        os.chdir(cwd)
    return code, out.getvalue()


REASON = re.compile(r"^\S+?:\d+(?::\d+)?: warning: (.*)$")


def reason_of(message: str) -> str:
    """A warning line without its quoted names and numbers: the reason, for counting."""
    text = re.sub(r"'[^']*'", "'…'", message)
    text = re.sub(r"\(line \d+\)|\d+", "N", text)
    return text.split(";")[0].strip()[:70]


def light_config(folder: Path) -> None:
    """The plugin with the per-paper features off (they do not depend on how a list was imported)."""
    config = folder / "mkdocs.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["plugins"] = [{"opdhub": LIGHT} if p == "opdhub" else p for p in data["plugins"]]
    config.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def run_list(path: Path, entries: int, build: bool) -> Row:
    row = Row(path.stem, entries)
    with tempfile.TemporaryDirectory(prefix="opdhub-corpus-") as tmp:
        folder = Path(tmp)
        shutil.copyfile(path, folder / "README.md")
        started = time.perf_counter()
        code, output = cli(folder, "import", "README.md", "--add-markers", "--added", "2026-01-01")
        row.import_seconds = time.perf_counter() - started
        # entries imported: those the README map records (a paper listed under two headings is two)
        recorded = folder / "README.opdhub.json"
        row.imported = len(json.loads(recorded.read_text("utf-8"))["entries"]) if code == 0 and recorded.exists() else 0
        for line in output.splitlines():
            match = REASON.match(line)
            if match and ("not imported" in line or "skipped" in line or "no paper" in line):
                row.skipped[reason_of(match.group(1))] += 1
        if code != 0:
            row.skipped[f"import failed: {output.strip().splitlines()[-1:]}"] += 1
            return row
        code, output = cli(folder, "export", "readme", "--into", "README.md", "--check")
        row.round_trip_ok = code == 0
        if build:
            light_config(folder)
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                cwd=folder,
                capture_output=True,
                text=True,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                check=False,
            )
            row.build_seconds = time.perf_counter() - started
            row.build_ok = done.returncode == 0
            if not row.build_ok:
                print(
                    f"{path.name}: build failed:\n{done.stderr[-2000:]}",
                    file=sys.stderr,
                )
    return row


def table(rows: list[Row]) -> str:
    lines = [
        "| List | Entries | Imported | Skipped (top reasons) | Build (s) | Round trip |",
        "| --- | --- | --- | --- | --- | --- |",  # no alignment: it is written as style attributes, which a strict CSP refuses
    ]
    for row in rows:
        reasons = "; ".join(f"{n} × {r}" for r, n in row.skipped.most_common(3)) or "—"
        build = "—" if row.build_ok is None else f"{'ok' if row.build_ok else 'FAILED'} {row.build_seconds:.0f}"
        lines.append(
            f"| {row.name} | {row.entries} | {row.imported} ({row.share:.0f} %) | {reasons.replace('|', '/')} "
            f"| {build} | {'no-op' if row.round_trip_ok else 'CHANGES'} |"
        )
    return "\n".join(lines)


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lists", nargs="?", type=Path, default=DEFAULT_LISTS)
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="names (or parts of names) of lists to run",
    )
    parser.add_argument("--no-build", action="store_true", help="skip mkdocs build")
    args = parser.parse_args()
    counts = independent_counts(args.lists)
    rows = []
    for name, entries in counts.items():
        if args.only and not any(part in name for part in args.only):
            continue
        rows.append(run_list(args.lists / name, entries, build=not args.no_build))
        print(f"{name}: {rows[-1].imported}/{entries}", file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main_bench())
