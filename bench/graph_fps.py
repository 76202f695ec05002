"""Is the Graph page interactive at scale? Frames per second while panning and zooming, in headless Chromium.

    python bench/graph_fps.py [N ...]     (default: 305 10000)

305 is the real OPDHub site; any other N is a synthetic site of N papers (bench/discover_cost.py's
generator: summaries and declared relations) built with ``mkdocs build --strict``. On the Graph
page the script waits for the graph, then drags the canvas with the mouse for about three seconds
(a move every 16 ms) and turns the wheel for as long, counting requestAnimationFrame callbacks
meanwhile: frames per second = callbacks / elapsed time. It also reports the time from navigation
until the graph is drawn. Target: >= 30 fps while panning at 10,000 papers.

Headless Chromium draws with the CPU (no GPU here), so a reader's browser does at least as well.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from chromium import run_sizes  # noqa: E402
from conftest import copy_project, mkdocs_build  # noqa: E402
from discover_cost import papers_with_extras  # noqa: E402

from mkdocs_opdhub.tools.writer import dump_paper  # noqa: E402

COUNT = """() => {
    window.__frames = 0; window.__counting = true; window.__start = performance.now();
    const tick = () => { if (!window.__counting) return; window.__frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
}"""
STOP = "() => { window.__counting = false; return [window.__frames, performance.now() - window.__start]; }"


def site_for(n: int, folder: Path) -> Path:
    root = copy_project(folder / "project")
    if n != 305:
        taxonomy = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
        for path in (root / "papers").glob("*.yaml"):
            path.unlink()
        for paper in papers_with_extras(n, taxonomy):
            (root / "papers" / f"{paper['id']}.yaml").write_text(dump_paper(paper), "utf-8")
    result = mkdocs_build(root)
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return root / "site"


def measure(page, url: str) -> dict:
    start = time.perf_counter()
    page.goto(url + "graph/", wait_until="domcontentloaded")
    page.wait_for_selector("[data-opdhub-graph][data-opdhub-drawn]", timeout=120000)
    page.hover("[data-opdhub-graph-canvas]")  # the library comes with the reader's first move
    page.wait_for_selector("[data-opdhub-graph][data-opdhub-ready]", timeout=120000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    ready = time.perf_counter() - start
    nodes = page.evaluate("window.opdhubGraph.nodes().length")
    box = page.evaluate("""() => { const c = document.querySelector('[data-opdhub-graph-canvas]');
        c.scrollIntoView({block: 'center'}); const b = c.getBoundingClientRect();
        return [b.left + b.width / 2, b.top + b.height / 2]; }""")
    x, y = box
    out = {"papers": nodes, "ready_s": ready}
    # pan: a drag back and forth
    page.mouse.move(x, y)
    page.mouse.down()
    page.evaluate(COUNT)
    for i in range(180):
        dx = 120 * ((i // 45) % 2 * 2 - 1) * ((i % 45) / 45)
        page.mouse.move(x + dx, y + dx / 3)
        page.wait_for_timeout(16)
    frames, ms = page.evaluate(STOP)
    page.mouse.up()
    out["pan_fps"] = frames / (ms / 1000)
    # zoom: wheel in and out
    page.evaluate(COUNT)
    for i in range(180):
        page.mouse.wheel(0, -60 if (i // 45) % 2 == 0 else 60)
        page.wait_for_timeout(16)
    frames, ms = page.evaluate(STOP)
    out["zoom_fps"] = frames / (ms / 1000)
    return out


def report(r: dict) -> None:
    print(f"{r['papers']:>7} {r['ready_s']:>13.1f} {r['pan_fps']:>8.0f} {r['zoom_fps']:>9.0f}", flush=True)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [305, 10000]
    print(f"{'papers':>7} {'graph drawn s':>13} {'pan fps':>8} {'zoom fps':>9}")
    run_sizes(sizes, site_for, measure, report)


if __name__ == "__main__":
    main(sys.argv[1:])
