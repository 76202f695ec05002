"""How fast the facet filter applies one change, in headless Chromium.

    python bench/filter_speed.py [N ...]     (default: 305 10000)

305 is the real OPDHub site; any other N is a synthetic site of N papers (bench/build_scale.py's
generator) built the same way. On the All-papers page (every paper, one filter) the script
toggles facet values one at a time, on and off, across all facets, and measures for each change:

* handler     the filter's own work: evaluating the view, counts, chips, URL, card visibility
* +layout     the same plus the style and layout the browser needs before it can paint
              (forced synchronously), i.e. the time until the page can show the new view
* all cards   until every card is shown or hidden (long lists reveal cards over a few frames;
              the count and the URL are exact at once)

and prints the median and 90th percentile in milliseconds. Targets: +layout <= 16 ms at 305
papers, <= 50 ms at 10,000.

Then it types queries into the search box one character at a time (typos, several words, an
arXiv id) and measures the same three times for each keystroke: the ranked, typo-tolerant search
(MiniSearch), the counts, the relevance order and the cards. Target: +layout <= 30 ms at 10,000.
Timings on a shared machine are noisy: compare runs made minutes apart.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from build_scale import synthetic  # noqa: E402
from chromium import run_sizes  # noqa: E402
from conftest import copy_project, mkdocs_build  # noqa: E402

from mkdocs_opdhub.tools.writer import dump_paper  # noqa: E402

CHANGES = 60  # facet changes measured per site (after 6 warm-up changes)

MEASURE = """async ([rounds, warmup]) => {
    const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
    const settled = () => new Promise(resolve => {
        const check = () => document.querySelector('[data-opdhub-busy]') ? requestAnimationFrame(check) : resolve();
        check();
    });
    const inputs = Array.from(document.querySelectorAll('[data-opdhub-filter] input[type=checkbox]'));
    const rows = [];
    let last = null;
    for (let i = 0; i < rounds + warmup; i++) {
        // on, then off again: every change starts from the full list or from one value selected
        const enabled = inputs.filter(box => !box.disabled);
        const box = i % 2 ? last : enabled[Math.floor(i / 2) * 7 % enabled.length];
        await frame();
        const t0 = performance.now();
        box.click();
        const t1 = performance.now();
        void document.body.offsetHeight;  // style and layout, now
        const t2 = performance.now();
        await settled();
        const t3 = performance.now();
        last = box;
        if (i >= warmup) rows.push([t1 - t0, t2 - t0, t3 - t0]);
    }
    return rows;
}"""


# Typed one character at a time; every keystroke is measured (after a warm-up query).
QUERIES = ["distilation", "knowlege distillation", "reverse kl policy", "2306.13649", "on-policy agent"]

TYPE = """async (queries) => {
    const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
    const settled = () => new Promise(resolve => {
        const check = () => document.querySelector('[data-opdhub-busy]') ? requestAnimationFrame(check) : resolve();
        check();
    });
    const box = document.querySelector('[data-opdhub-filter] input[name="q"]');
    const rows = [];
    for (let k = 0; k < queries.length; k++) {
        const query = queries[k];
        for (let i = 1; i <= query.length; i++) {
            await frame();
            const t0 = performance.now();
            box.value = query.slice(0, i);
            box.dispatchEvent(new Event("input", { bubbles: true }));
            const t1 = performance.now();
            void document.body.offsetHeight;
            const t2 = performance.now();
            await settled();
            const t3 = performance.now();
            if (k > 0) rows.push([t1 - t0, t2 - t0, t3 - t0]);
        }
        box.value = "";
        box.dispatchEvent(new Event("input", { bubbles: true }));
        await settled();
    }
    return rows;
}"""


def build_site(n: int, root: Path) -> Path:
    """The site of ``n`` papers, built in ``root``."""
    if n == 305:
        project = copy_project(root / "project")
    else:
        project = copy_project(root / "project", parts=("mkdocs.yml", "taxonomy.yml", "docs", "schema"))
        (project / "papers").mkdir()
        taxonomy = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
        for paper in synthetic(n, taxonomy):
            (project / "papers" / f"{paper['id']}.yaml").write_text(dump_paper(paper), "utf-8")
    result = mkdocs_build(project)
    if result.returncode:
        raise SystemExit(result.stderr)
    return project / "site"


def measure(page, base: str) -> dict:
    page.goto(base + "papers/", wait_until="domcontentloaded")
    page.wait_for_selector("[data-opdhub-filter][data-opdhub-ready]", timeout=120_000)
    cards = page.locator("[data-paper-id]").count()
    rows = page.evaluate(MEASURE, [CHANGES, 6])
    page.wait_for_timeout(1500)  # the search index is built when the page is idle
    typed = page.evaluate(TYPE, ["warm"] + QUERIES)
    summary = {
        "papers": page.evaluate("document.querySelector('[data-opdhub-filter]').opdhubView.records.length"),
        "cards": cards,
    }
    for prefix, table in (("", rows), ("search ", typed)):
        for name, values in zip(("handler", "+layout", "all cards"), zip(*table, strict=True), strict=True):
            ordered = sorted(values)
            summary[prefix + name] = (statistics.median(ordered), ordered[int(len(ordered) * 0.9) - 1])
    summary["keystrokes"] = len(typed)
    return summary


def report(r: dict) -> None:
    for prefix, label in (("", "facet"), ("search ", "keys")):
        cells = "  ".join(
            f"{r[prefix + k][0]:>7.1f} / {r[prefix + k][1]:>6.1f}" for k in ("handler", "+layout", "all cards")
        )
        print(f"{r['papers']:>7} {r['cards']:>6}  {label:>7}  {cells}", flush=True)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [305, 10000]
    print(
        f"{'papers':>7} {'cards':>6}  {'':>7}  {'handler ms':>16}  {'+layout ms':>16}  {'all cards ms':>16}   (median / p90)"
    )
    run_sizes(sizes, build_site, measure, report)


if __name__ == "__main__":
    main(sys.argv[1:])
