"""RSS 2.0 and JSON Feed 1.1 of recently added papers: the whole list and one per chapter.

Items are the papers most recently ``added`` (their date is the ``added`` date, at midnight UTC);
an item's id is its paper's page URL, which stays the same from build to build. Every text comes
from paper files: ElementTree and ``json`` escape it, and characters XML cannot carry at all
(control characters) are dropped from it first.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

from markupsafe import escape

from ..formats.templates import display_name
from ..model.catalog import Catalog, sort_papers
from ..model.papers import Paper
from ..model.taxonomy import Chapter
from .layout import Layout
from .whatsnew import added_date

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"
ITEMS = 50
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _text(value: object) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


@dataclass(frozen=True)
class Feed:
    key: str  # "all" or the chapter id
    title: str
    rss: str  # site-relative paths of the files
    json: str
    chapter: Chapter | None = None


class Feeds:
    def __init__(
        self,
        catalog: Catalog,
        layout: Layout,
        *,
        site_url: str,
        site_name: str,
        paper_url: Callable[[Paper], str],
        build_date: _dt.date,
        items: int = ITEMS,
    ):
        self.catalog = catalog
        self.taxonomy = catalog.taxonomy
        self.layout = layout
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.site_name = site_name
        self.paper_url = paper_url
        self.build_date = build_date
        self.items = items
        chapter_facet = self.taxonomy.chapter_facet
        self.chapter_pages = {layout.chapter_page(chapter_facet.path, c): c for c in self.taxonomy.chapters}
        self.feeds = [Feed("all", f"{site_name}: recently added papers", "feed.xml", "feed.json")]
        for chapter in self.taxonomy.chapters:
            self.feeds.append(
                Feed(
                    chapter.id,
                    f"{site_name}: {chapter.heading}",
                    f"feeds/{chapter.slug}.xml",
                    f"feeds/{chapter.slug}.json",
                    chapter,
                )
            )

    def absolute(self, site_path: str) -> str:
        return urljoin(self.site_url, site_path)

    def papers(self, feed: Feed) -> list[Paper]:
        papers = self.catalog.papers
        if feed.chapter is not None:
            papers = self.catalog.select({self.taxonomy.chapter_facet.field: [feed.chapter.id]})
        return sort_papers(papers, "added")[: self.items]

    def files(self) -> dict[str, str]:
        """Site path -> content of every feed file."""
        out = {}
        for feed in self.feeds:
            papers = self.papers(feed)
            out[feed.rss] = self.rss(feed, papers)
            out[feed.json] = self.json_feed(feed, papers)
        # Material fetches sitemap.xml beside each <link rel="alternate"> of a page (to find other
        # languages): an empty one beside the chapter feeds answers it (a 404 is a console error).
        for folder in sorted({posixpath.dirname(path) for path in out} - {""}):
            out[f"{folder}/sitemap.xml"] = EMPTY_SITEMAP
        return out

    # -- one item ---------------------------------------------------------------------------
    def _summary(self, paper: Paper) -> str:
        chapter = self.taxonomy.chapter(paper.chapter)
        parts = [", ".join(display_name(a) for a in paper.authors)] if paper.authors else []
        if chapter:
            parts.append(f"{self.taxonomy.chapter_facet.label}: {chapter.heading}")
        if paper.summary:
            parts.append(" ".join(paper.summary.split()))
        return _text(". ".join(parts))

    def _tags(self, paper: Paper) -> list[str]:
        tags = []
        for facet in self.taxonomy.facets:
            if not facet.type.descriptive:
                continue
            for value_id in self.catalog.values_of(paper, facet.field):
                if value_id != "unclassified":
                    tags.append(_text(self.catalog.label(facet.field, value_id)))
        return list(dict.fromkeys(tags))

    def _published(self, paper: Paper) -> _dt.datetime:
        day = added_date(paper) or self.build_date
        return _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc)

    # -- formats ----------------------------------------------------------------------------
    def rss(self, feed: Feed, papers: list[Paper]) -> str:
        ET.register_namespace("atom", ATOM)
        rss = ET.Element("rss", {"version": "2.0"})
        channel = ET.SubElement(rss, "channel")
        home = self.absolute(self.layout.url(self._home(feed)))
        ET.SubElement(channel, "title").text = _text(feed.title)
        ET.SubElement(channel, "link").text = home
        ET.SubElement(channel, "description").text = _text(self._description(feed))
        ET.SubElement(
            channel, f"{{{ATOM}}}link", {"href": self.absolute(feed.rss), "rel": "self", "type": "application/rss+xml"}
        )
        ET.SubElement(channel, "generator").text = "mkdocs-opdhub"
        last = max((self._published(p) for p in papers), default=None)
        if last is not None:
            ET.SubElement(channel, "lastBuildDate").text = email.utils.format_datetime(last)
        for paper in papers:
            item = ET.SubElement(channel, "item")
            url = self.absolute(self.paper_url(paper))
            ET.SubElement(item, "title").text = _text(paper.title)
            ET.SubElement(item, "link").text = url
            ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = url
            ET.SubElement(item, "pubDate").text = email.utils.format_datetime(self._published(paper))
            ET.SubElement(item, "description").text = self._summary(paper)
            for tag in self._tags(paper):
                ET.SubElement(item, "category").text = tag
        ET.indent(rss)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"

    def json_feed(self, feed: Feed, papers: list[Paper]) -> str:
        items = []
        for paper in papers:
            url = self.absolute(self.paper_url(paper))
            item = {
                "id": url,
                "url": url,
                "title": _text(paper.title),
                "content_text": self._summary(paper),
                "date_published": self._published(paper).isoformat().replace("+00:00", "Z"),
                "authors": [{"name": _text(display_name(a))} for a in paper.authors],
                "tags": self._tags(paper),
            }
            if paper.url:
                item["external_url"] = paper.url
            items.append(item)
        data = {
            "version": JSON_FEED_VERSION,
            "title": _text(feed.title),
            "home_page_url": self.absolute(self.layout.url(self._home(feed))),
            "feed_url": self.absolute(feed.json),
            "description": _text(self._description(feed)),
            "items": items,
        }
        # "</" never appears literally, so the JSON could also sit in a <script> element unharmed
        return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/") + "\n"

    def _home(self, feed: Feed) -> str:
        if feed.chapter is None:
            return self.layout.home
        return self.layout.chapter_page(self.taxonomy.chapter_facet.path, feed.chapter)

    def _description(self, feed: Feed) -> str:
        scope = f"chapter {feed.chapter.heading}" if feed.chapter else self.taxonomy.survey.title
        return f"Papers recently added to the list ({scope}), newest first."

    # -- discovery ----------------------------------------------------------------------------
    def head_links(self, src_uri: str, page_url: str = "") -> str:
        """``<link rel="alternate">`` elements for a page's <head>: the whole list's feeds, and on a
        chapter page the chapter's feeds too. The links are relative to the page (``page_url``):
        Material's instant navigation fetches a ``sitemap.xml`` beside every alternate link, which
        must stay on the site's own origin wherever it is served."""
        folder = page_url if not page_url or page_url.endswith("/") else posixpath.dirname(page_url)
        feeds = [self.feeds[0]]
        chapter = self.chapter_pages.get(src_uri)
        if chapter is not None:
            feeds += [f for f in self.feeds if f.chapter is chapter]
        out = []
        for feed in feeds:
            for kind, path, fmt in (
                ("application/rss+xml", feed.rss, "RSS"),
                ("application/feed+json", feed.json, "JSON Feed"),
            ):
                out.append(
                    f'<link rel="alternate" type="{kind}" title="{escape(feed.title)} ({fmt})" '
                    f'href="{escape(posixpath.relpath(path, folder or "."))}">'
                )
        return "\n".join(out)


def insert_head(html: str, snippet: str) -> str:
    """``snippet`` just before ``</head>`` (case-insensitive); a page without one is left as it is."""
    match = re.search(r"</head\s*>", html, re.I)
    if not match or not snippet:
        return html
    return html[: match.start()] + snippet + "\n" + html[match.start() :]
