"""How ``opdhub validate`` scales: the whole folder, and one named file (what pre-commit runs).

    python bench/validate_scale.py [N ...]        (default: 305 1000 10000)

For each N it writes N synthetic paper files (the same generator as build_scale.py) with the
editor schema line into a temporary copy of the site's config, taxonomy and schema, then runs
the real ``opdhub`` command twice: on the folder and on one file (checked against all the others).
Timings on a shared machine are noisy: compare runs made on the same machine minutes apart.
"""

from __future__ import annotations

import shutil
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

from mkdocs_opdhub.tools.writer import dump_paper, modeline  # noqa: E402

OPDHUB = str(Path(sys.executable).parent / "opdhub")


def timed(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return elapsed


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
        folder = timed([OPDHUB, "validate", "-q"], root)
        one = timed([OPDHUB, "validate", "-q", "papers/syn-00000.yaml"], root)
    return {"papers": n, "folder_s": round(folder, 2), "one_file_s": round(one, 2)}


def main(sizes: list[int]) -> None:
    print(f"{'papers':>7} {'validate all (s)':>17} {'validate one (s)':>17}")
    for n in sizes:
        row = run(n)
        print(f"{row['papers']:>7} {row['folder_s']:>17} {row['one_file_s']:>17}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [305, 1000, 10000])
