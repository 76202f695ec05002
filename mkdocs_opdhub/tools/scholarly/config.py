"""Where the APIs are and how to be polite to them: defaults, then the site's ``apis`` option
(in ``mkdocs.yml`` under the opdhub plugin), then environment variables (mirrors, tests)."""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ... import __version__
from .. import safehttp
from .http import Cache, Client, Clock

DEFAULTS = {
    "arxiv": "https://export.arxiv.org/api/query",
    "crossref": "https://api.crossref.org",
    "openalex": "https://api.openalex.org",
    "s2": "https://api.semanticscholar.org/graph/v1",
}
ENV = {
    "arxiv": "OPDHUB_ARXIV_API",
    "crossref": "OPDHUB_CROSSREF_API",
    "openalex": "OPDHUB_OPENALEX_API",
    "s2": "OPDHUB_S2_API",
}
# Seconds between two requests to one host: arXiv asks for three; the others allow more.
INTERVALS = {"arxiv": 3.0, "crossref": 0.2, "openalex": 0.2, "s2": 1.0}
OPTION_KEYS = ("arxiv", "crossref", "openalex", "s2", "mailto", "user_agent", "cache_dir", "cache_days", "graph")


class ConfigError(Exception):
    pass


@dataclass
class ApiConfig:
    arxiv: str
    crossref: str
    openalex: str
    s2: str
    mailto: str | None
    user_agent: str
    cache_dir: Path
    cache_days: float = 7.0
    graph: str = "openalex"  # where references and published versions come from: openalex | s2
    s2_key: str | None = None  # OPDHUB_S2_API_KEY: Semantic Scholar's optional key (higher rate limits); never in files
    allow: tuple = ()  # OPDHUB_ALLOW_ADDRESSES: non-public networks a test server or local mirror is on

    def client(self, clock: Clock | None = None, refresh: bool = False, cache: bool = True) -> Client:
        intervals = {urllib.parse.urlsplit(getattr(self, name)).netloc: seconds for name, seconds in INTERVALS.items()}
        # Two APIs behind one host (a test server, a mirror) share the strictest interval.
        for name, seconds in INTERVALS.items():
            host = urllib.parse.urlsplit(getattr(self, name)).netloc
            intervals[host] = max(intervals[host], seconds)
        headers = {urllib.parse.urlsplit(self.s2).netloc: {"x-api-key": self.s2_key}} if self.s2_key else {}
        # A redirect may only lead to the API's own host or another documented API host.
        hosts = frozenset(
            urllib.parse.urlsplit(url).netloc.lower()
            for url in [getattr(self, name) for name in DEFAULTS] + list(DEFAULTS.values())
        )
        return Client(
            user_agent=self.user_agent,
            clock=clock or Clock(),
            intervals=intervals,
            headers=headers,
            cache=Cache(self.cache_dir, self.cache_days, refresh) if cache else None,
            redirect_hosts=hosts,
            allow=self.allow,
        )


def api_config(options: dict | None, root: Path, environ: dict | None = None) -> ApiConfig:
    """The configuration for a project at ``root``; raise ConfigError on a bad option."""
    env = os.environ if environ is None else environ
    options = dict(options or {})
    unknown = sorted(set(options) - set(OPTION_KEYS))
    if unknown:
        raise ConfigError(f"unknown 'apis' option(s) {', '.join(unknown)}; known: {', '.join(OPTION_KEYS)}")
    urls = {}
    for name, default in DEFAULTS.items():
        url = env.get(ENV[name]) or options.get(name) or default
        if not isinstance(url, str) or urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ConfigError(f"the {name} API address must be an http(s) URL, not {url!r}")
        urls[name] = url.rstrip("/")
    mailto = env.get("OPDHUB_MAILTO") or options.get("mailto")
    agent = options.get("user_agent") or f"mkdocs-opdhub/{__version__}"
    if mailto:
        agent += f" (mailto:{mailto})"  # the "polite pool" convention of Crossref and OpenAlex
    cache_dir = Path(env.get("OPDHUB_CACHE_DIR") or options.get("cache_dir") or ".cache/opdhub")
    graph = options.get("graph", "openalex")
    if graph not in ("openalex", "s2"):
        raise ConfigError(f"apis: graph must be 'openalex' or 's2', not {graph!r}")
    return ApiConfig(
        **urls,
        mailto=mailto,
        user_agent=agent,
        cache_dir=cache_dir if cache_dir.is_absolute() else root / cache_dir,
        cache_days=float(options.get("cache_days", 7)),
        graph=graph,
        s2_key=env.get("OPDHUB_S2_API_KEY"),
        allow=safehttp.allowed_networks(env),
    )
