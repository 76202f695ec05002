"""How the site build scales with the number of papers.

    python bench/build_scale.py [N ...]        (default: 305 1000 5000 10000)

For each N it writes N synthetic paper files (valid against the repository's taxonomy) into a
temporary copy of the site project, runs a real ``mkdocs build --strict`` and reports the wall
time of the build, of loading+validating the papers alone, the site size and the size of the
largest chapter page and of an unrelated page (which shows whether the nav grows with N).
Timings on a shared machine are noisy: compare runs made on the same machine minutes apart.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mkdocs_opdhub.project import Options, open_project  # noqa: E402
from mkdocs_opdhub.tools.writer import dump_paper  # noqa: E402

WORDS = (
    "policy distillation student teacher reverse forward divergence token sequence reward "
    "reasoning agent rollout sampling curriculum entropy calibration alignment"
).split()


def synthetic(n: int, taxonomy: dict, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    chapters = [str(c["id"]) for c in taxonomy["chapters"]]
    facets = {
        f["field"]: [str(v["id"]) for v in f.get("values", [])]
        for f in taxonomy["facets"]
        if f.get("type", "enum") == "enum"
    }
    out = []
    for i in range(n):
        year = rng.choice([2023, 2024, 2025, 2026])
        paper = {
            "id": f"syn-{i:05d}",
            "title": " ".join(rng.choice(WORDS) for _ in range(7)).capitalize() + f" {i}",
            "authors": [f"Author{rng.randrange(5000)}, A." for _ in range(rng.randint(1, 9))],
            "year": year,
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "url": f"https://example.org/{i}",
            "chapter": rng.choice(chapters),
            "added": "2026-10-06",
        }
        if rng.random() < 0.4:
            paper["code"] = [f"https://example.org/code/{i}"]
        for field, values in facets.items():
            if values and rng.random() < 0.8:
                paper[field] = rng.choice(values)
        out.append(paper)
    return out


def run(n: int) -> dict:
    taxonomy = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for part in ("mkdocs.yml", "taxonomy.yml", "docs", "schema"):
            src = REPO / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
        (root / "papers").mkdir()
        for paper in synthetic(n, taxonomy):
            (root / "papers" / f"{paper['id']}.yaml").write_text(dump_paper(paper), "utf-8")
        start = time.perf_counter()
        project = open_project(root, Options())
        result = project.load_papers()
        load_s = time.perf_counter() - start
        assert not result.problems, result.problems[:3]
        start = time.perf_counter()
        build = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
            cwd=root,
            capture_output=True,
            text=True,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
        )
        build_s = time.perf_counter() - start
        if build.returncode:
            raise SystemExit(build.stderr)
        site = root / "site"
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        chapter = max((site / "chapters").glob("*/index.html"), key=lambda p: p.stat().st_size)
        about = site / "about" / "index.html"
        return {
            "papers": n,
            "load_s": load_s,
            "build_s": build_s,
            "site_mb": size / 1e6,
            "largest_chapter_kb": chapter.stat().st_size / 1e3,
            "about_kb": about.stat().st_size / 1e3,
        }


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [305, 1000, 5000, 10000]
    print(
        f"{'papers':>7} {'load+validate s':>16} {'build s':>8} {'site MB':>8} {'largest chapter KB':>19} {'about page KB':>14}"
    )
    for n in sizes:
        r = run(n)
        print(
            f"{r['papers']:>7} {r['load_s']:>16.2f} {r['build_s']:>8.1f} {r['site_mb']:>8.1f} "
            f"{r['largest_chapter_kb']:>19.0f} {r['about_kb']:>14.0f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
