"""What related papers and derived relations cost, in plain Python.

    python bench/related_cost.py [--recall] [N ...]      (default: 305 1000 10000)

For each N (305: the OPDHub catalog itself; otherwise two synthetic sets: "summaries",
bench/discover_cost.py's papers with Zipf-distributed summaries and shared authors, where words
weigh a lot; and "titles", bench/scale.py's papers, titles only, where facets decide) it times,
in this process, the derived relations (declared, shared authors, shared code) and the related
papers (TF-IDF + facets, the best matches of every paper), the best of 3 runs each.

Both were a sparse matrix product and a pair count in numpy/scipy until those dependencies were
dropped (216 MB of a clean install). Measured on the same 2-core machine, best of 3, seconds
(related, plain: the exact inverted index first, then with frequent words scored apart):

    papers   set         relations (numpy)  relations (plain)   related (numpy)  exact   frequent apart
    ------   ---------   -----------------  -----------------   ---------------  ------  --------------
       305   OPDHub                  0.010              0.003             0.008   0.012           0.02
      1000   summaries               0.027              0.007             0.065   0.256           0.37
     10000   summaries               0.281              0.551             3.17   41.7              5.5
     10000   titles                                                      86.9     4.0 (0.3 CPU)   0.4

(last two columns: CPU seconds of one run, in one process, on a busy machine.) The plain
version's cost was the sum over words of (papers with the word)^2, about 63 million additions
with Zipf summaries, 60 million of them from the ~300 words in more than 100 papers; those
words are now added to each paper's best 100 candidates only (site/related.py). With
``--recall`` this script also computes the exact result (every word in the index) and reports
recall@5 against it: 305 and 1,000 papers identical, 10,000 with summaries 0.998 (9,922 of
10,000 lists identical; the scores shown are always exact).

Numpy's results were the same papers with the same scores (to float32's precision), except
where several papers tie for the last places: numpy's partial sort picked any of them, the plain
version takes the first in the catalog, as the tie rule says (tests/test_relations.py checks it
against every pair's score). Target: related papers at 10,000 papers under 10 s
(bench/discover_cost.py's budget for all the discovery computations together): met, with
summaries and titles only; with bench/scale.py's papers (open tags and venue facets give nearly
every paper a set of facet values of its own) 28 s, then 14-17 s of CPU, all of it facets, now
about 5 s: the facet scores of a set with every set are added up at once, rounded, in packed
integers (site/packed.py), and only the sets that may reach the minimum are scored exactly (the
same results to the last bit). Timings on a shared machine are noisy: compare runs made together.
"""

from __future__ import annotations

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
from discover_cost import papers_with_extras  # noqa: E402

from mkdocs_opdhub.model.catalog import Catalog  # noqa: E402
from mkdocs_opdhub.project import Options, open_project  # noqa: E402
from mkdocs_opdhub.site import related as related_module  # noqa: E402
from mkdocs_opdhub.site.related import RelatedPapers  # noqa: E402
from mkdocs_opdhub.site.relations import Relations  # noqa: E402
from mkdocs_opdhub.tools.writer import dump_paper  # noqa: E402

RUNS = 3


def catalog_of(n: int, root: Path, kind: str = "summaries") -> Catalog:
    shutil.copy2(REPO / "taxonomy.yml", root / "taxonomy.yml")
    if n == 305:
        shutil.copytree(REPO / "papers", root / "papers")
    else:
        (root / "papers").mkdir()
        taxonomy = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
        for paper in (papers_with_extras if kind == "summaries" else synthetic)(n, taxonomy):
            (root / "papers" / f"{paper['id']}.yaml").write_text(dump_paper(paper), "utf-8")
    project = open_project(root, Options())
    result = project.load_papers()
    assert not result.problems, result.problems[:3]
    return Catalog(project.taxonomy, result.papers)


def best(work) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def recall(catalog: Catalog, found: RelatedPapers) -> str:
    """recall@5 of ``found`` against the exact result (no word left out of the index)."""
    frequent = related_module.FREQUENT
    related_module.FREQUENT = len(catalog.papers)
    try:
        exact = RelatedPapers(catalog)
    finally:
        related_module.FREQUENT = frequent
    pairs = [
        ([j for j, _ in exact._top.get(i, [])], [j for j, _ in found._top.get(i, [])])
        for i in range(len(catalog.papers))
    ]
    hits = sum(len(set(a) & set(b)) for a, b in pairs)
    shown = sum(len(a) for a, _ in pairs)
    return f"{hits / max(shown, 1):.4f} ({sum(a == b for a, b in pairs)} identical)"


def main(argv: list[str]) -> None:
    with_recall = "--recall" in argv
    sizes = [int(a) for a in argv if a != "--recall"] or [305, 1000, 10000]
    print(
        f"{'papers':>7} {'set':>9} {'edges':>6} {'relations s':>11} {'related s':>9}"
        + ("  recall@5" if with_recall else "")
    )
    for n in sizes:
        for kind in ("OPDHub",) if n == 305 else ("summaries", "titles"):
            with tempfile.TemporaryDirectory() as tmp:
                catalog = catalog_of(n, Path(tmp), kind)
                edges = len(Relations(catalog).edges)
                relations = best(lambda catalog=catalog: Relations(catalog))
                related = best(lambda catalog=catalog: RelatedPapers(catalog))
                extra = f"  {recall(catalog, RelatedPapers(catalog))}" if with_recall else ""
                print(f"{n:>7} {kind:>9} {edges:>6} {relations:>11.3f} {related:>9.3f}{extra}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
