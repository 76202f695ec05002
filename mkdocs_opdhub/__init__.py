"""mkdocs-opdhub: a folder of one-YAML-file-per-paper, published as a browsable, filterable site."""

__version__ = "0.1.0"
