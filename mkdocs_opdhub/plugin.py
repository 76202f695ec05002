"""The MkDocs adapter: wires MkDocs events to the engine-independent core. No logic lives here."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .formats.escape import theme_text
from .formats.templates import THEME_DIR
from .model.catalog import Catalog
from .model.options import FIELDS, OptionError, Options, check_option, default
from .model.problems import ERROR, WARNING, Problem
from .model.taxonomy import TaxonomyError
from .project import Project, open_project
from .site import assets, bundle, paperpage, privacy, publish
from .site.assemble import assemble
from .site.feeds import insert_head
from .site.pageparts import page_parts
from .site.plan import PlanError, SitePlan

log = get_plugin_logger(__name__)
OFF_NAV_TEMPLATE = "opdhub/off-nav-page.html"  # generated pages not in the nav (value pages)
OWN_SLOT = "<!-- opdhub:own -->"  # where a page's own part goes back into what opdhub_once kept


class _Checked(base.BaseConfigOption):
    """One option of :class:`Options`: its default and its checks come from there, as for the CLI."""

    def __init__(self, name: str):
        super().__init__()
        self.option = name
        self.default = default(name)

    def run_validation(self, value: object, /) -> object:
        try:
            return check_option(self.option, value)
        except OptionError as exc:
            raise base.ValidationError(str(exc)) from None


# The plugin's config schema, derived from the one declaration of the options (model/options.py).
OpdhubConfig: type[base.Config] = type("OpdhubConfig", (base.Config,), {name: _Checked(name) for name in FIELDS})


class OpdhubPlugin(BasePlugin):
    config_class = OpdhubConfig
    config: Any  # an OpdhubConfig: one attribute per field of Options, typed there
    supports_multiple_instances = False

    def on_startup(self, *, command, dirty):
        # Defining on_startup keeps this object across `mkdocs serve` rebuilds: the paper cache lives on.
        self._loader = None  # (taxonomy, PaperLoader): reused while the taxonomy is unchanged
        self._tmp = tempfile.TemporaryDirectory(prefix="opdhub-")
        self._outputs = publish.Outputs()  # generated files as last written: unchanged ones are not rewritten
        # papers.json records of the last build, reused for unchanged papers (`mkdocs serve`)
        self._records: dict | None = {} if command == "serve" else None
        self._cards: dict | None = {} if command == "serve" else None  # listing cards, likewise
        self._paper_pages: dict = {}  # paper page file -> what it showed, and a version (see _paper_stamp)
        self._paper_of: dict = {}  # src_uri of each paper page of this build -> its PaperPage
        self._off_nav: set[str] = set()  # src_uri of the generated pages not in the nav (OFF_NAV_TEMPLATE)
        self._heads: dict = {}  # paper page src_uri -> its <head> additions, from its content to its output
        self._dirty = dirty
        self._related = None  # related papers of the last build: a dirty rebuild refreshes them

    def on_config(self, config):
        if not hasattr(self, "_tmp"):  # driven without on_startup (e.g. by another tool)
            self.on_startup(command="build", dirty=False)
        root = Path(config.config_file_path or ".").parent.resolve()
        options = Options(**{k: self.config[k] for k in FIELDS})  # checked by _Checked
        try:
            self.project: Project = open_project(root, options)
        except TaxonomyError as exc:
            raise PluginError(
                "opdhub: the taxonomy is invalid:\n" + "\n".join(p.format() for p in exc.problems)
            ) from None
        if not self.project.papers_dir.is_dir():
            raise PluginError(
                f"opdhub: papers folder '{options.papers_dir}' not found next to {Path(config.config_file_path).name}"
            )
        if self._loader and self._loader[0] == self.project.taxonomy:
            self.project.loader = self._loader[1]
        result = self.project.load_papers()
        self._loader = (self.project.taxonomy, self.project.loader)
        self._strict = config.strict
        for problem in result.problems:
            self._report(problem)
        if result.problems:  # a summary, not one more problem: strict mode counts errors
            log.info(f"{len(result.problems)} problem(s) in paper files; the papers concerned are left out of the site")
        self.catalog = Catalog(self.project.taxonomy, result.papers)

        config.watch.append(str(self.project.papers_dir))
        if self.project.taxonomy_path:
            config.watch.append(str(self.project.taxonomy_path))
        config.theme.dirs.append(str(THEME_DIR))  # last: a custom_dir or docs/ file overrides ours
        config.site_description = theme_text(config.site_description)  # Material prints it unescaped
        if not self.config.external_requests:
            self._keep_requests_local(config)
        # Our stylesheets and scripts are linked page by page, with what each page shows (on_post_page).
        if privacy.turns_font_off(
            config.theme.name,
            config.theme.get("font"),
            typography=self.config.typography,
            external_requests=self.config.external_requests,
        ):
            config.theme["font"] = False  # Material would load Roboto from a third-party font host
        self._options = options
        return config

    def _keep_requests_local(self, config):
        """No reader's browser calls another host unless the site opts in (see site/privacy.py)."""
        if str(privacy.PRIVACY_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(privacy.PRIVACY_DIR))
        for found in privacy.outside_loads(
            extra_css=config.extra_css,
            extra_javascript=config.extra_javascript,
            theme=dict(config.theme),
            extra=config.extra,
        ):
            log.warning(
                f"{found}: readers' browsers would call another host; remove it, "
                "or set the opdhub option external_requests: true"
            )

    # mkdocs-static-i18n (on_files at -100) re-creates the files under docs/ for each language and
    # drops any other page, ours included: with it, our pages join after it, one set per language.
    @event_priority(50)  # before other plugins look at the files (e.g. to build feeds or tags)
    def _files_first(self, files: Files, *, config):
        return files if _i18n(config) else self._add_pages(files, config)

    @event_priority(-110)
    def _files_after_i18n(self, files: Files, *, config):
        return self._add_pages(files, config) if _i18n(config) else files

    on_files = CombinedEvent(_files_first, _files_after_i18n)

    def _add_pages(self, files: Files, config) -> Files:
        unused = assets.unused(filter=self.config.filter, graph=self.config.graph, typography=self.config.typography)
        for file in [f for f in files if not f.is_documentation_page() and f.src_uri.startswith(tuple(unused))]:
            files.remove(file)  # vendored files no page loads (fonts with the theme's typography, ...)
        # Planned here, not in on_config: a later plugin's on_config may still change use_directory_urls
        # (Material's offline plugin turns it off).
        self.plan = SitePlan.build(
            self.catalog,
            self._options,
            use_directory_urls=config.use_directory_urls,
            template_dirs=config.theme.dirs,
            record_cache=self._records,
            card_cache=self._cards,
        )
        self.renderer = self.plan.renderer
        if self._dirty:
            self.plan.discovery.previous_related = self._related
        self._prefix = _language_prefix(config)
        # with mkdocs-static-i18n, each language's feeds and paper pages name its own addresses
        site_url = config.site_url.rstrip("/") + "/" + self._prefix if config.site_url else None
        self.papers = (
            paperpage.PaperPages(
                self.catalog,
                self.plan.layout,
                self.renderer,
                self.plan.env,
                site_url=site_url,
                relations=self.plan.discovery.relations,
                related=self.plan.discovery.related if self.config.related else None,
                related_shown=self.config.related,
            )
            if self.config.paper_pages
            else None
        )

        # mkdocs-static-i18n names a page without its language (suffix or folder) and publishes all
        # but the default language under <locale>/: compare and list pages by those names.
        def name(f):
            return getattr(f, "norm_src_uri", f.src_uri)

        user_pages = [name(f) for f in files.documentation_pages()]
        taken = {unquote(f.url).removeprefix(self._prefix): name(f) for f in files}
        try:
            assembly = assemble(
                self.plan,
                taken=taken,
                user_pages=user_pages,
                user_nav=config.nav,
                docs=Path(config.docs_dir).name,
                site_url=site_url,
                site_name=config.site_name,
                nav_by_plugin=bool(config.plugins.get("awesome-nav")),
            )
        except PlanError as exc:
            raise PluginError(f"opdhub: {exc}") from None
        for message in assembly.warnings:
            log.warning(message)
        for message in assembly.notes:
            log.info(message)
        self.feeds = assembly.feeds

        def add(src_uri: str, text: str | tuple[str, ...], inclusion=InclusionLevel.UNDEFINED) -> File:
            return self._add_file(files, config, src_uri, text, inclusion)

        for spec in assembly.pages:
            add(spec.src_uri, spec.source(), InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV)
        self._off_nav = {spec.src_uri for spec in assembly.pages if not spec.in_nav}
        for path_in_site, text in assembly.files():
            add(path_in_site, text)
        if assembly.nav is not None:
            config.nav = assembly.nav
        self._paper_of = {}
        if self.papers is not None:
            self._add_paper_pages(files, config, taken)
        return files

    def _add_file(self, files: Files, config, src_uri: str, text: str | tuple[str, ...], inclusion) -> File:
        path = Path(self._tmp.name, self._prefix, src_uri)
        self._outputs.write(path, text)  # an unchanged source keeps its mtime: `serve --dirty` skips it
        file = File.generated(config, src_uri, abs_src_path=str(path), inclusion=inclusion)
        if self._prefix:
            file.dest_uri = self._prefix + file.dest_uri
        files.append(file)
        return file

    def _add_paper_file(self, files: Files, config, src_uri: str, text: str, paper_file: Path) -> File:
        """A paper page's file, held in memory rather than written out and read back (10,000
        files on a large list). Its source path is the paper's own file, which it is made from:
        plugins that look a page's source up (the rss plugin's dates) find a real file."""
        file = File.generated(config, src_uri, content=text, inclusion=InclusionLevel.NOT_IN_NAV)
        file.abs_src_path = str(paper_file)
        if self._prefix:
            file.dest_uri = self._prefix + file.dest_uri
        files.append(file)
        return file

    def _add_paper_pages(self, files: Files, config, taken: dict[str, str]) -> None:
        """A page per paper, not in the nav, whose edit link opens the paper's file."""
        papers = self.papers
        assert papers is not None  # called with paper pages on
        folder = Path(os.path.relpath(self.project.papers_dir, Path(config.docs_dir).resolve())).as_posix()
        nav = repr(config.nav) if self._dirty else ""  # part of every paper page (see _paper_stamp)
        paper_dir = self.project.papers_dir.resolve()
        # Shortest titles first: the search scores alike every title that holds each word of the
        # query, and ties keep the index's order (the pages' order), so the paper whose title *is*
        # the query comes before the longer titles that contain it.
        for page in sorted(papers.pages(), key=lambda p: len(p.paper.title)):
            user_file = taken.get(self.plan.layout.url(page.src_uri))
            if user_file is not None:
                log.warning(
                    f"{Path(config.docs_dir).name}/{user_file} takes the place of the page of paper "
                    f"'{page.paper.id}' ({page.paper.source}); your file is published there"
                )
                continue
            meta = papers.meta(page)
            name = papers.file_name(page.paper)
            if self._dirty:  # a file whose mtime says whether the page changed (see _paper_stamp)
                source = papers.source(page, meta, self._paper_stamp(page, nav))
                file = self._add_file(files, config, page.src_uri, source, InclusionLevel.NOT_IN_NAV)
            else:
                file = self._add_paper_file(files, config, page.src_uri, papers.source(page, meta), paper_dir / name)
            file.edit_uri = f"{folder}/{quote(name)}"
            _PaperPage(None, file, config, meta)  # after the edit link: a page works its edit URL out once
            self._paper_of[page.src_uri] = page

    def _paper_stamp(self, page, nav: str) -> str:
        """A version of the paper page that changes with what it shows besides its paper (its
        neighbours' titles, the nav, the New badge): `serve --dirty` renders only changed files."""
        paper = page.paper
        papers = self.papers
        assert papers is not None
        shown = (self.plan.data_files.record(paper), papers.neighbours(paper), nav, self.renderer.is_new(paper))
        key = self._prefix + page.src_uri
        before = self._paper_pages.get(key)
        if before is None:
            self._paper_pages[key] = (*shown, 0)
        elif before[0] is not shown[0] or before[1:-1] != shown[1:]:
            self._paper_pages[key] = (*shown, before[-1] + 1)
        return f"opdhub:paper {self._paper_pages[key][-1]}"

    def on_env(self, env, *, config, files):
        once: dict = {}  # rendered anew each build (and each language's)

        def opdhub_once(key, render, own=None):
            """What ``render()`` makes, made once per ``key`` (opdhub/off-nav-page.html). ``own``: the
            part of it that is each page's own (its title, its table of contents), kept as a slot that
            each page fills with its own; until a page finds its ``own`` exactly once in what it
            made (nothing else of the page like it), the pages of ``key`` each render anew."""
            kept = once.get(key)
            if kept is not None:
                return Markup(kept if own is None else kept.replace(OWN_SLOT, own))
            made = str(render())
            if own is None:
                once[key] = made
            elif made.count(own) == 1:
                once[key] = made.replace(own, OWN_SLOT)
            return Markup(made)

        env.globals["opdhub_once"] = opdhub_once
        return env

    def on_nav(self, nav, *, config, files):
        # A page renders the nav once per folder (opdhub/off-nav-page.html) only while the nav holds
        # no page inside its own folder, whose links would differ from page to page there.
        nav_urls = [p.url for p in nav.pages]
        for src in list(self._off_nav):
            file = files.get_file_from_path(src)
            if file is None or any(url.startswith(file.url) for url in nav_urls):
                self._off_nav.discard(src)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        if page.file.src_uri in self._off_nav:
            page.meta.setdefault("template", OFF_NAV_TEMPLATE)
        if page.file.src_uri in self._paper_of:
            return ""  # its content comes from opdhub/paper.html (on_page_content)
        if "opdhub" not in markdown:
            return markdown
        source = Path(page.file.abs_src_path or page.file.src_uri)
        display = (
            source.relative_to(self.project.root).as_posix()
            if source.is_relative_to(self.project.root)
            else page.file.src_uri
        )
        url = page.url.removeprefix(getattr(self, "_prefix", ""))  # each language's pages link within it
        expanded, problems = self.renderer.expand(markdown, url, display)
        for problem in problems:
            self._report(problem)
        return expanded

    def _report(self, problem: Problem) -> None:
        """A problem at the level its build treats it as, saying so: strict, an error (which MkDocs
        counts at any log level; -q drops warnings before counting); otherwise a warning."""
        if self._strict:
            log.error(dataclasses.replace(problem, severity=ERROR).format())
        else:
            log.warning(dataclasses.replace(problem, severity=WARNING).format())

    @event_priority(50)  # before other plugins read the page's content (feeds, search, social cards)
    def on_page_content(self, html, *, page, config, files):
        paper_page = self._paper_of.get(page.file.src_uri)
        if paper_page is None:
            return html
        body, head = self.papers.render(
            paper_page, record=self.plan.data_files.record(paper_page.paper), edit_url=page.edit_url
        )
        self._heads[page.file.src_uri] = head
        # Classification, relations, BibTeX and related papers join the page once it is rendered
        # (on_post_page): the search indexes the rest, and MkDocs keeps less of every page until the end.
        searched, more, rest = body.partition(paperpage.MORE)
        return searched + self.renderer.stash(rest) if more else body

    # The listings' HTML goes in here, once the theme has rendered the page, and before other
    # plugins rewrite the page (a minifier would drop the placeholders): MkDocs keeps every
    # page's content until the build ends, so cards put in earlier would all be in memory at once.
    @event_priority(50)
    def on_post_page(self, output, *, page, config):
        output = self.renderer.fill(output)
        paper = page.file.src_uri in self._paper_of
        output, head = page_parts(
            output,
            page_url=page.url,
            src_uri=page.file.src_uri,
            renderer=self.renderer,
            feeds=self.feeds,
            filter=self.config.filter,
            typography=self.config.typography,
            offline=bool(config.plugins.get("material/offline")),  # a site opened from disk
            paper_at=paperpage.ARTICLE if paper else None,
            paper_head=self._heads.pop(page.file.src_uri, ""),  # a paper page's citation meta tags and JSON-LD
            prefix=self._prefix,
        )
        output = assets.search_later(assets.name_dialogs(output))
        return insert_head(output, head)

    # Before mkdocs-static-i18n (-100), which builds the other languages from its on_post_build.
    @event_priority(-90)
    def on_post_build(self, *, config):
        # with mkdocs-static-i18n, each language's listing data goes under its <locale>/
        publish.finish_site(Path(config.site_dir) / self._prefix, self.plan, self._outputs)
        bundle.finish(Path(config.site_dir), self.config.typography)
        if self._dirty and "related" in vars(self.plan.discovery):  # computed this build
            self._related = self.plan.discovery.related

    def on_shutdown(self):
        if hasattr(self, "_tmp"):
            self._tmp.cleanup()


class _PaperPage(Page):
    """A paper's page: its Markdown is front matter only and its content comes from the paper
    templates (on_page_content), so it skips reading its file back and the Markdown processor
    MkDocs sets up for each page (as Material's blog plugin does for its views)."""

    def __init__(self, title, file, config, meta: dict):
        super().__init__(title, file, config)
        self._meta = meta  # the front matter its file holds (PaperPages.meta)

    def read_source(self, config):
        self.markdown, self.meta = "", dict(self._meta)

    def render(self, config, files):
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def _i18n(config):
    return config.plugins.get("i18n")  # mkdocs-static-i18n


def _language_prefix(config) -> str:
    """mkdocs-static-i18n builds the site once per language, each but the default into ``<locale>/``."""
    i18n = _i18n(config)
    current = getattr(i18n, "current_language", None)
    return f"{current}/" if current and current != getattr(i18n, "default_language", None) else ""
