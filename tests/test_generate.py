"""``opdhub generate`` and Zensical: the generated pages, data and assets as plain files, built by an
engine that ignores MkDocs plugins, give the same site as the plugin (filter included); and the
command never overwrites or removes a file it did not write."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, copy_project, mkdocs_build, run_env, serve
from playwright.sync_api import expect

from mkdocs_opdhub.cli import main

EXAMPLE = REPO / "examples" / "deep-learning-classics"


def opdhub(root: Path, *args: str, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    status = main(["generate", *args])
    out, err = capsys.readouterr()
    return status, out, err


def zensical_build(root: Path, config: str = "mkdocs.generated.yml") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", config],
        cwd=root,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def card_ids(path: Path) -> list[str]:
    return [c["data-paper-id"] for c in soup(path).select("[data-paper-id]")]


def page_extras(html: BeautifulSoup) -> list[str]:
    """What the plugin adds to a page besides its content, in order: our stylesheets and scripts
    (head and content), the feeds' links, the listing store's preload, a paper's citation tags."""
    wanted = (
        "link[href*='assets/opdhub/'], script[src*='assets/opdhub/'], link[rel=alternate][type*='feed'], "
        "link[rel=alternate][type*='rss'], link[rel=preload], meta[name^=citation_], script[type='application/ld+json']"
    )
    # search-later.js holds back Material's search index request: MkDocs' Material only (Zensical's
    # search has no such index)
    return [str(el) for el in html.select(wanted) if not el.get("src", "").endswith("search-later.js")]


def check_same_site(zensical_site: Path, mkdocs_site: Path) -> None:
    assert html_pages(zensical_site) == html_pages(mkdocs_site)
    assert json.loads((zensical_site / "papers.json").read_text("utf-8")) == json.loads(
        (mkdocs_site / "papers.json").read_text("utf-8")
    )
    assert (zensical_site / "papers.js").read_text("utf-8") == (mkdocs_site / "papers.js").read_text("utf-8")
    for page in sorted(html_pages(mkdocs_site)):
        assert card_ids(zensical_site / page) == card_ids(mkdocs_site / page), page
        html = soup(zensical_site / page)
        assert "opdhub papers" not in str(html.select_one("article") or ""), page  # every directive expanded
        # each page links what it shows, as with the plugin (a page without cards no card code),
        # and its head has the feeds' links and, on a paper's page, the citation tags
        extras = page_extras(html)
        assert extras == page_extras(soup(mkdocs_site / page)), page
        if page == "404.html":  # a theme's template, no page of the site
            continue
        assert any("assets/opdhub/opdhub.css" in tag for tag in extras), page
        if (mkdocs_site / "feed.xml").is_file():  # (feeds need a site_url)
            assert html.head.select_one("link[rel=alternate][type='application/rss+xml'][href$='feed.xml']"), page
        if html.select("[data-paper-id]"):
            assert html.select_one('link[href$="assets/opdhub/card.css"]') is not None, page
            for holder in html.select("[data-opdhub-data]"):  # the data address resolves from the page
                assert (zensical_site / page).parent.joinpath(holder["data-opdhub-data"]).resolve().is_file(), page
        for a in html.select("[data-paper-id] a[href]"):  # every link in a card leads to a page that exists
            href = a["href"]
            if urlsplit(href).scheme or href.startswith("#"):
                continue
            target = (zensical_site / page).parent.joinpath(urlsplit(href).path).resolve()
            assert (target / "index.html" if target.is_dir() else target).is_file(), (page, href)
    about = soup(zensical_site / "about" / "index.html")  # a page without papers loads no code of ours
    assert not about.select("script[src*='assets/opdhub/']") and about.select("link[href$='assets/opdhub/opdhub.css']")
    # our assets as the plugin publishes them: minified, the base stylesheet made, what no page loads left out
    ours = {
        p.relative_to(mkdocs_site).as_posix() for p in (mkdocs_site / "assets" / "opdhub").rglob("*") if p.is_file()
    }
    assert ours == {
        p.relative_to(zensical_site).as_posix() for p in (zensical_site / "assets" / "opdhub").rglob("*") if p.is_file()
    }
    for asset in sorted(ours):
        assert (zensical_site / asset).read_bytes() == (mkdocs_site / asset).read_bytes(), asset
    source = REPO / "mkdocs_opdhub" / "theme" / "assets" / "opdhub" / "filter-view.js"
    assert len((zensical_site / "assets" / "opdhub" / "filter-view.js").read_text("utf-8")) < 0.8 * len(
        source.read_text("utf-8")
    )
    # Every block the plugin fills after Markdown (graph, trends and chapter charts, intros) is
    # filled on this route too: a placeholder left in a page is a part of the site missing.
    for page in sorted(html_pages(zensical_site)):
        assert not re.search(r"opdhub:block:\d+", (zensical_site / page).read_text("utf-8")), page
    # graph.json and the feeds: the plugin's data files, made by the same code
    made = {
        p.relative_to(mkdocs_site).as_posix()
        for p in mkdocs_site.rglob("*")
        if p.suffix in (".json", ".xml")
        and p.name not in ("search_index.json", "sitemap.xml")
        and "assets" not in p.parts
        and "search" not in p.parts
    }
    assert made <= {p.relative_to(zensical_site).as_posix() for p in zensical_site.rglob("*")}, made
    graph = json.loads((zensical_site / "graph.json").read_text("utf-8"))
    assert graph == json.loads((mkdocs_site / "graph.json").read_text("utf-8")) and graph["nodes"]


@pytest.fixture(scope="module")
def example_builds(tmp_path_factory):
    """The example site built by MkDocs with the plugin, and by Zensical from 'opdhub generate'."""
    base = tmp_path_factory.mktemp("generate")
    plugin = base / "plugin"
    shutil.copytree(EXAMPLE, plugin, ignore=shutil.ignore_patterns("site"))
    assert mkdocs_build(plugin).returncode == 0
    engine = base / "engine"
    shutil.copytree(EXAMPLE, engine, ignore=shutil.ignore_patterns("site"))
    generate = subprocess.run(
        [str(Path(sys.executable).with_name("opdhub")), "generate"],
        cwd=engine,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert generate.returncode == 0, generate.stderr
    result = zensical_build(engine)
    assert result.returncode == 0, result.stdout + result.stderr
    return plugin, engine


def test_zensical_builds_the_generated_example_site(example_builds):
    plugin, engine = example_builds
    check_same_site(engine / "site", plugin / "site")
    assert "zensical" in (engine / "site" / "index.html").read_text("utf-8").lower()  # really built by Zensical
    config = (engine / "mkdocs.generated.yml").read_text("utf-8")
    assert config.startswith("# Written by 'opdhub generate' from mkdocs.yml")
    settings = yaml.safe_load(config)
    assert settings["plugins"] == ["search"] and settings["docs_dir"] == "generated"  # our plugin is left out
    assert settings["theme"] == {
        "name": "material",
        "palette": {"primary": "teal"},
        "custom_dir": "generated/.opdhub-theme",
        "font": False,
    }  # as the plugin sets it: no font from Google Fonts
    assert not list((engine / "site").rglob("*opdhub-theme*"))  # the theme override is not published
    assert sorted(p.name for p in (engine / "docs").iterdir()) == ["about.md"]  # the user's folder untouched


def test_zensical_builds_the_generated_opdhub_site(tmp_path, opd_site):
    root = copy_project(tmp_path / "project")
    generate = subprocess.run(
        [str(Path(sys.executable).with_name("opdhub")), "generate"],
        cwd=root,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert generate.returncode == 0, generate.stderr
    config = (root / "mkdocs.generated.yml").read_text("utf-8")
    assert "site_url: !ENV [OPDHUB_SITE_URL," in config  # the config's tags are kept
    assert "\n  - opdhub\n" not in config and "Chapters:" in config  # the nav placeholder is expanded
    result = zensical_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    check_same_site(root / "site", opd_site)
    # directives in the site's own pages are expanded too: the paper fields table
    assert soup(root / "site" / "add-a-paper" / "index.html").select("table")


@pytest.mark.browser
def test_filter_works_on_the_zensical_site(example_builds, page):
    _, engine = example_builds
    site = engine / "site"
    data = json.loads((site / "papers.json").read_text("utf-8"))
    total = len(data["papers"])
    with_code = {p["id"] for p in data["papers"] if p["has_code"] == "yes"}
    url, server = serve(site)
    try:
        page.goto(url + "papers/")
        page.locator("[data-opdhub-filter]").wait_for(state="visible")
        count = page.locator("[data-opdhub-count]")
        expect(count).to_contain_text(f"{total} of {total}")
        page.locator('[data-opdhub-filter] input[name="has_code"][value="yes"]').check()
        expect(count).to_have_text(re.compile(rf"^\s*{len(with_code)} of {total} papers?\s*$"))
        shown = set(page.eval_on_selector_all("[data-paper-id]:not([hidden])", "c => c.map(x => x.dataset.paperId)"))
        assert shown == with_code
        page.goto(url + "chapters/training/")  # a chapter page: its card links lead to real pages
        page.locator("[data-opdhub-filter]").wait_for(state="visible")
        page.locator("[data-paper-id] a[href*='modality/']").first.click()
        expect(page).to_have_url(re.compile(r"/modality/[a-z]+/$"))
        page.locator("[data-paper-id]").first.wait_for()
        assert page.js_errors == []
    finally:
        server.shutdown()


# -- what generate may write ------------------------------------------------------------------------


@pytest.fixture
def example(tmp_path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site"))
    return root


def test_generate_reruns_rewrite_only_what_changed_and_remove_only_its_own(example, monkeypatch, capsys):
    status, _, err = opdhub(example, monkeypatch=monkeypatch, capsys=capsys)
    assert status == 0, err
    out = example / "generated"
    assert (out / "venue" / "cvpr-2016.md").is_file()
    (out / "notes.txt").write_text("mine\n", "utf-8")  # a file the command did not write
    stamp = (out / "papers" / "index.md").stat().st_mtime_ns

    status, _, err = opdhub(example, monkeypatch=monkeypatch, capsys=capsys)
    assert status == 0 and "0 file(s) written" in err and "0 removed" in err
    assert (out / "papers" / "index.md").stat().st_mtime_ns == stamp  # unchanged files are not rewritten

    cvpr = [p for p in (example / "papers").glob("*.yaml") if "CVPR 2016" in p.read_text("utf-8")]
    assert len(cvpr) == 1
    cvpr[0].unlink()  # the only CVPR 2016 paper: its own page and its venue's page (and that page's data) go
    before = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    status, _, err = opdhub(example, monkeypatch=monkeypatch, capsys=capsys)
    after = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    gone = before - after
    assert status == 0 and f"{len(gone)} removed" in err and after <= before
    assert {g for g in gone if g.endswith(".md")} == {"venue/cvpr-2016.md", f"papers/{cvpr[0].stem}.md"}
    assert {g.rsplit(".", 1)[0] for g in gone if g.startswith("opdhub-data/")} == {
        g.rsplit(".", 1)[0] for g in gone if g.startswith("opdhub-data/") and g.endswith(".json")
    }  # a data file and its script
    assert all(g.endswith(".md") or g.startswith("opdhub-data/venue-cvpr-2016.") for g in gone), gone
    assert (out / "venue" / "index.md").is_file()
    assert (out / "notes.txt").read_text("utf-8") == "mine\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--out", "docs"], "must not be docs/, inside it or around it"),
        (["--out", "docs/sub"], "must not be docs/, inside it or around it"),
        (["--out", "."], "must be a folder inside"),
        (["--out", "../elsewhere"], "must be a folder inside"),
        (["--out", "mine"], "holds files that 'opdhub generate' did not write"),
        (["--config-out", "own.yml"], "own.yml exists and was not written by 'opdhub generate'"),
        (["--config-out", "mkdocs.yml"], "that is the site's own config"),
    ],
)
def test_generate_refuses_to_write_over_a_users_files(example, monkeypatch, capsys, args, message):
    (example / "mine").mkdir()
    (example / "mine" / "page.md").write_text("# Mine\n", "utf-8")
    (example / "own.yml").write_text("site_name: own\n", "utf-8")
    before = {p: p.read_bytes() for p in example.rglob("*") if p.is_file()}
    status, _, err = opdhub(example, *args, monkeypatch=monkeypatch, capsys=capsys)
    assert status == 2 and message in err
    assert {p: p.read_bytes() for p in example.rglob("*") if p.is_file()} == before


def test_generate_reports_problems_and_clashes(example, monkeypatch, capsys):
    paper = example / "papers" / "1207.0580.yaml"
    paper.write_text(paper.read_text("utf-8").replace("year:", "year: soon\nold_year:", 1), "utf-8")
    (example / "docs" / "venue.md").write_text("# Venues by hand\n", "utf-8")
    status, _, err = opdhub(example, monkeypatch=monkeypatch, capsys=capsys)
    assert status == 1
    assert "papers/1207.0580.yaml:" in err and "year" in err
    assert 'docs/venue.md takes the place of the generated page "Venue" (venue/index.md)' in err
    out = example / "generated"
    mine = (out / "venue.md").read_text("utf-8")  # the user's page, with what its head gets in front
    assert mine.startswith("---\nopdhub_head: ") and mine.endswith("---\n\n# Venues by hand\n")
    assert not (out / "venue" / "index.md").exists()
    assert "1207.0580" not in (out / "papers.json").read_text("utf-8")  # the broken paper is left out, the rest written


def test_generate_keeps_the_sites_theme_override_and_front_matter(example, monkeypatch, capsys):
    """The site's own custom_dir still applies (its main.html is what ours extends), and a page's
    own front matter is kept beside what its head gets."""
    config = example / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1)
        + "repo_url: https://github.com/owner/repo\n",
        "utf-8",
    )
    (example / "overrides").mkdir()
    (example / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}<meta name="mine" content="kept">{% endblock %}\n', "utf-8"
    )
    about = example / "docs" / "about.md"
    about.write_text('---\ntitle: "Who we are"\n---\n\n' + about.read_text("utf-8"), "utf-8")
    status, _, err = opdhub(example, monkeypatch=monkeypatch, capsys=capsys)
    assert status == 0, err
    result = zensical_build(example)
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(example / "site" / "about" / "index.html")
    assert page.head.select_one('meta[name="mine"][content="kept"]')  # the site's override
    assert page.head.select_one('link[rel=stylesheet][href="../assets/opdhub/opdhub.css"]')  # ours, after it
    assert page.title.get_text().startswith("Who we are")
    cards = soup(example / "site" / "papers" / "index.html")
    assert cards.head.select_one('meta[name="mine"]') and cards.head.select_one(
        'script[src="../assets/opdhub/filter.js"]'
    )
    # what the plugin route does too: the repository link without the facts the theme's script
    # would fetch from the forge's API (the privacy partial), and a search dialog with a name
    source = page.select_one('a.md-source[href="https://github.com/owner/repo"]')
    assert source is not None and not page.select('[data-md-component="source"]')
    assert page.select_one('[data-md-component="search"][role="dialog"]')["aria-label"].strip()


def test_the_privacy_partials_yield_to_the_sites_own_and_to_external_requests(example):
    from mkdocs_opdhub.tools.generate import THEME_FOLDER, _theme_files

    ours = (REPO / "mkdocs_opdhub" / "privacy" / "partials" / "source.html").read_bytes()
    key = f"{THEME_FOLDER}/partials/source.html"
    assert _theme_files(example, None, external_requests=False)[key] == ours
    assert key not in _theme_files(example, None, external_requests=True)
    (example / "overrides" / "partials").mkdir(parents=True)
    (example / "overrides" / "partials" / "source.html").write_text("mine", "utf-8")
    assert _theme_files(example, "overrides", external_requests=False)[key] == b"mine"


@pytest.mark.parametrize(
    "markdown, features",
    [
        ("Write `<div data-opdhub-filter>` on a page.\n", set()),
        ("A list:\n\n- ``a ` <div data-opdhub-filter></div>`` in a code span\n", set()),
        ("```html\n<div data-opdhub-filter></div>\n```\n", set()),
        ("| tag |\n| --- |\n| `<div data-opdhub-filter>` |\n", set()),
        ("\\`<div data-opdhub-filter></div>` is markup: the first backtick is escaped\n", {"filter"}),
        ("<div data-opdhub-filter>\n`x` and `y`\n</div>\n", {"filter"}),  # raw HTML holds no code span
    ],
)
def test_generate_finds_no_feature_in_code(markdown, features):
    """The Zensical route looks for a page's features in its Markdown: what a code span or block
    shows is an example, not markup."""
    from mkdocs_opdhub.site import assets
    from mkdocs_opdhub.site.codeshown import code_masked

    shown = code_masked(markdown)
    assert len(shown) == len(markdown) and shown.count("\n") == markdown.count("\n")
    assert assets.features_in(shown) == features


@pytest.mark.browser
def test_zensical_offline_site_works_from_file_url(example, monkeypatch, capsys, page):
    """With Zensical's offline plugin (which turns directory URLs off, as 'opdhub generate' does),
    the site opened from disk filters and draws its graph, from the bundles and twin scripts."""
    config = example / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - search\n", "  - search\n  - offline\n", 1), "utf-8")
    status, _, err = opdhub(example, monkeypatch=monkeypatch, capsys=capsys)
    assert status == 0, err
    result = zensical_build(example)
    assert result.returncode == 0, result.stdout + result.stderr
    site = example / "site"
    total = len(json.loads((site / "papers.json").read_text("utf-8"))["papers"])
    page.goto((site / "papers" / "index.html").as_uri())
    page.locator("[data-opdhub-filter]").wait_for(state="visible")
    expect(page.locator("[data-opdhub-count]")).to_contain_text(f"{total} of {total}")
    page.goto((site / "graph.html").as_uri())
    page.wait_for_selector("[data-opdhub-graph][data-opdhub-drawn]", timeout=30_000)
    page.hover("[data-opdhub-graph-canvas]")
    page.wait_for_selector(f"[data-opdhub-graph][data-opdhub-ready][data-opdhub-shown='{total}']", timeout=30_000)
    assert page.evaluate("window.opdhubGraph.nodes().length") == total
    assert page.js_errors == []


@pytest.mark.parametrize(
    "page, expected",
    [
        ("# Hi\n", '---\nopdhub_head: "<link href=\\"a.css\\">"\n---\n\n# Hi\n'),
        ("---\ntitle: Hi\n---\n# Hi\n", '---\nopdhub_head: "<link href=\\"a.css\\">"\ntitle: Hi\n---\n# Hi\n'),
        (
            "---\n\n# a rule, no front matter\n",
            '---\nopdhub_head: "<link href=\\"a.css\\">"\n---\n\n---\n\n# a rule, no front matter\n',
        ),
    ],
)
def test_a_pages_head_goes_into_its_front_matter(page, expected):
    from mkdocs_opdhub.tools.generate import with_head

    assert with_head(page, '<link href="a.css">') == expected
    meta = yaml.safe_load(expected.split("---\n")[1])
    assert meta["opdhub_head"] == '<link href="a.css">'


def test_generate_reads_pages_as_mkdocs_does(example, monkeypatch, capsys):
    about = example / "docs" / "about.md"
    about.write_bytes(b"\xef\xbb\xbf---\ntitle: Mine\n---\n\n# About\n")  # a byte order mark before the front matter
    (example / "docs" / "latin.md").write_bytes("# Caf\u00e9\n".encode("latin-1"))
    status, _, err = opdhub(example, monkeypatch=monkeypatch, capsys=capsys)
    assert status == 2 and "latin.md: not UTF-8" in err
    (example / "docs" / "latin.md").unlink()
    status, _, err = opdhub(example, monkeypatch=monkeypatch, capsys=capsys)
    assert status == 0, err
    text = (example / "generated" / "about.md").read_text("utf-8")
    assert (
        text.startswith("---\nopdhub_head: ") and "title: Mine\n---\n\n# About\n" in text and text.count("---\n") == 2
    )


@pytest.mark.parametrize(
    "name, font, typography, external, off",
    [
        ("material", None, "theme", False, True),  # unset: Material's default comes from Google Fonts
        ("material", {"text": "Inter"}, "theme", True, False),  # the owner allows it
        ("material", {"text": "Inter"}, "academic", True, True),  # the site serves its own fonts
        ("material", False, "theme", False, False),  # off already
        ("mkdocs", None, "academic", False, False),  # a theme without that setting
    ],
)
def test_both_routes_turn_the_theme_font_off_alike(name, font, typography, external, off):
    from mkdocs_opdhub.site.privacy import turns_font_off

    assert turns_font_off(name, font, typography=typography, external_requests=external) is off
