"""``opdhub generate``: the site as plain files, for engines that do not run MkDocs plugins.

Zensical (Material's successor) and a plugin-less MkDocs 2 read an ``mkdocs.yml`` and a docs
folder but never call our plugin. This writes, from the same :class:`SitePlan` the plugin uses:

- ``<out>/``: a docs folder holding a copy of the site's own ``docs/`` (their listing directives
  expanded), the generated pages and paper pages (listings already rendered to HTML), the data
  files, the feeds and our assets as the plugin publishes them (:func:`.bundle.served`). Each page
  carries what the plugin adds to it (:func:`.pageparts.page_parts`): its features' tags in its
  Markdown, and what its head gets in its front matter (``opdhub_head``), which the theme
  override in ``<out>/.opdhub-theme/`` prints (the site's own ``custom_dir`` copied in, its
  ``main.html`` extended);
- a config next to the site's (``mkdocs.generated.yml`` by default): the site's config with
  ``docs_dir`` pointing at ``<out>``, ``custom_dir`` at that override, the nav expanded and our
  plugin left out, so the engine has nothing to do but render.

Nothing the user wrote is overwritten: ``<out>`` must be new or hold our manifest (a list of the
files we wrote, of which only those are ever replaced or removed), and the config is only
rewritten when it carries our header. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..formats.escape import yaml_string
from ..formats.templates import THEME_DIR
from ..model.catalog import Catalog
from ..model.options import Options
from ..model.problems import Problem
from ..project import Project
from ..site import assets, bundle, paperpage, privacy
from ..site.assemble import assemble
from ..site.layout import script_of
from ..site.pageparts import page_parts
from ..site.paperpage import PaperPages
from ..site.plan import PageSpec, PlanError, SitePlan
from .safefs import write_file

MANIFEST = ".opdhub-generated"
THEME_FOLDER = ".opdhub-theme"  # in the docs folder written: engines publish no hidden folder
SITE_MAIN = "opdhub-site-main.html"  # the site's own main.html, which ours extends
HEAD_KEY = "opdhub_head"  # the front matter key of what a page's head gets
HEADER = "# Written by 'opdhub generate' from {source}: edit {source} and run 'opdhub generate' again.\n"


class GenerateError(Exception):
    """A place we must not write to, or a config we cannot read."""


# -- the site's config, tags kept -------------------------------------------------------------------
class Tagged:
    """A value written with a YAML tag (``!ENV [...]``, ``!!python/name:...``), kept as written."""

    def __init__(self, tag: str, value: Any):
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]  # the one node type left
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value, flow_style=True)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Dumper.add_representer(Tagged, _represent_tagged)


def read_config(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GenerateError(f"{path.name}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise GenerateError(f"{path.name}: not a mapping of settings")
    return data


def _plain(value: Any, default: Any) -> Any:
    return default if value is None or isinstance(value, Tagged) else value


def _setting(value: Any) -> Any:
    """A setting as MkDocs reads it: ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]`` from the
    environment (the last item of a list is the default); other tags as if unset."""
    if not isinstance(value, Tagged):
        return value
    if value.tag != "!ENV":
        return None
    names = value.value if isinstance(value.value, list) else [value.value]
    for name in names[:-1] if len(names) > 1 else names:
        if isinstance(name, str) and os.environ.get(name):
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


# -- the generated tree -----------------------------------------------------------------------------
@dataclass
class Outcome:
    out: Path
    config: Path
    written: list[str] = field(default_factory=list)  # files in <out> whose content changed
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)  # files of an earlier run no longer generated
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def user_files(docs: Path) -> list[str]:
    """The docs folder's files as MkDocs sees them: hidden files and folders left out; index pages
    first in their folder, as MkDocs orders them (the nav follows this order)."""
    found = []
    for folder, dirs, names in os.walk(docs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if not name.startswith("."):
                found.append((Path(folder) / name).relative_to(docs).as_posix())

    def key(path: str):
        parts = path.split("/")
        name = parts[-1]
        return parts[:-1], name not in ("index.md", "README.md"), name

    return sorted(found, key=key)


def _check_places(root: Path, docs: Path, out: Path, config_out: Path, source: Path) -> None:
    out, docs, root = out.resolve(), docs.resolve(), root.resolve()
    if not out.is_relative_to(root) or out == root:
        raise GenerateError(
            f"--out {out}: must be a folder inside {root.name}/ (engines want the docs inside the project)"
        )
    if out == docs or out.is_relative_to(docs) or docs.is_relative_to(out):
        raise GenerateError(
            f"--out {out.relative_to(root)}: must not be {docs.name}/, inside it or around it "
            "(your pages are copied from there)"
        )
    if out.exists() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise GenerateError(
            f"{out.relative_to(root)}/ holds files that 'opdhub generate' did not write; "
            "choose another --out, or empty it"
        )
    if config_out.resolve() == source.resolve():
        raise GenerateError(f"--config-out {config_out.name}: that is the site's own config")
    if config_out.exists() and not config_out.read_text("utf-8", errors="replace").startswith(
        "# Written by 'opdhub generate'"
    ):
        raise GenerateError(
            f"{config_out.name} exists and was not written by 'opdhub generate'; choose another --config-out"
        )


def generate(project: Project, config_path: Path, out: Path, config_out: Path) -> Outcome:
    config_path = config_path.resolve()
    root = config_path.parent
    config = read_config(config_path)
    docs = root / _plain(config.get("docs_dir"), "docs")
    if not docs.is_dir():
        raise GenerateError(f"docs folder '{docs.name}' not found next to {config_path.name}")
    out = out if out.is_absolute() else root / out
    config_out = config_out if config_out.is_absolute() else root / config_out
    _check_places(root, docs, out, config_out, config_path)
    outcome = Outcome(out, config_out)

    result = project.load_papers()
    outcome.problems.extend(result.problems)
    theme = _plain(config.get("theme"), {})
    custom_dir = _plain(theme.get("custom_dir"), None) if isinstance(theme, dict) else None
    template_dirs = [str(root / custom_dir)] if custom_dir else []
    offline = _offline(config)
    plan = SitePlan.build(
        Catalog(project.taxonomy, result.papers),
        project.options,
        # the offline plugin turns directory URLs off, in Zensical as in Material
        use_directory_urls=not offline and bool(_plain(config.get("use_directory_urls"), True)),
        template_dirs=[*template_dirs, str(THEME_DIR)],
    )
    layout, renderer = plan.layout, plan.renderer
    mine = user_files(docs)
    taken = {layout.url(p): p for p in mine}
    user_nav = config.get("nav")
    try:
        assembly = assemble(
            plan,
            taken=taken,
            user_pages=[p for p in mine if p.endswith(".md")],
            user_nav=None if user_nav is None else _plain(user_nav, []),
            docs=docs.name,
            site_url=_setting(config.get("site_url")),
            site_name=str(_setting(config.get("site_name")) or ""),
        )
    except PlanError as exc:
        raise GenerateError(str(exc)) from None
    outcome.warnings.extend(assembly.warnings)
    options = project.options

    def finish(text: str, src_uri: str, paper_at: str | None = None, paper_head: str = "") -> bytes:
        """A page's Markdown with its features' assets before them and, in its front matter, what
        its head gets (the theme override of :func:`_theme_files` prints it)."""
        text, head = page_parts(
            text,
            page_url=layout.url(src_uri),
            src_uri=src_uri,
            renderer=renderer,
            feeds=assembly.feeds,
            filter=options.filter,
            typography=options.typography,
            offline=offline,
            paper_at=paper_at,
            paper_head=paper_head,
            markdown=True,
        )
        return with_head(text, head).encode("utf-8")

    # Card links are written relative to each page's source file: Zensical rewrites relative links
    # in HTML as it does Markdown links (the data address, an attribute, it leaves alone).
    files: dict[str, bytes] = {}
    display_docs = os.path.relpath(docs, Path.cwd()) if docs.is_relative_to(Path.cwd()) else str(docs)
    for rel in mine:
        data = (docs / rel).read_bytes()
        if not rel.endswith(".md"):
            files[rel] = data
            continue
        try:
            text = data.decode("utf-8-sig")  # as MkDocs reads pages; the front matter must come first
        except UnicodeDecodeError as exc:
            raise GenerateError(f"{display_docs}/{rel}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
        if "opdhub" in text:
            text, problems = renderer.expand(
                text, layout.url(rel), f"{display_docs}/{rel}", stash=False, links_from=rel
            )
            outcome.problems.extend(problems)
            text = renderer.fill(text, inline=True)
        files[rel] = finish(text, rel)
    for spec in assembly.pages:
        text, problems = renderer.expand(
            spec.source(), layout.url(spec.src_uri), spec.src_uri, stash=False, links_from=spec.src_uri
        )
        outcome.problems.extend(problems)
        files[spec.src_uri] = finish(renderer.fill(text, inline=True), spec.src_uri)
    if options.paper_pages:
        site_url = _setting(config.get("site_url"))
        papers = PaperPages(
            plan.catalog,
            layout,
            renderer,
            plan.env,
            site_url=site_url,
            relations=plan.discovery.relations,
            related=plan.discovery.related if options.related else None,
            related_shown=options.related,
        )
        for page in papers.pages():
            if layout.url(page.src_uri) in taken:
                outcome.warnings.append(
                    f"{docs.name}/{taken[layout.url(page.src_uri)]} takes the place of the page of "
                    f"paper '{page.paper.id}' ({page.src_uri}); your file is published there"
                )
                continue
            body, head = papers.render(page, links_from=page.src_uri)
            source = PageSpec(page.src_uri, page.paper.title, body + "\n", "paper", in_nav=False).source()
            files[page.src_uri] = finish(source, page.src_uri, paper_at=paperpage.ARTICLE, paper_head=head)
    for path, made in assembly.files():  # papers.json and its script, graph.json, the feeds
        files[path] = "".join(made).encode("utf-8")
    if renderer.uses_store:  # the listings' data file, as the plugin writes it
        data_json = plan.data_files.store_json()
        files[layout.listing_store] = data_json.encode("utf-8")
        files[script_of(layout.listing_store)] = plan.data_files.data_script(data_json).encode("utf-8")
    # Our assets as the plugin publishes them (minified, the base stylesheet made, what no page
    # loads left out); a file of the same name in docs/ replaces ours, as with the plugin.
    leave_out = assets.unused(filter=options.filter, graph=options.graph, typography=options.typography)
    files.update(bundle.served(options.typography, leave_out, own=files))
    files.update(_theme_files(root, custom_dir, external_requests=options.external_requests))

    _write_tree(out, files, outcome)

    engine_config = _engine_config(config, assembly.nav, os.path.relpath(out, root), options)
    text = HEADER.format(source=config_path.name) + yaml.dump(
        engine_config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    if not config_out.exists() or config_out.read_text("utf-8") != text:
        write_file(config_out, text, within=config_out.parent)
    return outcome


def _engine_config(config: dict, nav: list | None, docs_dir: str, options: Options) -> dict:
    """The site's settings for an engine without our plugin (whose work is done); its theme's
    templates come from our override folder (:func:`_theme_files`), which holds the site's own,
    and its font is off where the plugin turns it off."""
    engine = dict(config)
    engine["docs_dir"] = Path(docs_dir).as_posix()
    if nav is not None:
        engine["nav"] = nav
    plugins = config.get("plugins")
    if isinstance(plugins, list):
        engine["plugins"] = [p for p in plugins if p != "opdhub" and not (isinstance(p, dict) and "opdhub" in p)]
    elif isinstance(plugins, dict):
        engine["plugins"] = {k: v for k, v in plugins.items() if k != "opdhub"}
    theme = config.get("theme")
    if isinstance(theme, (str, dict)) or theme is None:
        theme = {"name": theme} if isinstance(theme, str) else dict(theme or {})
        engine["theme"] = {**theme, "custom_dir": (Path(docs_dir) / THEME_FOLDER).as_posix()}
        if privacy.turns_font_off(
            _plain(theme.get("name"), "material"),
            _plain(theme.get("font"), None),
            typography=options.typography,
            external_requests=options.external_requests,
        ):
            engine["theme"]["font"] = False
    return engine


def _offline(config: dict) -> bool:
    """Whether the site has Material's (or Zensical's) offline plugin on."""
    plugins = _plain(config.get("plugins"), [])
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    else:
        entries = [
            (p, None) if isinstance(p, str) else next(iter(p.items()))
            for p in plugins
            if isinstance(p, str) or (isinstance(p, dict) and p)
        ]
    for name, settings in entries:
        if name in ("offline", "material/offline"):
            return not (isinstance(settings, dict) and settings.get("enabled") is False)
    return False


def with_head(markdown: str, head: str) -> str:
    """``markdown`` with ``head`` in its front matter (``opdhub_head``), which the theme override
    prints into the page's head; a page without front matter gets some."""
    line = f"{HEAD_KEY}: {yaml_string(head)}\n"
    match = re.match(r"---[ \t]*\r?\n", markdown)
    if match and re.search(r"^(?:---|\.\.\.)[ \t]*\r?$", markdown[match.end() :], re.M):
        return markdown[: match.end()] + line + markdown[match.end() :]
    return f"---\n{line}---\n\n{markdown}"


MAIN = """{{#- Written by 'opdhub generate': each page's head gets what the opdhub plugin would add
    there (stylesheets, scripts, feed links, a paper's citation tags), from the page's front matter. -#}}
{{% extends "{parent}" %}}
{{% block extrahead %}}{{{{ super() }}}}{{% if page and page.meta and page.meta.{key} %}}{{{{ page.meta.{key} | safe }}}}{{% endif %}}{{% endblock %}}
"""


def _theme_files(root: Path, custom_dir: str | None, *, external_requests: bool) -> dict[str, bytes]:
    """The theme override the engine's config names (``custom_dir``): the site's own override
    folder copied, its ``main.html`` renamed so that ours extends it, and our ``main.html``;
    unless the site allows external requests, the plugin's privacy partials where the site has
    none of its own (Zensical's header asks the forge's API for the repository's facts too)."""
    out = {}
    parent = "base.html"
    if custom_dir and (root / custom_dir).is_dir():
        own = root / custom_dir
        for path in sorted(own.rglob("*")):
            if path.is_file():
                rel = path.relative_to(own).as_posix()
                if rel == "main.html":
                    rel = parent = SITE_MAIN
                out[f"{THEME_FOLDER}/{rel}"] = path.read_bytes()
    out[f"{THEME_FOLDER}/main.html"] = MAIN.format(parent=parent, key=HEAD_KEY).encode("utf-8")
    if not external_requests:
        for path in sorted(privacy.PRIVACY_DIR.rglob("*.html")):
            out.setdefault(f"{THEME_FOLDER}/{path.relative_to(privacy.PRIVACY_DIR).as_posix()}", path.read_bytes())
    return out


def _write_tree(out: Path, files: dict[str, bytes], outcome: Outcome) -> None:
    """Write ``files`` under ``out``, rewriting only what changed (engines rebuild by date) and
    removing what an earlier run wrote that is no longer generated: never anything else."""
    manifest = out / MANIFEST
    before = set(json.loads(manifest.read_text("utf-8"))["files"]) if manifest.is_file() else set()
    out.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = out / rel
        if path.is_file() and path.read_bytes() == data:
            outcome.unchanged += 1
            continue
        write_file(path, data, within=out)
        outcome.written.append(rel)
    for rel in sorted(before - set(files)):
        path = out / rel
        if path.is_file() and path.resolve().is_relative_to(out.resolve()):
            path.unlink()
            outcome.removed.append(rel)
            for parent in path.parents:
                if parent == out or any(parent.iterdir()):
                    break
                parent.rmdir()
    write_file(
        manifest, json.dumps({"generator": "opdhub generate", "files": sorted(files)}, indent=1) + "\n", within=out
    )
