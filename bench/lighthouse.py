"""Lighthouse on the OPDHub site beside a plain Material page listing the same papers.

    python bench/lighthouse.py [--runs 3] [--json out.json] [--pages home,graph] [--reports dir]

Builds the real OPDHub site and a baseline: the same theme (Material, ``font: false``, the same
palette) with one Markdown page listing the same papers, one bullet each. Both are served on
loopback with gzip, as a static host serves them. Lighthouse (the npm package pinned in
package.json, its default mobile profile) runs ``--runs`` times on each page type of the site and on
the baseline, interleaved (one round visits every page before the next round starts, so a busy
moment of the machine does not fall on one page only), with Debian's Chromium headless. Prints the
median of each score and metric per page, beside the baseline, as a Markdown table
(docs/scale.md keeps one).

Targets (issue 20): every page's performance at least the baseline's (and at least 90 where the
baseline is), accessibility, best practices and SEO 100, the home page under 200 KiB transferred,
the graph's blocking time under 600 ms with no layout shift.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, copy_project, mkdocs_build  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Dark pages: the browser prefers a dark scheme, so Material starts in its "slate" palette.
DARK_ARGS = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]


def page_types(site: Path) -> dict[str, str]:
    """Page type -> path of one such page in the built OPDHub site."""
    chapter = sorted(p.parent.name for p in (site / "chapters").glob("*/index.html"))[0]
    values = sorted(p.parent.relative_to(site).as_posix() for p in (site / "mechanism").glob("*/index.html"))
    papers = json.loads((site / "papers.json").read_text("utf-8"))["papers"]
    return {
        "home": "",
        "All papers": "papers/",
        "a chapter": f"chapters/{chapter}/",
        "a value page": values[0] + "/",
        "a paper page": f"papers/{papers[0]['id']}/",
        "graph": "graph/",
        "trends": "trends/",
    }


# -- the sites --------------------------------------------------------------------------------
def build_site(folder: Path) -> Path:
    root = copy_project(folder / "opdhub")
    result = mkdocs_build(root)
    if result.returncode:
        sys.exit(result.stderr)
    return root / "site"


BASELINE_CONFIG = """site_name: OPDHub
site_url: http://127.0.0.1/
site_description: The on-policy distillation literature as one Markdown list.
theme:
  name: material
  font: false
  features: [navigation.instant]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
plugins: [search]
"""


def build_baseline(folder: Path, papers: list[dict]) -> Path:
    """A plain Material site: one page, the papers as a bulleted list (title, authors, year)."""
    root = folder / "baseline"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(BASELINE_CONFIG, "utf-8")
    lines = ["# Papers", ""]
    for paper in papers:
        title = paper["title"].replace("[", "(").replace("]", ")")
        lines.append(f"- [{title}]({paper['url']}) — {', '.join(paper.get('authors', []))}, {paper.get('year', '')}")
    (root / "docs" / "index.md").write_text("\n".join(lines) + "\n", "utf-8")
    result = mkdocs_build(root, strict=False)
    if result.returncode:
        sys.exit(result.stderr)
    return root / "site"


# -- a static host with gzip ------------------------------------------------------------------
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Files as a static host serves them: text compressed with gzip when the browser accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.suffix in COMPRESSED and path.is_file()) or not self.path.split("?")[0].endswith(
            ("/", path.name)
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve_gzip(folder: Path):
    """Serve ``folder`` with gzip on a free loopback port; returns (base_url, server)."""
    import functools

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


# -- Lighthouse -------------------------------------------------------------------------------
def lighthouse(url: str, *, categories=CATEGORIES, dark: bool = False) -> dict:
    """One Lighthouse run (its JSON report) on ``url``."""
    flags = " ".join(CHROMIUM_ARGS + (DARK_ARGS if dark else []))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                f"--only-categories={','.join(categories)}",
                f"--chrome-flags={flags} --user-data-dir={tmp}/profile",
            ],
            check=True,
            env=env,
            timeout=300,
            capture_output=True,
        )
        return json.loads(out.read_text("utf-8"))


def failing(report: dict, category: str) -> list[str]:
    """The audits of ``category`` that did not pass, with the elements they name."""
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
            items = (audit.get("details") or {}).get("items", [])
            where = [
                str((i.get("node") or {}).get("snippet") or i.get("url") or i.get("source") or "")[:120]
                for i in items[:3]
            ]
            out.append(f"{ref['id']}: {audit['title']} {where}")
    return out


def figures(report: dict) -> dict:
    audits = report["audits"]
    out = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES if c in report["categories"]}
    out["KiB"] = audits["total-byte-weight"]["numericValue"] / 1024
    out["LCP"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    out["TBT"] = audits["total-blocking-time"]["numericValue"]
    out["CLS"] = audits["cumulative-layout-shift"]["numericValue"]
    return out


def median(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


HEAD = (
    "| page | performance | accessibility | best practices | SEO | transferred | largest paint | blocking time | layout shift |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def row(name: str, m: dict) -> str:
    return (
        f"| {name} | {m['performance']:.0f} | {m['accessibility']:.0f} | {m['best-practices']:.0f} | {m['seo']:.0f} | "
        f"{m['KiB']:.0f} KiB | {m['LCP']:.1f} s | {m['TBT']:.0f} ms | {m['CLS']:.3f} |"
    )


def verdict(results: dict[str, dict], base: dict) -> list[str]:
    misses = []
    for name, m in results.items():
        if m["performance"] < base["performance"] or (base["performance"] >= 90 and m["performance"] < 90):
            misses.append(f"{name}: performance {m['performance']:.0f} < baseline {base['performance']:.0f}")
        for c in ("accessibility", "best-practices", "seo"):
            if m[c] < 100:
                misses.append(f"{name}: {c} {m[c]:.0f}")
    if "home" in results and results["home"]["KiB"] >= 200:
        misses.append(f"home: {results['home']['KiB']:.0f} KiB transferred (target < 200)")
    if "graph" in results and (results["graph"]["TBT"] >= 600 or results["graph"]["CLS"] > 0):
        misses.append(f"graph: blocking {results['graph']['TBT']:.0f} ms, layout shift {results['graph']['CLS']:.3f}")
    return misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    parser.add_argument(
        "--pages", help="only these page types (comma-separated, e.g. 'home,graph'); the baseline always runs"
    )
    parser.add_argument("--reports", type=Path, help="keep each run's full Lighthouse report in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        sys.exit("needs `npm ci` (lighthouse) and Chromium at " + CHROMIUM)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp))
        papers = json.loads((site / "papers.json").read_text("utf-8"))["papers"]
        baseline = build_baseline(Path(tmp), papers)
        site_url, site_server = serve_gzip(site)
        base_url, base_server = serve_gzip(baseline)
        chosen = page_types(site)
        if args.pages:
            wanted = [w.strip() for w in args.pages.split(",")]
            chosen = {k: v for k, v in chosen.items() if any(w in k for w in wanted)}
        pages = {"plain Material list (baseline)": base_url, **{k: site_url + v for k, v in chosen.items()}}
        runs: dict[str, list[dict]] = {name: [] for name in pages}
        try:
            for i in range(args.runs):
                for name, url in pages.items():
                    report = lighthouse(url)
                    runs[name].append(figures(report))
                    if args.reports:
                        args.reports.mkdir(parents=True, exist_ok=True)
                        (args.reports / f"{name.replace(' ', '-')}-{i + 1}.json").write_text(
                            json.dumps(report), "utf-8"
                        )
                    misses = [f for c in CATEGORIES[1:] for f in failing(report, c)]
                    print(
                        f"run {i + 1} {name}: {runs[name][-1]}" + "".join(f"\n    {m}" for m in misses), file=sys.stderr
                    )
        finally:
            site_server.shutdown()
            base_server.shutdown()
    medians = {name: median(r) for name, r in runs.items()}
    base = medians.pop("plain Material list (baseline)")
    print(
        f"Lighthouse {subprocess.run([str(LIGHTHOUSE), '--version'], capture_output=True, text=True).stdout.strip()}, "
        f"medians of {args.runs} runs\n"
    )
    print(HEAD)
    print(row("plain Material list (baseline)", base))
    for name, m in medians.items():
        print(row(name, m))
    misses = verdict(medians, base)
    print("\n" + ("All targets met." if not misses else "Missed:\n" + "\n".join(f"- {m}" for m in misses)))
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1), "utf-8")


if __name__ == "__main__":
    main()
