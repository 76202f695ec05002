"""A project: the taxonomy, the paper files and the options, as the plugin and the CLI see them.

Nothing here imports MkDocs: the CLI and the tests build the same catalog the site does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model.catalog import Catalog
from .model.options import Options
from .model.papers import Listing, LoadResult, PaperLoader, scan_papers
from .model.problems import Problem
from .model.taxonomy import Taxonomy, TaxonomyError, build_taxonomy, load_taxonomy


@dataclass
class Project:
    root: Path
    options: Options
    taxonomy: Taxonomy
    loader: PaperLoader = field(repr=False, default=None)  # type: ignore[assignment]
    display_root: Path | None = None  # file names in messages are relative to this (default: root)

    @property
    def papers_dir(self) -> Path:
        return (self.root / self.options.papers_dir).resolve()

    @property
    def taxonomy_path(self) -> Path | None:
        t = self.options.taxonomy
        return (self.root / t).resolve() if isinstance(t, str) else None

    def load_papers(self, paths: list[Path] | None = None) -> LoadResult:
        """The papers folder (or ``paths``); entries of the folder that are not read are problems too."""
        if self.loader is None:
            self.loader = PaperLoader(self.taxonomy)
        listing = self.list_papers() if paths is None else Listing(paths, [])
        result = self.loader.load(listing.paths, self.display_root or self.root)
        return LoadResult(result.papers, listing.problems + result.problems)

    def list_papers(self) -> Listing:
        return scan_papers(self.papers_dir, self.root, self.display_root or self.root)

    def catalog(self, result: LoadResult) -> Catalog:
        return Catalog(self.taxonomy, result.papers)


def open_project(root: Path, options: Options, display_root: Path | None = None) -> Project:
    """Read the taxonomy (raising :class:`TaxonomyError` with located problems)."""
    root = Path(root).resolve()
    source = options.taxonomy
    if isinstance(source, dict):
        taxonomy = build_taxonomy(source, "mkdocs.yml (opdhub: taxonomy)")
    else:
        path = root / (source or "taxonomy.yml")
        display = _display(path, display_root or root)
        if not path.is_file():
            raise TaxonomyError(
                [
                    Problem(
                        display,
                        None,
                        None,
                        None,
                        "taxonomy file not found",
                        "set the plugin option 'taxonomy' to your taxonomy file, or create it",
                    )
                ]
            )
        taxonomy = load_taxonomy(path, display)
    return Project(root=root, options=options, taxonomy=taxonomy, display_root=display_root)


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
