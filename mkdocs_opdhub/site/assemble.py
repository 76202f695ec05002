"""One orchestration for every engine: the generated pages, data files, feeds and nav of a site.

The MkDocs plugin (``plugin._add_pages``) and ``opdhub generate`` (for engines that run no
plugins, such as Zensical) both call :func:`assemble`, then write what it returns their own way:
the plugin as MkDocs files, ``generate`` as a docs folder. A site therefore gets the same pages
and files whichever route builds it. :func:`papers_json` is the data file alone, for
``opdhub export json``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..model.catalog import Catalog
from ..model.options import Options
from .feeds import Feeds
from .layout import script_of
from .plan import PageSpec, SitePlan, nest_paths

Text = str | tuple[str, ...]  # a file's text, or its parts (written one after the other)


@dataclass
class Assembly:
    """What a site publishes besides the user's own files (see :func:`assemble`)."""

    plan: SitePlan
    pages: list[PageSpec]  # the generated pages to publish
    data: bool  # papers.json and its script twin (False when a user's file takes either place)
    outputs: dict[str, Callable[[], Text]]  # other files (graph.json and its script, feeds), made when written
    nav: list | None  # the nav to use; None: the site's own (or the engine's default)
    replaced: dict[str, str]  # generated page -> the user's file published at its URL
    feeds: Feeds | None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth a line at info level

    def files(self) -> Iterator[tuple[str, Text]]:
        """The data files, each made as it is asked for: papers.json is megabytes, and is gone
        before the next file is made."""
        layout = self.plan.layout
        if self.data:
            data = self.plan.data_files.data_json()
            yield layout.data_file, data
            yield layout.data_script, self.plan.data_files.script_parts(data)
            del data
        for path, make in self.outputs.items():
            yield path, make()


def assemble(
    plan: SitePlan,
    *,
    taken: Mapping[str, str],
    user_pages: Sequence[str],
    user_nav: list | None,
    docs: str = "docs",
    site_url: str | None = None,
    site_name: str = "",
    nav_by_plugin: bool = False,
) -> Assembly:
    """The site's generated parts. ``taken`` maps each site-relative URL of a user's file to its
    path in the ``docs`` folder (a user's file there wins); ``user_pages`` are the user's Markdown
    pages in the engine's order, ``user_nav`` the site's own ``nav`` setting (or None);
    ``nav_by_plugin``: another plugin makes the nav from the files (mkdocs-awesome-nav), so none is made here.
    Raises :class:`~.plan.PlanError` when two generated pages would share a path."""
    options = plan.options
    placement = plan.place(taken, options.replace, docs)
    notes = []
    feeds = None
    if options.feeds:
        if site_url:
            feeds = plan.discovery.feeds(site_url=site_url, site_name=site_name)
        else:
            notes.append("no feeds: RSS and JSON Feed need absolute links; set site_url in mkdocs.yml")
    outputs: dict[str, Callable[[], Text]] = {}
    if options.graph:
        graph_json = functools.cache(plan.discovery.graph().json)
        outputs[plan.layout.graph_data] = graph_json
        # its twin script, which the Graph page reads when opened from disk (as papers.js)
        outputs[script_of(plan.layout.graph_data)] = lambda: plan.data_files.script_parts(graph_json())
    if feeds is not None:
        outputs.update({path: functools.partial(str, text) for path, text in feeds.files().items()})
    outputs = {path: make for path, make in outputs.items() if plan.layout.url(path) not in taken}  # a user's file wins
    if plan.layout.graph_data not in outputs:  # a twin of the user's graph.json would not be its twin
        outputs.pop(script_of(plan.layout.graph_data), None)
    if user_nav is not None:
        nav: list | None = plan.expand_nav(user_nav, placement.replaced)  # "- opdhub" stands for the generated sections
    elif options.nav and not nav_by_plugin:
        # Pages that replace generated ones keep the generated pages' places in the nav.
        own = [p for p in user_pages if p not in set(placement.replaced.values())]
        nav = plan.nav(nest_paths(own), placement.replaced)
    else:
        nav = None
    return Assembly(
        plan, placement.pages, placement.data, outputs, nav, placement.replaced, feeds, placement.warnings, notes
    )


def papers_json(catalog: Catalog, options: Options, *, use_directory_urls: bool = True) -> str:
    """The papers.json a site built with these plugin options publishes (page URLs as MkDocs
    makes them with ``use_directory_urls``)."""
    plan = SitePlan.build(catalog, options, use_directory_urls=use_directory_urls)
    return plan.data_files.data_json()
