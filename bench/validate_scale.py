"""How ``opdhub validate`` scales: the whole folder, one named file (what pre-commit runs), and
loading + validating against the raw C parse of the same files.

    python bench/validate_scale.py [N ...]        (default: 305 1000 10000)

For each N it writes N synthetic paper files (the same generator as build_scale.py) with the
editor schema line into a temporary copy of the site's config, taxonomy and schema, then runs
the real ``opdhub`` command: on the folder, on one file the first time (no index yet: every
other paper is read) and on one file again (the other papers come from the index in
``.cache/opdhub/``). In the same process it times, interleaved, medians of 5:

* raw: read each file and ``yaml.load`` it with ``CSafeLoader``, nothing else;
* load+validate: what a build does per file (``PaperValidator.check_file``: read, parse,
  schema, rules, a Paper), for the same files.

All times are CPU seconds (user + sys). Targets at 10,000 papers: one file <= 0.5 s,
load+validate / raw <= 1.5.
Timings on a shared machine are noisy: compare runs made on the same machine minutes apart.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from build_scale import synthetic  # noqa: E402

from mkdocs_opdhub.model.papers import PaperValidator  # noqa: E402
from mkdocs_opdhub.project import Options, open_project  # noqa: E402
from mkdocs_opdhub.tools.writer import dump_paper, modeline  # noqa: E402

OPDHUB = str(Path(sys.executable).parent / "opdhub")


def timed(args: list[str], cwd: Path) -> float:
    """CPU seconds (user + sys) of the command: wall time on a shared machine measures the neighbours."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load_ratio(root: Path, repeats: int = 5) -> tuple[float, float]:
    """Median seconds of (raw CSafeLoader parse, load+validate) over the papers folder, interleaved."""
    paths = sorted((root / "papers").glob("*.yaml"))
    validator = PaperValidator(open_project(root, Options()).taxonomy)

    def raw():
        for path in paths:
            yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)

    def ours():
        for path in paths:
            paper, problems = validator.check_file(path, path.name)
            assert paper is not None and not problems, problems

    times: dict = {raw: [], ours: []}
    for _ in range(repeats):
        for step in (raw, ours):
            started = time.process_time()
            step()
            times[step].append(time.process_time() - started)
    return statistics.median(times[raw]), statistics.median(times[ours])


def run(n: int) -> dict:
    taxonomy = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
    facets = [f["field"] for f in taxonomy["facets"] if f.get("type", "enum") == "enum"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("mkdocs.yml", "taxonomy.yml"):
            shutil.copy2(REPO / name, root / name)
        shutil.copytree(REPO / "schema", root / "schema")
        (root / "papers").mkdir()
        schema = root / "schema" / "paper.schema.json"
        for paper in synthetic(n, taxonomy):
            path = root / "papers" / f"{paper['id']}.yaml"
            path.write_text(dump_paper(paper, facets, modeline(schema, path)), encoding="utf-8")
        one_cold = timed([OPDHUB, "validate", "-q", "papers/syn-00000.yaml"], root)
        folder = timed([OPDHUB, "validate", "-q"], root)
        one = statistics.median(timed([OPDHUB, "validate", "-q", "papers/syn-00000.yaml"], root) for _ in range(3))
        raw, ours = load_ratio(root)
    return {
        "papers": n,
        "folder_s": round(folder, 2),
        "one_cold_s": round(one_cold, 2),
        "one_file_s": round(one, 2),
        "raw_s": round(raw, 3),
        "load_validate_s": round(ours, 3),
        "ratio": round(ours / raw, 2),
    }


COLUMNS = (
    ("papers", "papers"),
    ("folder_s", "validate all (s)"),
    ("one_cold_s", "one, no index (s)"),
    ("one_file_s", "one file (s)"),
    ("raw_s", "raw parse (s)"),
    ("load_validate_s", "load+validate (s)"),
    ("ratio", "ratio"),
)


def main(sizes: list[int]) -> None:
    print("  ".join(f"{title:>17}" for _, title in COLUMNS))
    for n in sizes:
        row = run(n)
        print("  ".join(f"{row[key]:>17}" for key, _ in COLUMNS))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [305, 1000, 10000])
