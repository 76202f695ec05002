"""The scale benchmark: this plugin against plain baselines, on the same synthetic papers, in one run.

    python bench/scale.py [N ...] [--runs 3] [--browser] [--no-serve]     (default: 10000)

For each N it writes N synthetic paper files exercising every kind of facet (an enum, a
multi-valued enum, open facets on venue and tags, sections, year, presence) and builds, runs
interleaved (so a busy machine slows every variant alike), medians of ``--runs``:

* opdhub      the project, every feature on, paper pages included
* no-pages    the same with ``paper_pages: false``
* no-discover the project without the discovery features (graph, trends, feeds, related papers,
              the New badge): what those cost
* A           plain lists: one Markdown list per chapter written by mkdocs-gen-files, same theme
* B'          a page per paper (mkdocs-gen-files) with Material's tags plugin, pages not in the nav
* B           the same pages in the nav (only for N <= 1000: its cost grows with N squared)
* floor       what any build with a real page per paper costs at least: a one-line Markdown page per
              paper, outside the nav, the same theme and the search plugin, nothing else

Each build is a child process: CPU seconds are its user + sys time (os.wait4), peak RSS its
``ru_maxrss``. Also: site size (sum of file sizes), All-papers page bytes, search entries per paper,
the CPU of a ``mkdocs serve --dirty`` rebuild after one paper edit against that server's first
build, ``opdhub validate <one file>``, and load + validate against a raw ``CSafeLoader`` parse.
With ``--browser``: in headless Chromium, All papers from navigation to filter ready, and one facet
change until every card of the view is updated (bench/filter_speed.py's measurement).
Prints one table with the ratios the issue's targets are stated in.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from mkdocs_opdhub.tools.writer import dump_paper  # noqa: E402

WORDS = (
    "policy distillation student teacher reverse forward divergence token sequence reward "
    "reasoning agent rollout sampling curriculum entropy calibration alignment"
).split()
VENUES = [f"Venue {i}" for i in range(40)]
TAGS = [f"tag-{i}" for i in range(120)]
MODALITIES = ["text", "code", "math", "vision", "speech"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
DISCOVERY_OFF = {"graph": "false", "trends": "false", "feeds": "false", "related": 0, "new_days": 0}


# -- the synthetic list ---------------------------------------------------------------------------
def bench_taxonomy() -> dict:
    """The real taxonomy plus what it lacks: sections, a multi-valued enum, open venue and tags facets."""
    taxonomy = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
    chapter = next(c for c in taxonomy["chapters"] if str(c["id"]) == "5")
    chapter["sections"] = [
        {
            "id": "5.1",
            "number": "5.1",
            "title": "Teachers",
            "sections": [{"id": "5.1.1", "number": "5.1.1", "title": "Ensembles"}],
        },
        {"id": "5.2", "number": "5.2", "title": "Rewards"},
    ]
    facets = taxonomy["facets"]
    facets.insert(
        3,
        {
            "field": "modality",
            "label": "Modality",
            "multi": True,
            "values": [{"id": m, "label": m.capitalize()} for m in MODALITIES],
        },
    )
    facets.append({"field": "venue", "type": "open", "label": "Venue", "unclassified": "Preprint"})
    facets.append({"field": "tags", "type": "open", "label": "Tag", "multi": True})
    return taxonomy


def synthetic(n: int, taxonomy: dict, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    chapters = [str(c["id"]) for c in taxonomy["chapters"]]
    enums = {
        f["field"]: [str(v["id"]) for v in f["values"]]
        for f in taxonomy["facets"]
        if f.get("type", "enum") == "enum" and not f.get("multi")
    }
    out = []
    for i in range(n):
        year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])
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
        if rng.random() < 0.5:
            paper["arxiv"] = f"{year % 100:02d}{rng.randint(1, 12):02d}.{i:05d}"
        if rng.random() < 0.4:
            paper["code"] = [f"https://example.org/code/{i}"]
        if rng.random() < 0.6:
            paper["venue"] = rng.choice(VENUES)
        if rng.random() < 0.7:
            paper["tags"] = sorted(rng.sample(TAGS, rng.randint(1, 3)))
        if rng.random() < 0.5:
            paper["summary"] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 24))).capitalize() + "."
        if paper["chapter"] == "5" and rng.random() < 0.7:
            paper["section"] = rng.choice(["5.1", "5.1.1", "5.2"])
        for field, values in enums.items():
            if rng.random() < 0.8:
                paper[field] = rng.choice(values)
        paper["modality"] = sorted(rng.sample(MODALITIES, rng.randint(1, 2)))
        out.append(paper)
    return out


# -- the variants ----------------------------------------------------------------------------------
MATERIAL = "theme:\n  name: material\n  features: [navigation.instant, navigation.indexes]\n"

GEN_LISTS = '''"""Baseline A: one plain Markdown list per chapter."""
import glob, yaml, mkdocs_gen_files
by = {}
for path in sorted(glob.glob("papers/*.yaml")):
    with open(path, encoding="utf-8") as f:
        p = yaml.load(f, Loader=yaml.CSafeLoader)
    by.setdefault(str(p["chapter"]), []).append(p)
for chapter, papers in sorted(by.items()):
    with mkdocs_gen_files.open(f"chapters/{chapter}.md", "w") as out:
        out.write(f"# Chapter {chapter}\\n\\n")
        for p in sorted(papers, key=lambda p: str(p.get("date") or p["year"]), reverse=True):
            out.write(f"- [{p['title']}]({p['url']}), {', '.join(p['authors'])}, {p['year']}\\n")
'''

GEN_PAGES = '''"""Baselines B and B': a page per paper, tagged for Material's tags plugin."""
import glob, json, yaml, mkdocs_gen_files
for path in sorted(glob.glob("papers/*.yaml")):
    with open(path, encoding="utf-8") as f:
        p = yaml.load(f, Loader=yaml.CSafeLoader)
    tags = [str(p.get("mechanism") or "none"), str(p["year"])] + [str(t) for t in p.get("tags") or []]
    with mkdocs_gen_files.open(f"papers/{p['id']}.md", "w") as out:
        out.write("---\\ntags:\\n" + "".join(f"  - {json.dumps(t)}\\n" for t in tags) + "---\\n\\n")
        out.write(f"# {p['title']}\\n\\n{', '.join(p['authors'])}, {p['year']}. [Paper]({p['url']})\\n\\n{p.get('summary') or ''}\\n")
'''


def write_project(root: Path, papers: list[dict], taxonomy: dict, variant: str) -> Path:
    project = root / variant
    project.mkdir(parents=True)
    (project / "papers").mkdir()
    for paper in papers:
        (project / "papers" / f"{paper['id']}.yaml").write_text(dump_paper(paper), "utf-8")
    if variant in ("opdhub", "no-pages", "no-discover"):
        for part in ("mkdocs.yml", "docs"):
            src = REPO / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / part)
        (project / "taxonomy.yml").write_text(yaml.safe_dump(taxonomy, sort_keys=False, allow_unicode=True), "utf-8")
        config = (
            (project / "mkdocs.yml")
            .read_text("utf-8")
            .replace('site_url: !ENV [OPDHUB_SITE_URL, "http://127.0.0.1:8000/"]', "site_url: http://127.0.0.1:8000/")
        )
        if variant == "no-pages":
            config = config.replace(
                "      papers_dir: papers\n", "      papers_dir: papers\n      paper_pages: false\n"
            )
        if variant == "no-discover":
            config = config.replace(
                "      papers_dir: papers\n",
                "      papers_dir: papers\n" + "".join(f"      {k}: {v}\n" for k, v in DISCOVERY_OFF.items()),
            )
        (project / "mkdocs.yml").write_text(config, "utf-8")
        return project
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n", "utf-8")
    base = f"site_name: Baseline\nsite_url: http://127.0.0.1:8000/\n{MATERIAL}"
    if variant == "floor":
        (project / "docs" / "papers").mkdir()
        for paper in papers:
            (project / "docs" / "papers" / f"{paper['id']}.md").write_text(f"# {paper['title']}\n", "utf-8")
        config = base + "plugins:\n  - search\nnav:\n  - index.md\nnot_in_nav: |\n  /papers/\n"
        (project / "mkdocs.yml").write_text(config, "utf-8")
        return project
    if variant == "A":
        (project / "gen.py").write_text(GEN_LISTS, "utf-8")
        config = base + "plugins:\n  - search\n  - gen-files:\n      scripts: [gen.py]\n"
    else:
        (project / "gen.py").write_text(GEN_PAGES, "utf-8")
        (project / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", "utf-8")
        config = base + "plugins:\n  - search\n  - tags\n  - gen-files:\n      scripts: [gen.py]\n"
        if variant == "B'":
            config += "nav:\n  - index.md\n  - tags.md\nnot_in_nav: |\n  /papers/\n"
    (project / "mkdocs.yml").write_text(config, "utf-8")
    return project


# -- measuring -------------------------------------------------------------------------------------
def timed(args: list[str], cwd: Path) -> dict:
    """Run a child process; its wall time, CPU (user + sys) and peak RSS (MiB) from os.wait4."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if child.returncode:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{stderr.decode()[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def build(project: Path) -> dict:
    shutil.rmtree(project / "site", ignore_errors=True)
    result = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")], project)
    site = project / "site"
    result["size"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    all_papers = site / "papers" / "index.html"
    result["all_bytes"] = all_papers.stat().st_size / 1e6 if all_papers.is_file() else None
    index = site / "search" / "search_index.json"
    result["entries"] = len(json.loads(index.read_text("utf-8"))["docs"]) if index.is_file() else 0
    return result


def proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_rebuild(project: Path, paper: Path) -> dict:
    """CPU of ``mkdocs serve --dirty``'s first build and of its rebuild after one paper edit."""
    port = 8700 + random.randrange(200)
    child = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    built = []
    done = threading.Event()

    def read():
        for line in child.stderr:
            if "Documentation built in" in line:
                built.append((time.perf_counter(), proc_cpu(child.pid)))
                done.set()

    threading.Thread(target=read, daemon=True).start()
    start = time.perf_counter()
    try:
        if not done.wait(900):
            raise SystemExit("mkdocs serve never finished its first build")
        first_cpu, first_wall = built[0][1], built[0][0] - start
        done.clear()
        time.sleep(1.0)
        before = proc_cpu(child.pid)
        edited = time.perf_counter()
        paper.write_text(paper.read_text("utf-8").replace("title: ", "title: Edited ", 1), "utf-8")
        if not done.wait(900):
            raise SystemExit("mkdocs serve never rebuilt after the edit")
        return {
            "first_cpu": first_cpu,
            "first_wall": first_wall,
            "cpu": built[-1][1] - before,
            "wall": built[-1][0] - edited,
        }
    finally:
        child.terminate()
        child.wait(timeout=30)


def validation(project: Path, one: Path) -> dict:
    """``opdhub validate <one file>`` twice: the first run reads every paper into the index in
    ``.cache/opdhub/`` (the cross-file rules need them), the second is what pre-commit costs on
    each commit after that."""
    command = [str(Path(sys.executable).parent / "opdhub"), "validate", str(one.relative_to(project))]
    cold = timed(command, project)
    one_file = timed(command, project)
    from mkdocs_opdhub.project import Options, open_project

    files = sorted((project / "papers").glob("*.yaml"))
    start = time.process_time()
    for path in files:
        with path.open("rb") as f:
            yaml.load(f, Loader=yaml.CSafeLoader)
    raw = time.process_time() - start
    start = time.process_time()
    result = open_project(project, Options()).load_papers()
    load = time.process_time() - start
    assert not result.problems, result.problems[:3]
    return {
        "one_file": one_file["cpu"],
        "one_file_wall": one_file["wall"],
        "cold": cold["cpu"],
        "raw": raw,
        "load": load,
    }


def browser_measures(site: Path) -> dict:
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve
    from filter_speed import MEASURE
    from playwright.sync_api import sync_playwright

    base, server = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            loads = []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(base + "papers/", wait_until="commit")
                page.wait_for_selector(
                    "[data-opdhub-filter][data-opdhub-ready]:not([data-opdhub-busy])", timeout=120_000
                )
                loads.append(page.evaluate("performance.now()"))
                rows = page.evaluate(MEASURE, [20, 4])
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return {"ready_ms": statistics.median(loads), "change_ms": statistics.median(r[2] for r in rows)}


# -- the run -----------------------------------------------------------------------------------------
def median(runs: list[dict], key: str):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def run(n: int, runs: int, browser: bool, serve: bool) -> list[tuple[str, str]]:
    taxonomy = bench_taxonomy()
    papers = synthetic(n, taxonomy)
    variants = ["opdhub", "no-pages", "no-discover", "A", "B'", "floor"] + (["B"] if n <= 1000 else [])
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="opdhub-bench-") as tmp:
        projects = {v: write_project(Path(tmp), papers, taxonomy, v) for v in variants}
        results: dict[str, list[dict]] = {v: [] for v in variants}
        for _ in range(runs):
            for v in variants:
                results[v].append(build(projects[v]))
        med = {v: {k: median(results[v], k) for k in results[v][0]} for v in variants}

        def fmt(x, spec=".2f"):
            return "—" if x is None else format(x, spec)

        rows.append(("papers", str(n)))
        for v in variants:
            m = med[v]
            rows.append(
                (f"{v}: CPU s / wall s / peak RSS MiB", f"{fmt(m['cpu'])} / {fmt(m['wall'])} / {fmt(m['rss'], '.0f')}")
            )
            rows.append(
                (
                    f"{v}: site MB / All papers MB / search entries per paper",
                    f"{fmt(m['size'], '.1f')} / {fmt(m['all_bytes'])} / {fmt(m['entries'] / n)}",
                )
            )
        a = med["A"]["cpu"]
        rows.append(("full build with paper pages / A (target <= 3x)", f"{med['opdhub']['cpu'] / a:.2f}x"))
        rows.append(("paper_pages: false / A (target <= 2x)", f"{med['no-pages']['cpu'] / a:.2f}x"))
        rows.append(
            (
                "full build / without graph, trends, feeds, related, New (target <= 1.35x)",
                f"{med['opdhub']['cpu'] / med['no-discover']['cpu']:.2f}x",
            )
        )
        rows.append(
            (
                "B' / full build with paper pages (target >= 2x)",
                f"{med[chr(66) + chr(39)]['cpu'] / med['opdhub']['cpu']:.2f}x",
            )
        )
        rows.append(
            ("full build / B' (target <= 1x at 10,000)", f"{med['opdhub']['cpu'] / med[chr(66) + chr(39)]['cpu']:.2f}x")
        )
        rows.append(
            ("floor / A: MkDocs and Material alone with a one-line page per paper", f"{med['floor']['cpu'] / a:.2f}x")
        )
        if "B" in med:
            rows.append(
                (
                    "B / full build, pages in nav (target >= 25x at 1,000)",
                    f"{med['B']['cpu'] / med['opdhub']['cpu']:.2f}x",
                )
            )
        paper_entries = med["opdhub"]["entries"]
        rows.append(("search entries (all pages) per paper (target 1)", f"{paper_entries / n:.2f}"))
        print_rows(rows)
        rows = []
        if serve:
            s = serve_rebuild(projects["opdhub"], projects["opdhub"] / "papers" / "syn-00001.yaml")
            rows.append(
                (
                    "serve --dirty: first build CPU s / rebuild after one edit CPU s (wall s)",
                    f"{s['first_cpu']:.2f} / {s['cpu']:.2f} ({s['wall']:.2f})",
                )
            )
            rows.append(("serve rebuild / first build (target <= 0.2x)", f"{s['cpu'] / s['first_cpu']:.2f}x"))
        val = validation(projects["opdhub"], projects["opdhub"] / "papers" / "syn-00002.yaml")
        rows.append(
            (
                "opdhub validate one file, index built: CPU s (wall s) (target <= 0.5 s); first run, building it",
                f"{val['one_file']:.2f} ({val['one_file_wall']:.2f}); {val['cold']:.2f}",
            )
        )
        rows.append(
            (
                "load + validate / raw CSafeLoader parse (target <= 1.5x)",
                f"{val['load']:.2f} s / {val['raw']:.2f} s = {val['load'] / val['raw']:.2f}x",
            )
        )
        print_rows(rows)
        rows = []
        if browser:
            b = browser_measures(projects["opdhub"] / "site")
            rows.append(
                ("Chromium: All papers navigation -> filter ready, ms (target <= 1500)", f"{b['ready_ms']:.0f}")
            )
            rows.append(
                (
                    "Chromium: one facet change, every card of the view updated, ms (target <= 50)",
                    f"{b['change_ms']:.0f}",
                )
            )
    return rows


def print_rows(rows: list[tuple[str, str]]) -> None:
    for key, value in rows:
        print(f"| {key} | {value} |")
    sys.stdout.flush()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="Chromium measures on the All papers page")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild")
    args = parser.parse_args(argv)
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"runs={args.runs}, command: python bench/scale.py {' '.join(argv)}"
    )
    for n in args.sizes:
        print("\n| measure | value |\n| --- | --- |")
        print_rows(run(n, args.runs, args.browser, not args.no_serve))


if __name__ == "__main__":
    main(sys.argv[1:])
