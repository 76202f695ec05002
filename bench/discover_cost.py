"""What the discovery features cost: relations, related papers, the graph, charts and feeds.

    python bench/discover_cost.py [--repeat K] [N ...]      (default: 305 2000 10000, K = 1)

For each N it makes N synthetic papers (bench/build_scale.py's generator, plus a summary drawn
from a Zipf-distributed vocabulary and declared relations on 5% of the papers, so TF-IDF and the
graph have realistic work to do) and reports:

* the core computations alone, in this process: relations (declared + shared authors/code),
  related papers (TF-IDF + facets), the graph layout and graph.json, the Trends charts, the feeds
* real ``mkdocs build --strict`` runs of the same papers, with every feature on (the defaults)
  and with graph, trends, feeds, related papers and the New badge off (interleaved, the best of
  K of each), and their ratio

Target: at 10,000 papers the features add at most 35% to the build (ratio <= 1.35), with the
core computations under 10 s. Timings on a shared machine are noisy: compare runs made together.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from build_scale import synthetic  # noqa: E402
from scale import timed  # noqa: E402

from mkdocs_opdhub.formats.templates import make_env  # noqa: E402
from mkdocs_opdhub.model.catalog import Catalog  # noqa: E402
from mkdocs_opdhub.project import Options, open_project  # noqa: E402
from mkdocs_opdhub.site.charts import Charts, default_trends  # noqa: E402
from mkdocs_opdhub.site.feeds import Feeds  # noqa: E402
from mkdocs_opdhub.site.graph import Graph  # noqa: E402
from mkdocs_opdhub.site.layout import Layout  # noqa: E402
from mkdocs_opdhub.site.related import RelatedPapers  # noqa: E402
from mkdocs_opdhub.site.relations import Relations  # noqa: E402
from mkdocs_opdhub.site.whatsnew import build_date  # noqa: E402
from mkdocs_opdhub.tools.writer import dump_paper  # noqa: E402

REPEAT = 1  # builds of each kind (--repeat N): the best of N is reported
OFF = {"graph": False, "trends": False, "feeds": False, "related": 0, "new_days": 0}
VOCABULARY = [f"term{i:04d}" for i in range(4000)]
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]  # Zipf: a few common words, many rare ones


def papers_with_extras(n: int, taxonomy: dict, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    out = synthetic(n, taxonomy)
    kinds = [r["id"] for r in taxonomy.get("relations", [])] or ["builds-on"]
    for i, paper in enumerate(out):
        paper["summary"] = " ".join(rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(15, 40)))
        if i and rng.random() < 0.05:
            paper["related"] = [{"id": out[rng.randrange(i)]["id"], "type": rng.choice(kinds)}]
    return out


def core_timings(root: Path) -> dict[str, float]:
    project = open_project(root, Options())
    result = project.load_papers()
    assert not result.problems, result.problems[:3]
    catalog = Catalog(project.taxonomy, result.papers)
    layout = Layout()
    url = lambda p: f"papers/{p.id}/"  # noqa: E731
    out = {}
    start = time.perf_counter()
    relations = Relations(catalog)
    out["relations"] = time.perf_counter() - start
    start = time.perf_counter()
    related = RelatedPapers(catalog)
    for paper in catalog.papers:
        related.of(paper)
    out["related"] = time.perf_counter() - start
    start = time.perf_counter()
    text = Graph(catalog, relations, url).json()
    out["graph"] = time.perf_counter() - start
    out["graph_kb"] = len(text.encode()) / 1e3
    start = time.perf_counter()
    charts = Charts(catalog, make_env())
    trends = default_trends(catalog)
    for kind, key in (("months", "stack"), ("matrix", "matrix"), ("over-time", "over_time"), ("share", "share")):
        for field in trends[key]:
            charts.render(f"{kind} by={field}")
    for chapter in project.taxonomy.chapters:
        charts.render(f"months by={project.taxonomy.group_by or 'chapter'} chapter={chapter.id} small=yes")
    out["charts"] = time.perf_counter() - start
    start = time.perf_counter()
    Feeds(
        catalog, layout, site_url="https://example.org/", site_name="Bench", paper_url=url, build_date=build_date()
    ).files()
    out["feeds"] = time.perf_counter() - start
    out["edges"] = len(relations.edges)
    return out


def build(root: Path, options: dict) -> float:
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    extra = "".join(f"      {k}: {str(v).lower() if isinstance(v, bool) else v}\n" for k, v in options.items())
    (root / "mkdocs.yml").write_text(
        text.replace("      papers_dir: papers\n", "      papers_dir: papers\n" + extra), "utf-8"
    )
    shutil.rmtree(root / "site", ignore_errors=True)
    # CPU seconds of the build (user + sys, from os.wait4): steadier than wall time on a busy machine
    return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], root)["cpu"]


def run(n: int) -> dict:
    taxonomy = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for part in ("taxonomy.yml", "docs", "schema"):
            src = REPO / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
        (root / "papers").mkdir()
        if n == 305:
            shutil.rmtree(root / "papers")
            shutil.copytree(REPO / "papers", root / "papers")
        else:
            for paper in papers_with_extras(n, taxonomy):
                (root / "papers" / f"{paper['id']}.yaml").write_text(dump_paper(paper), "utf-8")
        out = {"papers": n, **core_timings(root)}
        on, off = [], []
        for _ in range(REPEAT):  # interleaved, best of each: a shared machine's load hits both alike
            on.append(build(root, {}))
            off.append(build(root, OFF))
        out["build_on"], out["build_off"] = min(on), min(off)
        return out


def main(argv: list[str]) -> None:
    global REPEAT
    if argv[:1] == ["--repeat"]:
        REPEAT, argv = int(argv[1]), argv[2:]
    sizes = [int(a) for a in argv] or [305, 2000, 10000]
    print(
        f"{'papers':>7} {'edges':>6} {'relations s':>11} {'related s':>9} {'graph s':>7} {'graph.json KB':>13} "
        f"{'charts s':>8} {'feeds s':>7} {'build on CPU s':>14} {'build off CPU s':>15} {'ratio':>6}"
    )
    for n in sizes:
        r = run(n)
        print(
            f"{r['papers']:>7} {r['edges']:>6} {r['relations']:>11.2f} {r['related']:>9.2f} {r['graph']:>7.2f} "
            f"{r['graph_kb']:>13.0f} {r['charts']:>8.2f} {r['feeds']:>7.2f} {r['build_on']:>14.1f} "
            f"{r['build_off']:>15.1f} {r['build_on'] / r['build_off']:>6.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
