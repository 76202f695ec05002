"""The facets only part of the list carries (domain, signal source, student size, rollout
frequency, and the loss class): their values on every listing, their coverage on pages and in
papers.json, the home page's sentence that follows the taxonomy, and the script that filled them.

Numbers are checked against the paper files and, where the shared June labels sit beside the
repository, against that file too.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, copy_project, mkdocs_build, write_paper

from mkdocs_opdhub.cli import main

TAXONOMY = yaml.safe_load((REPO / "taxonomy.yml").read_text("utf-8"))
PAPERS = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((REPO / "papers").glob("*.yaml"))]
NEW_FACETS = ("domain", "signal", "student_size", "rollout_frequency")
JUNE = REPO.parent / "shared" / "data" / "opd-june-facets.json"
SCRIPT = REPO / "scripts" / "import_june_facets.py"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def script_labels() -> dict[str, dict[str, str]]:
    spec = importlib.util.spec_from_file_location("import_june_facets", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LABELS


def filter_counts(page: BeautifulSoup, field: str) -> dict[str, int]:
    fieldset = page.select_one(f'fieldset[data-opdhub-facet="{field}"]')
    return {
        label.input["value"]: int(label.select_one("[data-opdhub-value-count]").get_text())
        for label in fieldset.select("label.opdhub-value")
    }


def test_the_new_facets_are_offered_on_every_listing(opd_site):
    listings = [page for page in sorted(opd_site.rglob("index.html")) if soup(page).select_one("[data-opdhub-filter]")]
    assert len(listings) > 40
    for page in listings:
        offered = {f["data-opdhub-facet"] for f in soup(page).select("fieldset[data-opdhub-facet]")}
        own = page.parent.parent.name.replace("-", "_")  # a value page does not offer its own facet
        expected = {f for f in NEW_FACETS if f != own}
        assert expected <= offered, (page, expected - offered)


def test_counts_on_all_papers_follow_the_paper_files(opd_site):
    page = soup(opd_site / "papers" / "index.html")
    for field in (*NEW_FACETS, "loss"):
        counts = Counter(p.get(field) or "unclassified" for p in PAPERS)
        assert filter_counts(page, field) == {k: n for k, n in counts.items() if n}, field


@pytest.mark.skipif(
    not JUNE.is_file(), reason="the shared June labels sit beside the repository only in the project's own CI"
)
def test_counts_and_papers_json_match_the_june_labels(opd_site):
    june = json.loads(JUNE.read_text("utf-8"))
    labels = script_labels()
    page = soup(opd_site / "papers" / "index.html")
    data = json.loads((opd_site / "papers.json").read_text("utf-8"))
    records = {r["id"]: r for r in data["papers"]}
    facets = {f["field"]: f for f in data["facets"]}
    assert filter_counts(page, "signal")["self"] == 37  # the figure the June site showed
    for field in NEW_FACETS:
        known = [r[field] for r in june["papers"] if r[field] not in june["facets"][field].get("not_classified", [])]
        expected = Counter(labels[field][label] for label in known)
        shown = filter_counts(page, field)
        assert {k: n for k, n in shown.items() if k != "unclassified"} == expected, field
        assert shown["unclassified"] == len(PAPERS) - len(known), field
        assert facets[field]["classified"] == len(known)
        for record in june["papers"]:
            value = labels[field].get(record[field], "unclassified")
            assert records[record["id"]][field] == value, (record["id"], field)
    for record in june["papers"]:  # the loss classes it adds, and agrees with
        assert records[record["id"]]["loss"] == record["loss"]


def test_coverage_on_facet_pages_and_home(opd_site):
    home = soup(opd_site / "index.html")
    browse = {p.select_one(".opdhub-browse__facet").get_text(): p for p in home.select(".opdhub-browse")}
    for field in (*NEW_FACETS, "loss"):
        facet = next(f for f in TAXONOMY["facets"] if f["field"] == field)
        classified = sum(1 for p in PAPERS if p.get(field))
        phrase = f"Classified: {classified} of {len(PAPERS)} papers"
        path = field.replace("_", "-")
        assert phrase in soup(opd_site / path / "index.html").get_text(" "), field
        unclassified = soup(opd_site / path / "unclassified" / "index.html").get_text(" ")
        assert f"classified: {classified} of {len(PAPERS)} papers" in unclassified
        assert f"(classified: {classified} of {len(PAPERS)})" in browse[facet["label"]].get_text(" ")
    # a facet every paper has says nothing of the kind
    assert "Classified" not in soup(opd_site / "mechanism" / "index.html").get_text(" ")
    assert "classified" not in browse["Mechanism"].get_text(" ")


def test_home_sentence_follows_the_taxonomy(opd_site, tmp_path):
    sentence = soup(opd_site / "index.html").select_one(".opdhub-hero__filters").get_text(" ", strip=True)
    assert sentence == (
        "Filter the papers by chapter, mechanism, domain, signal source, student size, loss class, "
        "rollout frequency, year and code."
    )
    project = copy_project(tmp_path / "project")
    taxonomy = (project / "taxonomy.yml").read_text("utf-8")
    taxonomy = taxonomy.replace("    label: Signal source\n", "    label: Teacher signal\n")
    taxonomy = taxonomy.replace("  - field: rollout_frequency\n", "  - field: rollout_frequency\n    filter: false\n")
    taxonomy = taxonomy.replace("    label: Loss class\n", "    label: KL <b>variant</b>\n")
    (project / "taxonomy.yml").write_text(taxonomy, "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    hero = soup(project / "site" / "index.html").select_one(".opdhub-hero__filters")
    assert hero.get_text(" ", strip=True) == (
        "Filter the papers by chapter, mechanism, domain, teacher signal, student size, "
        "KL <b>variant</b>, year and code."
    )
    assert hero.select("b") == []  # a label is text, never markup


def test_import_script_fills_gaps_and_never_overwrites(tmp_path):
    project = copy_project(tmp_path / "project")
    papers = project / "papers"
    first = papers / "2310.08461.yaml"
    text = first.read_text("utf-8")
    for field in (*NEW_FACETS, "loss"):  # start from a file without the new values
        text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith(f"{field}:"))
    text = text.replace("mechanism: application\n", "mechanism: application  # checked by hand\nsignal: self\n")
    first.write_text(text, "utf-8")
    write_paper(
        papers,
        "2699.00001",
        title="Unlabelled",
        authors=["Doe, Jane"],
        year=2026,
        chapter="4",
        url="https://example.org/x",
        added="2026-11-01",
    )
    labels = {
        "papers": [
            {
                "id": "2310.08461",
                "loss": "Symmetric",
                "domain": "Inference",
                "signal": "External-Teacher",
                "rollout_frequency": "n/a",
                "student_size": "<3B",
            },
            {
                "id": "2699.00001",
                "loss": "RKL",
                "domain": "Telepathy",
                "signal": "Self",
                "rollout_frequency": "per-step",
                "student_size": "Unknown",
            },
            {"id": "../../escape", "domain": "General"},
            {"id": "2699.99999", "domain": "General"},
        ]
    }
    (tmp_path / "labels.json").write_text(json.dumps(labels), "utf-8")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "labels.json"), "--root", str(project)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == 1, run.stderr
    assert (
        "papers/2310.08461.yaml: signal is 'self' in the file, the June labels say 'external_teacher' (kept 'self')"
        in run.stderr
    )
    assert "papers/2699.00001.yaml: domain: unknown label 'Telepathy'" in run.stderr
    assert "'../../escape'" in run.stderr and "papers/2699.99999.yaml: no such paper file" in run.stderr
    edited = yaml.safe_load(first.read_text("utf-8"))
    assert edited["signal"] == "self" and edited["domain"] == "inference" and edited["student_size"] == "under_3b"
    assert "rollout_frequency" not in edited and edited["loss"] == "Symmetric"  # "n/a" is no value
    assert "mechanism: application  # checked by hand\n" in first.read_text("utf-8")
    new = yaml.safe_load((papers / "2699.00001.yaml").read_text("utf-8"))
    assert new["signal"] == "self" and new["loss"] == "RKL" and new["rollout_frequency"] == "per_step"
    assert "domain" not in new and "student_size" not in new  # unknown label and "Unknown": nothing written
    again = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "labels.json"), "--root", str(project)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert "filled 0 paper files" in again.stdout
    assert main(["validate", "-f", str(project / "mkdocs.yml")]) == 0  # what it wrote passes the schema


def test_issue_form_asks_for_the_new_facets_and_reads_them_back():
    from mkdocs_opdhub.model.taxonomy import load_taxonomy
    from mkdocs_opdhub.tools.issue_form import fields_from_issue, form

    taxonomy = load_taxonomy(REPO / "taxonomy.yml", "taxonomy.yml")
    body = {item.get("id"): item for item in form(taxonomy)["body"]}
    for field in NEW_FACETS:
        assert body[field]["type"] == "dropdown" and body[field]["validations"]["required"] is False, field
    options = {field: body[field]["attributes"]["options"] for field in NEW_FACETS}
    answers = "\n\n".join(
        [
            "### Title\n\nA paper",
            "### Signal source\n\n" + next(o for o in options["signal"] if o.startswith("self ")),
            "### Student size\n\n" + next(o for o in options["student_size"] if o.startswith("under_3b ")),
            "### Domain\n\n_No response_",
            "### Rollout frequency\n\nNone",
        ]
    )
    fields = fields_from_issue(answers, taxonomy)
    assert fields == {"title": "A paper", "signal": "self", "student_size": "under_3b"}
