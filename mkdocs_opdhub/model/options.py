"""The plugin's options: one declaration, read by the MkDocs plugin and by the opdhub CLI."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Options:
    """The plugin's options (the same names as in ``mkdocs.yml``), with their defaults."""

    papers_dir: str = "papers"
    taxonomy: str | dict | None = "taxonomy.yml"
    schema_file: str | None = "schema/paper.schema.json"
    all_papers_page: str = "papers/index.md"
    papers_json: str = "papers.json"
    home: bool = True
    nav: bool = True
    recent: int = 10
    authors_shown: int = 5
    filter: bool = True
    apis: dict | None = None  # scholarly API addresses and politeness (opdhub enrich/scout), see tools/scholarly/config.py
    new_days: int = 30  # a "New" badge on papers added in the last N days (0: none)
    feeds: bool = True  # RSS 2.0 and JSON Feed of recently added papers (needs site_url)
    feed_items: int = 50
    graph: bool = True  # the Graph page (and graph.json)
    trends: bool = True  # the Trends page and a chart on each chapter page
    related: int = 5  # related papers shown on a paper's page (0: none)
    typography: str = "theme"  # "academic": EB Garamond and Inconsolata, served from the site
    paper_pages: bool = True
    external_requests: bool = False  # allow theme parts that make readers' browsers call other hosts
    replace: list[str] = field(default_factory=list)  # generated paths a user's file replaces on purpose
