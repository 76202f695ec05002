"""The MkDocs adapter: wires MkDocs events to the engine-independent core. No logic lives here."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import unquote

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .model.taxonomy import TaxonomyError
from .project import Options, Project, open_project
from .site import assets, bundle, paperpage, publish
from .site.catalog import Catalog
from .site.layout import root_prefix
from .site import privacy
from .site.escape import theme_text
from .site.feeds import insert_head
from .site.plan import PlanError, SitePlan, nest_paths
from .site.render import THEME_DIR

log = get_plugin_logger(__name__)


class OpdhubConfig(base.Config):
    papers_dir = c.Type(str, default=Options.papers_dir)
    taxonomy = c.Type((str, dict), default=Options.taxonomy)
    schema_file = c.Type((str, type(None)), default=Options.schema_file)  # read by the opdhub CLI (null: none)
    all_papers_page = c.Type(str, default=Options.all_papers_page)
    papers_json = c.Type(str, default=Options.papers_json)
    home = c.Type(bool, default=Options.home)
    nav = c.Type(bool, default=Options.nav)
    recent = c.Type(int, default=Options.recent)
    authors_shown = c.Type(int, default=Options.authors_shown)
    filter = c.Type(bool, default=Options.filter)
    apis = c.Optional(c.Type(dict))  # read by 'opdhub enrich' and 'opdhub scout' only
    new_days = c.Type(int, default=Options.new_days)
    feeds = c.Type(bool, default=Options.feeds)
    feed_items = c.Type(int, default=Options.feed_items)
    graph = c.Type(bool, default=Options.graph)
    trends = c.Type(bool, default=Options.trends)
    related = c.Type(int, default=Options.related)
    typography = c.Choice(assets.TYPOGRAPHY, default=Options.typography)
    paper_pages = c.Type(bool, default=Options.paper_pages)
    external_requests = c.Type(bool, default=Options.external_requests)
    replace = c.ListOfItems(c.Type(str), default=[])  # generated paths a docs/ file replaces on purpose


class OpdhubPlugin(BasePlugin[OpdhubConfig]):
    supports_multiple_instances = False

    def on_startup(self, *, command, dirty):
        # Defining on_startup keeps this object across `mkdocs serve` rebuilds: the paper cache lives on.
        self._loader = None  # (taxonomy, PaperLoader): reused while the taxonomy is unchanged
        self._tmp = tempfile.TemporaryDirectory(prefix="opdhub-")
        self._outputs = publish.Outputs()  # generated files as last written: unchanged ones are not rewritten
        # papers.json records of the last build, reused for unchanged papers (`mkdocs serve`)
        self._records: dict | None = {} if command == "serve" else None
        self._cards: dict | None = {} if command == "serve" else None  # listing cards, likewise
        self._paper_pages: dict = {}  # paper page file -> what it was made from (see publish.finish_site)
        self._dirty = dirty
        self._shell = None  # the paper shell as last rendered: a dirty rebuild that skips it keeps it
        self._related = None  # related papers of the last build: a dirty rebuild refreshes them

    def on_config(self, config):
        if not hasattr(self, "_tmp"):  # driven without on_startup (e.g. by another tool)
            self.on_startup(command="build", dirty=False)
        for name in ("recent", "authors_shown", "new_days", "feed_items", "related"):
            if self.config[name] < 0:
                raise PluginError(f"opdhub: the option '{name}' must be 0 or more, not {self.config[name]}")
        root = Path(config.config_file_path or ".").parent.resolve()
        options = Options(**{k: self.config[k] for k in Options.__dataclass_fields__ if k in self.config})
        try:
            self.project: Project = open_project(root, options)
        except TaxonomyError as exc:
            raise PluginError("opdhub: the taxonomy is invalid:\n" + "\n".join(p.format() for p in exc.problems)) from None
        if not self.project.papers_dir.is_dir():
            raise PluginError(f"opdhub: papers folder '{options.papers_dir}' not found next to {Path(config.config_file_path).name}")
        if self._loader and self._loader[0] == self.project.taxonomy:
            self.project.loader = self._loader[1]
        result = self.project.load_papers()
        self._loader = (self.project.taxonomy, self.project.loader)
        # Strict: errors, which MkDocs counts at any log level (-q drops warnings before counting).
        self._report = log.error if config.strict else log.warning
        for problem in result.problems:
            self._report(problem.format())
        if result.problems:
            self._report(f"{len(result.problems)} problem(s) in paper files; the papers concerned are left out of the site")
        self.catalog = Catalog(self.project.taxonomy, result.papers)

        config.watch.append(str(self.project.papers_dir))
        if self.project.taxonomy_path:
            config.watch.append(str(self.project.taxonomy_path))
        config.theme.dirs.append(str(THEME_DIR))  # last: a custom_dir or docs/ file overrides ours
        config.site_description = theme_text(config.site_description)  # Material prints it unescaped
        if not self.config.external_requests:
            self._keep_requests_local(config)
        # Our stylesheets and scripts are linked page by page, with what each page shows (on_post_page).
        if self.config.typography == "academic" and config.theme.name == "material":
            config.theme["font"] = False  # Material would load Roboto from a third-party font host
        self._options = options
        return config

    def _keep_requests_local(self, config):
        """No reader's browser calls another host unless the site opts in (see site/privacy.py)."""
        if privacy.calls_out_font(config.theme.name, config.theme.get("font")):
            config.theme["font"] = False
        if str(privacy.PRIVACY_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(privacy.PRIVACY_DIR))
        for found in privacy.outside_loads(extra_css=config.extra_css, extra_javascript=config.extra_javascript,
                                           theme=dict(config.theme), extra=config.extra):
            log.warning(f"opdhub: {found}: readers' browsers would call another host; remove it, "
                        "or set the opdhub option external_requests: true")

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
        self.plan = SitePlan.build(self.catalog, self._options, use_directory_urls=config.use_directory_urls,
                                   template_dirs=config.theme.dirs, record_cache=self._records, card_cache=self._cards)
        self.renderer = self.plan.renderer
        if self._dirty:
            self.plan.previous_related = self._related
        self.feeds = None
        if self.config.feeds:
            if config.site_url:
                self.feeds = self.plan.feeds(site_url=config.site_url, site_name=config.site_name)
            else:
                log.info("opdhub: no feeds: RSS and JSON Feed need absolute links; set site_url in mkdocs.yml")
        self.papers = paperpage.PaperPages(
            self.catalog, self.plan.layout, self.renderer, self.plan.env, site_url=config.site_url,
            relations=self.plan.relations, related=self.plan.related if self.config.related else None,
            related_shown=self.config.related) if self.config.paper_pages else None
        if not self._dirty:  # a dirty rebuild that skips the shell page keeps the last one
            self._shell = None
        self._prefix = _language_prefix(config)
        # mkdocs-static-i18n names a page without its language (suffix or folder) and publishes all
        # but the default language under <locale>/: compare and list pages by those names.
        def name(f):
            return getattr(f, "norm_src_uri", f.src_uri)
        user_pages = [name(f) for f in files.documentation_pages()]
        taken = {unquote(f.url).removeprefix(self._prefix): name(f) for f in files}
        try:
            placement = self.plan.place(taken, self.config.replace, Path(config.docs_dir).name)
        except PlanError as exc:
            raise PluginError(f"opdhub: {exc}") from None
        for message in placement.warnings:
            log.warning(message)
        replaced = placement.replaced

        def add(src_uri: str, text: str | tuple[str, ...], inclusion=InclusionLevel.UNDEFINED) -> File:
            path = Path(self._tmp.name, self._prefix, src_uri)
            self._outputs.write(path, text)  # an unchanged source keeps its mtime: `serve --dirty` skips it
            file = File.generated(config, src_uri, abs_src_path=str(path), inclusion=inclusion)
            if self._prefix:
                file.dest_uri = self._prefix + file.dest_uri
            files.append(file)
            return file

        for spec in placement.pages:
            file = add(spec.src_uri, spec.source(), InclusionLevel.UNDEFINED if spec.in_nav else InclusionLevel.NOT_IN_NAV)
            if spec.kind == "paper-shell":  # its edit link opens a paper file (the slot is filled per paper)
                papers = Path(os.path.relpath(self.project.papers_dir, Path(config.docs_dir).resolve())).as_posix()
                file.edit_uri = f"{papers}/{paperpage.FILE_SLOT}"
        if placement.data:
            data = self.plan.data_json()
            add(self.plan.layout.data_file, data)
            add(self.plan.layout.data_script, self.plan.script_parts(data))
            del data  # megabytes: gone before the pages are made
        outputs = {}
        if self.config.graph:
            outputs[self.plan.layout.graph_data] = self.plan.graph().json
        if self.feeds is not None:
            outputs.update({path: (lambda text=text: text) for path, text in self.feeds.files().items()})
        for path_in_site, make in outputs.items():
            if files.get_file_from_path(path_in_site) is None:  # a real file in docs/ replaces ours
                add(path_in_site, make())
        if config.nav is not None:
            config.nav = self.plan.expand_nav(config.nav, replaced)  # an "opdhub" entry stands for the generated sections
        elif self.config.nav:
            # Pages that replace generated ones keep the generated pages' places in the nav.
            own = [p for p in user_pages if p not in set(replaced.values())]
            config.nav = self.plan.nav(nest_paths(own), replaced)
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        if "opdhub" not in markdown:
            return markdown
        source = Path(page.file.abs_src_path or page.file.src_uri)
        display = source.relative_to(self.project.root).as_posix() if source.is_relative_to(self.project.root) else page.file.src_uri
        url = page.url.removeprefix(getattr(self, "_prefix", ""))  # each language's pages link within it
        expanded, problems = self.renderer.expand(markdown, url, display)
        for problem in problems:
            self._report(problem.format())
        return expanded

    # The listings' HTML goes in here, once the theme has rendered the page, and before other
    # plugins rewrite the page (a minifier would drop the placeholders): MkDocs keeps every
    # page's content until the build ends, so cards put in earlier would all be in memory at once.
    @event_priority(50)
    def on_post_page(self, output, *, page, config):
        output = self.renderer.fill(output)
        root = root_prefix(page.url)
        shell = self.papers is not None and page.file.src_uri == self.plan.layout.paper_shell
        # A site opened from disk (Material's offline plugin) gets classic scripts: browsers refuse modules there.
        modules = not config.plugins.get("material/offline")
        output, features = assets.insert_features(output, root, extra={"paper"} if shell else set(),
                                                  at=paperpage.BODY_SLOT if shell else None, modules=modules,
                                                  filter=self.config.filter)
        output = assets.name_dialogs(output)
        head = assets.head_links(root, typography=self.config.typography) + assets.script_tags(root, features, modules=modules)
        if not config.plugins.get("material/offline"):  # a site opened from disk loads the data's twin script instead
            head += self.renderer.store_preload(page.url.removeprefix(self._prefix))
        if self.feeds is not None:
            head += self.feeds.head_links(page.file.src_uri, page.url)
        output = insert_head(output, head)
        if self.papers is not None and page.file.src_uri == self.plan.layout.paper_shell:
            self._shell = publish.ShellPage(output, page.url.removeprefix(self._prefix), page.edit_url)
        return output

    # After the search plugin has written its index; before mkdocs-static-i18n (-100), which builds
    # the other languages from its on_post_build, and Material's offline plugin (-100), which
    # inlines the search index.
    @event_priority(-90)
    def on_post_build(self, *, config):
        try:
            # with mkdocs-static-i18n, each language's data files and paper pages go under its <locale>/
            publish.finish_site(Path(config.site_dir) / self._prefix, self.plan, self.papers, self._shell, self._outputs,
                                config.site_url, made=self._paper_pages, keep_shell=self._dirty)
        except ValueError as exc:
            raise PluginError(f"opdhub: {exc}") from None
        bundle.finish(Path(config.site_dir), self.config.typography)
        if self._dirty and "related" in vars(self.plan):  # computed this build
            self._related = self.plan.related

    def on_shutdown(self):
        if hasattr(self, "_tmp"):
            self._tmp.cleanup()


def _i18n(config):
    return config.plugins.get("i18n")  # mkdocs-static-i18n


def _language_prefix(config) -> str:
    """mkdocs-static-i18n builds the site once per language, each but the default into ``<locale>/``."""
    i18n = _i18n(config)
    current = getattr(i18n, "current_language", None)
    return f"{current}/" if current and current != getattr(i18n, "default_language", None) else ""
