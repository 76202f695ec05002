"""What kind of entry a README line is (paper, code, video…), from its links and its headings.

A paper is recognised by its arXiv id or DOI; a repository, a video or a dataset by where its
own link points (GitHub, YouTube, a Hugging Face dataset); otherwise the nearest heading that
names a kind ("Videos", "Datasets", "Blog posts") decides, and everything else is a paper.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .entries import Heading, is_code_url

RESOURCE = "resource"  # a link that is no publication and no known kind: imported sites declare it
# where papers are published: an entry linking there is a paper, with or without a year
PAPER_HOSTS = (
    "arxiv.org",
    "doi.org",
    "aclanthology.org",
    "aclweb.org",
    "openreview.net",
    "papers.nips.cc",
    "proceedings.neurips.cc",
    "proceedings.mlr.press",
    "jmlr.org",
    "ieeexplore.ieee.org",
    "dl.acm.org",
    "link.springer.com",
    "semanticscholar.org",
    "sciencedirect.com",
    "openaccess.thecvf.com",
    "ojs.aaai.org",
    "ijcai.org",
    "nature.com",
    "science.org",
    "biorxiv.org",
    "medrxiv.org",
    "ssrn.com",
    "researchgate.net",
    "pubmed.ncbi.nlm.nih.gov",
    "aclanthology.info",
    "papers.ssrn.com",
)
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "slideslive.com", "videolectures.net")
BLOG_HOSTS = ("medium.com", "substack.com", "wordpress.com", "blogspot.com", "ghost.io", "hashnode.dev", "dev.to")

# Words of a heading -> the kind of the entries below it (first match wins, deepest heading first).
HEADING_WORDS = (
    (re.compile(r"\b(videos?|talks?|lectures?|keynotes?|webinars?|podcasts?|recordings?)\b", re.I), "video"),
    (re.compile(r"\b(blogs?|blog posts?|posts|articles|newsletters?)\b", re.I), "blog"),
    (re.compile(r"\b(books?|textbooks?)\b", re.I), "book"),
    (re.compile(r"\b(courses?|tutorials?|lecture notes)\b", re.I), "course"),
    (re.compile(r"\b(benchmarks?|leaderboards?)\b", re.I), "benchmark"),
    (re.compile(r"\b(datasets?|data sets?|corpora)\b", re.I), "dataset"),
    (
        re.compile(
            r"\b(tools?|toolkits?|frameworks?|librar(y|ies)|software|packages?|open[- ]source|codebases?|"
            r"repositories|repos)\b",
            re.I,
        ),
        "tool",
    ),
    (re.compile(r"^(models?|checkpoints?|model weights|pretrained models|open models)$", re.I), "model"),
)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")


def kind_of_url(url: str | None) -> str | None:
    """The kind a link says by itself, or None (a paper's page says nothing)."""
    if not url:
        return None
    host, path = _host(url), urlsplit(url).path.lower()
    if any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS):
        return "video"
    if host == "huggingface.co":
        segments = [s for s in path.split("/") if s]
        if segments[:1] == ["datasets"]:
            return "dataset"
        if len(segments) == 2 and segments[0] not in ("papers", "spaces", "blog", "docs", "learn"):
            return "model"
        if segments[:1] == ["blog"]:
            return "blog"
        return None
    if is_code_url(url):
        return "code"
    if {"datasets", "dataset"} & set(path.split("/")):
        return "dataset"
    if (
        any(host == h or host.endswith("." + h) for h in BLOG_HOSTS)
        or host.startswith("blog.")
        or "/blog/" in path + "/"
    ):
        return "blog"
    return None


def is_paper_url(url: str | None) -> bool:
    host = _host(url or "")
    path = urlsplit(url or "").path.lower()
    return any(host == h or host.endswith("." + h) for h in PAPER_HOSTS) or path.endswith(".pdf")


def kind_of_headings(headings: tuple[Heading, ...]) -> str | None:
    for heading in reversed(headings):
        for pattern, kind in HEADING_WORDS:
            if pattern.search(heading.title.strip()):
                return kind
    return None


def guess_kind(url: str | None, scholarly: bool, headings: tuple[Heading, ...]) -> str:
    """``scholarly``: the entry has its own arXiv id or DOI (then it is a paper, or a book)."""
    by_heading = kind_of_headings(headings)
    if scholarly:
        return by_heading if by_heading in ("book", "video") else "paper"
    by_url = kind_of_url(url)
    if by_url == "code" and by_heading in ("dataset", "benchmark", "model", "tool"):
        return by_heading if by_heading != "tool" else "code"
    return by_url or by_heading or "paper"
