"""Changes to files the theme and the search plugin wrote, once paper pages are stamped.

Paper pages are written after MkDocs' own pages (see :mod:`.paperpage`), so the site-wide files
that list pages learn about them here: the search index gets one entry per paper (and loses the
listing pages, which only repeat the papers' titles), the sitemap gets one URL per paper (Material's
instant navigation only follows links to pages in the sitemap). Pure text in, text out.
"""

from __future__ import annotations

import gzip
import json
import re
from typing import Iterable, Sequence
from xml.sax.saxutils import escape


def patch_search_index(text: str, entries: Sequence[dict], drop: Iterable[str]) -> str:
    """``search_index.json`` (Material's or MkDocs' own format: ``{"config", "docs": [...]}``)
    without the entries of the pages in ``drop`` (site-relative URLs) and with ``entries`` added.

    A prebuilt Lunr index (MkDocs' ``prebuild_index``) no longer matches the documents, so it is
    removed: the browser then builds the index from the documents, as it does by default.
    """
    data = json.loads(text)
    dropped = set(drop)
    docs = [d for d in data.get("docs", []) if d.get("location", "").split("#", 1)[0] not in dropped]
    data["docs"] = docs + list(entries)
    data.pop("index", None)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


_URL = re.compile(r"\s*<url>\s*<loc>(?P<loc>[^<]*)</loc>.*?</url>", re.S)


def patch_sitemap(text: str, site_url: str, urls: Sequence[str], drop: Iterable[str]) -> str:
    """``sitemap.xml`` without the ``drop`` pages and with ``urls`` (site-relative) added."""
    base = site_url.rstrip("/") + "/"
    dropped = {base + u for u in drop}
    text = _URL.sub(lambda m: "" if m.group("loc") in dropped else m.group(0), text)
    added = "".join(f"\n    <url>\n         <loc>{escape(base + u)}</loc>\n    </url>" for u in urls)
    end = text.rfind("</urlset>")
    if end < 0:
        return text
    return text[:end].rstrip() + added + "\n</urlset>" + text[end + len("</urlset>"):]


def gzip_bytes(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"), mtime=0)


class Outputs:
    """Writes generated files, skipping a file whose content is what this object wrote there
    last time and which is still there (``mkdocs serve`` keeps the object across rebuilds)."""

    def __init__(self):
        self._written: dict[str, tuple[int, int]] = {}  # path -> (hash of the text, size in bytes)

    def write(self, path, content: str | bytes) -> bool:
        data = content.encode("utf-8") if isinstance(content, str) else content
        key = str(path)
        stamp = (hash(data), len(data))
        if self._written.get(key) == stamp:
            try:
                if path.stat().st_size == len(data):
                    return False
            except OSError:
                pass
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self._written[key] = stamp
        return True
