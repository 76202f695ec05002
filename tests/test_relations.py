"""Relations between papers (declared in ``related:`` and derived from the data) and related
papers by content: the rules, the messages, both directions, the reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import site  # noqa: F401  (fixture: a small site with two real papers)
from test_core import taxonomy_problems

from mkdocs_opdhub.cli import main
from mkdocs_opdhub.model.catalog import Catalog
from mkdocs_opdhub.model.papers import make_paper
from mkdocs_opdhub.model.taxonomy import DEFAULT_RELATIONS, build_taxonomy
from mkdocs_opdhub.site import related as related_module
from mkdocs_opdhub.site.related import RelatedPapers, words
from mkdocs_opdhub.site.relations import Relations, normalise_author, repository_key

TAXONOMY = {
    "chapters": [
        {"id": "1", "title": "One", "sections": [{"id": "1.1", "title": "Sub"}, {"id": "1.2", "title": "Other"}]},
        {"id": "2", "title": "Two"},
    ],
    "facets": [
        {"field": "chapter", "type": "chapter"},
        {"field": "style", "label": "Style", "values": [{"id": "a"}, {"id": "b"}]},
        {"field": "year", "type": "year"},
    ],
}


def make(taxonomy, pid, **fields):
    data = {
        "id": pid,
        "title": f"Paper {pid}",
        "authors": [f"Author {pid}"],
        "year": 2025,
        "url": "https://x.org",
        "chapter": "1",
        "added": "2026-01-01",
        **fields,
    }
    return make_paper(data, taxonomy, f"papers/{pid}.yaml")


# -- the taxonomy -------------------------------------------------------------------------------
def test_default_relation_types_read_both_ways_and_cites_is_always_there():
    taxonomy = build_taxonomy(TAXONOMY, "t")
    assert [r.id for r in taxonomy.relations] == [r.id for r in DEFAULT_RELATIONS]
    assert (taxonomy.relation("builds-on").label, taxonomy.relation("builds-on").inverse) == (
        "builds on",
        "built on by",
    )
    own = build_taxonomy(
        {**TAXONOMY, "relations": [{"id": "refutes", "label": "refutes", "inverse": "refuted by"}]}, "t"
    )
    assert [r.id for r in own.relations] == ["refutes", "cites"]  # citation importers write 'cites'
    assert own.relation("shares-authors").symmetric  # derived types exist in every taxonomy


def test_relation_types_are_checked(tmp_path):
    problems = taxonomy_problems(
        {**TAXONOMY, "relations": [{"id": "a-b"}, {"id": "a-b"}, {"id": "shares-code"}, {"id": "Bad Id"}]}, tmp_path
    )
    assert problems == ["taxonomy.yml:25:7: error: relations[3].id: 'Bad Id' does not match '^[a-z][a-z0-9-]*$'"]
    problems = taxonomy_problems(
        {**TAXONOMY, "relations": [{"id": "a-b"}, {"id": "a-b"}, {"id": "shares-code"}]}, tmp_path
    )
    assert problems == [
        "taxonomy.yml:23:7: error: relations[1].id: relation type 'a-b' is declared twice",
        "taxonomy.yml:24:7: error: relations[2].id: 'shares-code' is derived from the data and cannot be declared (pick another id)",
    ]


# -- paper files --------------------------------------------------------------------------------
MODELINE = "# yaml-language-server: $schema=../schema/paper.schema.json\n"


def paper_text(pid: str, related: str = "") -> str:
    return (
        MODELINE
        + f"""\
id: '{pid}'
title: Paper number {pid}
authors:
  - Doe, Jane
year: 2026
date: 2026-05-02
url: https://arxiv.org/abs/{pid}
chapter: '8'
mechanism: analysis
added: 2026-11-01
"""
        + related
    )


def validate(capsys) -> tuple[int, list[str]]:
    status = main(["validate", "-q"])
    return status, capsys.readouterr().out.splitlines()


def test_related_ids_must_exist_with_file_line_and_column(site: Path, capsys):
    existing = sorted(p.stem for p in (site / "papers").glob("*.yaml"))[0]
    (site / "papers" / "2605.00001.yaml").write_text(
        paper_text(
            "2605.00001",
            f"""\
related:
  - id: {existing}
    type: builds-on
  - id: '2605.99999'
    type: extends
  - id: '2605.00001'
    type: cites
""",
        ),
        "utf-8",
    )
    status, lines = validate(capsys)
    assert status == 1
    assert lines == [
        "papers/2605.00001.yaml:15:9: error: related[1].id: '2605.99999' is not a paper of the list; the relation is left out "
        "(write the id of a paper in papers/ (its file name without .yaml))",
        "papers/2605.00001.yaml:17:9: error: related[2].id: a paper cannot relate to itself (remove this item)",
    ]


def test_related_type_must_be_declared_and_an_unquoted_id_means_its_text(site: Path, capsys):
    (site / "papers" / "2605.00001.yaml").write_text(
        paper_text("2605.00002", "").replace("2605.00002", "2605.00001"), "utf-8"
    )
    (site / "papers" / "2605.00020.yaml").write_text(
        paper_text(
            "2605.00020",
            """\
related:
  - id: 2605.00001
    type: build-on
""",
        ),
        "utf-8",
    )
    status, lines = validate(capsys)
    assert lines == [
        "papers/2605.00020.yaml:14:11: error: related[0].type: 'build-on' is not one of builds-on, extends, "
        "compares-with, contradicts, same-method, cites (did you mean 'builds-on'?)"
    ]
    (site / "papers" / "2605.00020.yaml").write_text(
        paper_text(
            "2605.00020",
            """\
related:
  - id: 2605.00010
    type: builds-on
""",
        ),
        "utf-8",
    )
    (site / "papers" / "2605.00001.yaml").rename(site / "papers" / "2605.00010.yaml")
    text = (site / "papers" / "2605.00010.yaml").read_text("utf-8").replace("2605.00001", "2605.00010")
    (site / "papers" / "2605.00010.yaml").write_text(text, "utf-8")
    assert validate(capsys) == (0, [])  # 2605.00010 unquoted is the id '2605.00010', not the number 2605.0001


# -- relations ----------------------------------------------------------------------------------
def test_declared_relations_read_both_ways_grouped_by_type():
    taxonomy = build_taxonomy(TAXONOMY, "t")
    papers = [
        make(taxonomy, "a", related=[{"id": "b", "type": "builds-on"}, {"id": "c", "type": "same-method"}]),
        make(taxonomy, "b", related=[{"id": "missing", "type": "extends"}]),
        make(taxonomy, "c", related=[{"id": "a", "type": "same-method"}]),
    ]  # the same symmetric link again
    relations = Relations(Catalog(taxonomy, papers))
    by_id = {p.id: p for p in papers}
    assert [(g.label, [link.other.id for link in g.links]) for g in relations.of(by_id["a"])] == [
        ("builds on", ["b"]),
        ("uses the same method as", ["c"]),
    ]
    assert [(g.label, [link.other.id for link in g.links]) for g in relations.of(by_id["b"])] == [
        ("built on by", ["a"])
    ]
    assert [(g.label, [link.other.id for link in g.links]) for g in relations.of(by_id["c"])] == [
        ("uses the same method as", ["a"])
    ]
    assert len(relations.edges) == 2  # the dangling 'missing' is reported by the loader, not drawn


def test_derived_relations_shared_authors_and_code():
    taxonomy = build_taxonomy(TAXONOMY, "t")
    papers = [
        make(taxonomy, "p1", authors=["Müller, Jörg", "Smith, Ann", "Lee, Bo"], code=["https://github.com/Org/Repo"]),
        make(
            taxonomy,
            "p2",
            authors=["Jorg Muller", "Ann  Smith"],
            code=["https://www.github.com/org/repo.git/tree/main/src"],
        ),
        make(taxonomy, "p3", authors=["Smith, Ann", "Kim, Yoon"], code=["https://example.org/Code/"]),
    ]
    relations = Relations(Catalog(taxonomy, papers))
    kinds = sorted((e.type, e.source, e.target) for e in relations.edges)
    assert kinds == [("shares-authors", "p1", "p2"), ("shares-code", "p1", "p2")]  # one shared author is not enough
    note = next(e.note for e in relations.edges if e.type == "shares-authors")
    assert note == "Ann Smith, Jörg Müller"


def test_normalisation_helpers():
    assert normalise_author("Müller, Jörg") == normalise_author("jorg muller") == "jorg muller"
    assert normalise_author("O'Neil, J.-P.") == "j p o neil"
    assert repository_key("https://GitHub.com/A/B/") == repository_key("http://github.com/a/b.git") == "github.com/a/b"
    assert repository_key("https://example.org/x/Y") == "example.org/x/Y"
    assert repository_key("not a url") is None


# -- related papers -----------------------------------------------------------------------------
def test_related_papers_rank_by_shared_words_and_values_and_say_why():
    taxonomy = build_taxonomy(TAXONOMY, "t")
    papers = [
        make(taxonomy, "q", title="Reverse divergence for sparse rewards", section="1.1", style="a"),
        make(taxonomy, "near", title="Sparse rewards with reverse divergence", section="1.1", style="a"),
        make(taxonomy, "words", title="Reverse divergence under sparse rewards", chapter="2", style="b"),
        make(taxonomy, "facets", title="Something else entirely", section="1.1", style="a"),
        make(taxonomy, "far", title="Unrelated topic", chapter="2", style="b"),
        *[make(taxonomy, f"f{i}", title=f"Filler {i} topic", chapter="2") for i in range(20)],
    ]
    related = RelatedPapers(Catalog(taxonomy, papers), shown=3)
    found = related.of(next(p for p in papers if p.id == "q"))
    assert [s.paper.id for s in found] == ["near", "words", "facets"]
    assert found[0].reasons == ("same section Sub", "Style: a", "words: divergence, reverse, rewards, sparse")
    assert found[1].reasons == ("words: divergence, reverse, rewards, sparse",)
    assert all(s.score > 0 for s in found) and found[0].score > found[1].score


def test_related_papers_refreshed_after_an_edit_match_a_fresh_computation_for_the_edited_paper():
    """A dirty rebuild (mkdocs serve --dirty) refreshes related papers instead of computing them
    anew: the edited paper's matches, and the matches of papers it enters or leaves, follow."""
    taxonomy = build_taxonomy(TAXONOMY, "t")

    def papers(q_title):
        return [
            make(taxonomy, "q", title=q_title, section="1.1", style="a"),
            make(taxonomy, "near", title="Sparse rewards with reverse divergence", section="1.1", style="a"),
            make(taxonomy, "words", title="Reverse divergence under sparse rewards", chapter="2", style="b"),
            make(taxonomy, "other", title="Entropy bonus for agents", chapter="2", style="b"),
            make(taxonomy, "agents", title="Entropy bonus for tool agents", chapter="2", style="b"),
            *[make(taxonomy, f"f{i}", title=f"Filler {i} topic", chapter="2") for i in range(20)],
        ]

    before = papers("Reverse divergence for sparse rewards")
    related = RelatedPapers(Catalog(taxonomy, before), shown=3)
    assert "q" in [s.paper.id for s in related.of(before[1])]
    kept = {p.id: p for p in before}
    after = [
        p if p.id != "q" else make(taxonomy, "q", title="Entropy bonus for agents and tools", section="1.1", style="a")
        for p in before
    ]
    refreshed = related.refreshed(Catalog(taxonomy, after))
    fresh = RelatedPapers(Catalog(taxonomy, after), shown=3)
    by_id = {p.id: p for p in after}
    assert [s.paper.id for s in refreshed.of(by_id["q"])] == [s.paper.id for s in fresh.of(by_id["q"])]
    assert "q" in [s.paper.id for s in refreshed.of(by_id["agents"])]  # q entered its matches
    assert refreshed.signature(by_id["agents"])[0][1] == by_id[refreshed.signature(by_id["agents"])[0][0]].title
    assert kept["near"] is by_id["near"]
    # anything but an edit in place is computed anew
    assert related.refreshed(Catalog(taxonomy, after[:-1])) is not related


def pair_scores(related: RelatedPapers) -> list[list[tuple[float, int]]]:
    """Per paper, (-score, j) with every other paper j: the dot product of the two vectors, rounded
    away from the order in which floats were added up."""

    def vector(i):
        text = {("w", c): 0.8 * w for c, w in related._text_weights[i].items()}
        return text | {("f", c): 0.6 * w for c, w in related._facet_weights[i].items()}

    vectors = [vector(i) for i in range(len(related.papers))]
    return [
        sorted(
            (round(-sum(w * vectors[j].get(c, 0.0) for c, w in vectors[i].items()), 9), j)
            for j in range(len(vectors))
            if j != i
        )
        for i in range(len(vectors))
    ]


def random_papers(taxonomy, n: int = 120) -> list:
    import random

    rng = random.Random(5)
    vocabulary = [
        "reverse",
        "divergence",
        "sparse",
        "reward",
        "entropy",
        "agent",
        "token",
        "teacher",
        "student",
        "rollout",
        "curriculum",
        "calibration",
    ]
    papers = [
        make(
            taxonomy,
            f"p{i:03d}",
            title=" ".join(rng.sample(vocabulary, rng.randint(0, 4))) or "x",
            **rng.choice([{"section": "1.1"}, {"section": "1.2"}, {"chapter": "2"}]),
            **({"style": rng.choice("ab")} if rng.random() < 0.7 else {}),
        )
        for i in range(n)
    ]
    return papers


@pytest.fixture(params=["dense", "packed"])
def facet_sums(request, monkeypatch):
    """Both ways of adding up facet scores: every set's in turn, and PackedWeights (here for any
    number of sets, with the values in fewer than half of the sets added set by set)."""
    if request.param == "packed":
        monkeypatch.setattr(related_module, "DENSE_UP_TO", 0)
        monkeypatch.setattr(related_module, "PACKED", 2)
    return request.param


def test_related_papers_are_the_best_of_every_pair_with_ties_to_the_first_in_the_catalog(facet_sums):
    """The index-and-facet-set computation against the definition: every pair's score as the dot
    product of the two papers' vectors, best first, equal scores in catalog order."""
    taxonomy = build_taxonomy(TAXONOMY, "t")
    related = RelatedPapers(Catalog(taxonomy, random_papers(taxonomy)), shown=4)
    papers = related.papers  # in catalog order
    checked = 0
    for paper, scores in zip(papers, pair_scores(related), strict=True):
        expected = [j for minus, j in scores if -minus >= 0.12][:4]
        found = [papers.index(s.paper) for s in related.of(paper)]
        assert found == expected, paper.id
        checked += bool(found)
    assert checked > 100


def test_related_papers_with_frequent_words_score_them_on_the_best_candidates(monkeypatch, facet_sums):
    """Words in many papers (here: more than 10 of 120, i.e. nearly all of them) are left out of
    the index and added to each paper's best candidates only (here 40): the papers shown get
    their exact score, and nearly all of them (456 of 480) are the best of every pair."""
    monkeypatch.setattr(related_module, "FREQUENT", 2)
    monkeypatch.setattr(related_module, "CANDIDATES", 40)
    taxonomy = build_taxonomy(TAXONOMY, "t")
    related = RelatedPapers(Catalog(taxonomy, random_papers(taxonomy)), shown=4)
    papers = related.papers
    assert sum(bool(row) for row in related._frequent_words) > 60
    hits = shown = 0
    for paper, scores in zip(papers, pair_scores(related), strict=True):
        exact = {j: -minus for minus, j in scores}
        found = related.of(paper)
        assert all(round(s.score, 9) == exact[papers.index(s.paper)] for s in found), paper.id
        expected = {j for minus, j in scores if -minus >= 0.12}
        best = [j for minus, j in scores if -minus >= 0.12][:4]
        hits += len({papers.index(s.paper) for s in found} & set(best))
        shown += len(best)
        assert {papers.index(s.paper) for s in found} <= expected
    assert hits >= 0.9 * shown


def test_packed_facet_sums_give_the_same_related_papers_as_adding_up_every_set(monkeypatch):
    """Open tags give most papers a set of facet values of their own (bench/scale.py's case): the
    packed sums find the same best matches with the same scores, to the last bit."""
    import random

    rng = random.Random(11)
    taxonomy = build_taxonomy(
        {**TAXONOMY, "facets": [*TAXONOMY["facets"], {"field": "tags", "type": "open", "multi": True}]}, "t"
    )
    papers = [
        make(
            taxonomy,
            f"p{i:03d}",
            title=f"Paper {i}",
            **rng.choice([{"section": "1.1"}, {"section": "1.2"}, {"chapter": "2"}]),
            style=rng.choice("ab"),
            tags=rng.sample([f"t{k}" for k in range(30)], rng.randint(0, 3)),
        )
        for i in range(300)
    ]
    dense = RelatedPapers(Catalog(taxonomy, papers), shown=5)
    monkeypatch.setattr(related_module, "DENSE_UP_TO", 0)
    packed = RelatedPapers(Catalog(taxonomy, papers), shown=5)
    assert packed._packed is not None and dense._packed is None
    assert len(dense._group_rows) > 150  # most papers have a set of their own
    assert packed._top == dense._top and sum(map(len, dense._top.values())) > 1000
    for g in range(len(dense._group_rows)):  # read to the end: every set reaching the minimum, in order
        assert list(packed._facet_scores_of(g)[1]) == dense._facet_scores_of(g)[1]


def test_packed_sums_find_every_set_reaching_a_score():
    """Every set whose exact sum reaches the minimum, and none that misses it by more than the
    rounding can account for; values in many sets packed, the others added set by set."""
    import random

    from mkdocs_opdhub.site.packed import SCALE, PackedWeights

    rng = random.Random(3)
    sets, values = 400, 30
    sets_with = {v: sorted(rng.sample(range(sets), rng.choice([3, 20, 150, 300]))) for v in range(values)}
    weights = {v: [rng.random() for _ in members] for v, members in sets_with.items()}
    packed = PackedWeights(sets_with, weights, sets, packed_from=100)
    assert 0 < len(packed._packed) < values
    exact_weight = {(v, h): w for v, members in sets_with.items() for h, w in zip(members, weights[v], strict=True)}
    for _ in range(20):
        query = {v: rng.random() for v in rng.sample(range(values), rng.randint(1, 8))}
        exact = [sum(w * exact_weight.get((v, h), 0.0) for v, w in query.items()) for h in range(sets)]
        sums = packed.sums(query)
        slack = (len(query) * (SCALE + 0.25) + 1) / SCALE**2
        for minimum in (0.05, 0.2, 0.5, 1.0):
            found = sums.reaching(minimum)
            assert {h for h in range(sets) if exact[h] >= minimum} <= found
            assert all(exact[h] >= minimum - 2 * slack - 1e-9 for h in found)  # rounded up, threshold rounded down
    # weights no field can hold the sum of: the values beyond are added set by set, nothing carries over
    query = {v: 1.0 for v in range(values)}
    assert packed.sums(query).reaching(40.0) == set()
    weight_of = [(h % 7) / 6 for h in range(sets)]  # every value, in set h: weight (h % 7) / 6
    many = PackedWeights({v: list(range(sets)) for v in range(600)}, {v: weight_of for v in range(600)}, sets, 1)
    sums = many.sums({v: 1.0 for v in range(600)})  # set h sums 600 * (h % 7) / 6: far beyond a field
    for minimum in (50.0, 300.0, 599.0):
        assert sums.reaching(minimum) == {h for h in range(sets) if 600 * weight_of[h] >= minimum}


def test_related_papers_of_tiny_catalogs():
    taxonomy = build_taxonomy(TAXONOMY, "t")
    assert RelatedPapers(Catalog(taxonomy, [make(taxonomy, "one")])).of(make(taxonomy, "one")) == ()
    assert RelatedPapers(Catalog(taxonomy, [])).papers == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("On-Policy Distillation of LLMs", ["on-policy", "distillation", "llms"]),
        ("The <b>KL</b> & 2024", ["kl"]),
    ],
)
def test_words(text, expected):
    assert words(text) == expected


def test_related_papers_refreshed_when_an_edit_moves_a_paper_in_the_catalog_order():
    """An edited date (or title) moves the paper in the catalog's order: the other papers keep
    their vectors and matches (moved with them) instead of a computation anew, which takes most of
    a dirty rebuild on a large list."""
    taxonomy = build_taxonomy(TAXONOMY, "t")
    before = [
        make(taxonomy, "q", title="Reverse divergence for sparse rewards", section="1.1", style="a", date="2025-01-01"),
        make(
            taxonomy,
            "near",
            title="Sparse rewards with reverse divergence",
            section="1.1",
            style="a",
            date="2025-06-01",
        ),
        make(
            taxonomy,
            "words",
            title="Reverse divergence under sparse rewards",
            chapter="2",
            style="b",
            date="2025-05-01",
        ),
        make(taxonomy, "other", title="Entropy bonus for agents", chapter="2", style="b", date="2025-02-01"),
        make(taxonomy, "agents", title="Entropy bonus for tool agents", chapter="2", style="b", date="2025-04-01"),
        *[make(taxonomy, f"f{i}", title=f"Filler {i} topic", chapter="2", date="2025-03-01") for i in range(20)],
    ]
    related = RelatedPapers(Catalog(taxonomy, before), shown=3)
    after = [
        p
        if p.id != "q"
        else make(
            taxonomy, "q", title="Entropy bonus for agents and tools", section="1.1", style="a", date="2025-12-01"
        )
        for p in before
    ]
    catalog = Catalog(taxonomy, after)
    assert [p.id for p in catalog.papers] != [p.id for p in Catalog(taxonomy, before).papers]  # q moved
    refreshed = related.refreshed(catalog)
    assert refreshed is related  # kept, not computed anew
    fresh = RelatedPapers(catalog, shown=3)
    for paper in catalog.papers:
        assert [s.paper.id for s in refreshed.of(paper)] == [s.paper.id for s in fresh.of(paper)], paper.id
