"""The catalog moved to :mod:`mkdocs_opdhub.model.catalog` (the core); this old import path stays for code written against it."""

from ..model.catalog import SORTS, Catalog, FacetValue, sort_papers

__all__ = ["SORTS", "Catalog", "FacetValue", "sort_papers"]
