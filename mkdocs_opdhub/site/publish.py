"""Changes to files the theme and the search plugin wrote, once paper pages are stamped.

Paper pages are written after MkDocs' own pages (see :mod:`.paperpage`), so the site-wide files
that list pages learn about them here: the search index gets one entry per paper (and loses the
listing pages, which only repeat the papers' titles), the sitemap gets one URL per paper (Material's
instant navigation only follows links to pages in the sitemap). Pure text in, text out.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence
from xml.sax.saxutils import escape

from . import paperpage
from .layout import script_of

if TYPE_CHECKING:
    from .plan import SitePlan


@dataclass
class ShellPage:
    """The paper shell page as the theme rendered it."""

    html: str
    url: str  # site-relative
    edit_url: str | None


def finish_site(site: Path, plan: "SitePlan", papers: "paperpage.PaperPages | None", shell: ShellPage | None,
                outputs: "Outputs", site_url: str | None, made: dict | None = None, keep_shell: bool = False) -> None:
    """After MkDocs' own pages: the listings' data files, the paper pages, and the search index
    and sitemap that list them. ``made`` (kept across ``mkdocs serve`` rebuilds) remembers what
    each paper page was made from, so a page whose paper, shell and edit link are unchanged and
    whose file is still there is not rendered again. With ``keep_shell`` (``serve --dirty``) the
    shell's own file stays, so MkDocs skips it next time: a dirty rebuild renders the nav with the
    titles of the pages it skips missing, and paper pages keep the shell of the full build."""
    made = {} if made is None else made
    if plan.renderer.uses_store:
        _write_store(site, plan, outputs)
    if papers is None or shell is None:
        return
    slot = paperpage.FILE_SLOT
    papers.edit_base = shell.edit_url[: -len(slot)] if shell.edit_url and shell.edit_url.endswith(slot) else None
    stamper = paperpage.Shell(shell.html, shell.url)
    pages = papers.pages()
    shell_key = (hash(shell.html), shell.url, papers.edit_base)
    for page in pages:
        record = plan.record(page.paper)
        target = site / page.output
        before = made.get(page.output)
        neighbours = papers.neighbours(page.paper)
        if before and before[0] is record and before[1] == shell_key and before[2] == neighbours and target.exists():
            continue
        body, head = papers.render(page, record=record)
        text = stamper.stamp(title=page.paper.title, url=page.url, file=Path(page.paper.source).name, body=body, head=head)
        outputs.write(target, text)
        made[page.output] = (record, shell_key, neighbours)
    if not keep_shell:
        _remove_page(site, shell.url)
    listing_urls = [plan.layout.url(spec.src_uri) for spec in plan.pages() if spec.kind in plan.LISTING_KINDS]
    index = site / "search" / "search_index.json"
    if index.is_file():
        # Shortest titles first: a search scores a title that contains every word of the query
        # alike however long it is, and ties keep index order, so the paper whose title *is* the
        # query comes before the longer titles that contain it.
        entries = (papers.search_entry(page) for page in sorted(pages, key=lambda p: len(p.paper.title)))
        index.write_text(patch_search_index(index.read_text("utf-8"), entries, [shell.url, *listing_urls]), "utf-8")
    sitemap = site / "sitemap.xml"
    if sitemap.is_file() and site_url:
        text = patch_sitemap(sitemap.read_text("utf-8"), site_url, [p.url for p in pages], [shell.url])
        sitemap.write_text(text, "utf-8")
        (site / "sitemap.xml.gz").write_bytes(gzip_bytes(text))


def _write_store(site: Path, plan: "SitePlan", outputs: "Outputs") -> None:
    """The listing store and its twin script (for pages opened from disk); a function of its
    own, so that its text (megabytes) is gone before the paper pages are made."""
    path = plan.layout.listing_store
    data = plan.store_json()
    outputs.write(site / path, data)
    outputs.write(site / script_of(path), plan.script_parts(data))


def _remove_page(site: Path, url: str) -> None:
    """The shell page itself is no page of the site."""
    output = site / (url + "index.html" if url.endswith("/") or not url else url)
    output.unlink(missing_ok=True)
    if url.endswith("/"):
        try:
            output.parent.rmdir()
        except OSError:
            pass


def patch_search_index(text: str, entries: Iterable[dict], drop: Iterable[str]) -> str:
    """``search_index.json`` (Material's or MkDocs' own format: ``{"config", "docs": [...]}``)
    without the entries of the pages in ``drop`` (site-relative URLs) and with ``entries`` added
    (written one by one: 10,000 of them are never all in memory as objects).

    A prebuilt Lunr index (MkDocs' ``prebuild_index``) no longer matches the documents, so it is
    removed: the browser then builds the index from the documents, as it does by default.
    """
    data = json.loads(text)
    dropped = set(drop)
    docs = [d for d in data.get("docs", []) if d.get("location", "").split("#", 1)[0] not in dropped]
    rest = {k: v for k, v in data.items() if k not in ("docs", "index")}
    head = json.dumps({**rest, "docs": docs}, ensure_ascii=False, separators=(",", ":"))[: -len("]}")]
    added = ",".join(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) for entry in entries)
    return head + ("," if docs and added else "") + added + "]}"


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

    def write(self, path, content: str | bytes | tuple[str, ...]) -> bool:
        """Write ``content`` (text, bytes, or text in parts: a data file's twin script is the
        data file between two short strings, and is never joined as text first)."""
        if isinstance(content, tuple):
            data = b"".join(part.encode("utf-8") for part in content)
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
        key = str(path)
        stamp = (hash(data), len(data))
        if self._written.get(key) == stamp:
            try:
                if path.stat().st_size == len(data):
                    return False
            except OSError:
                pass
        _write_file(key, data)
        self._written[key] = stamp
        return True


def _write_file(path: str, data: bytes) -> None:
    """``path`` holds ``data``, its folder made if need be. Plain ``os`` calls: thousands of paper
    pages each in a folder of its own spend a third less than through ``pathlib`` and ``open``."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
