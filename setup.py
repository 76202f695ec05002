"""The package index shows README.md away from the repository, where its relative links (to
CONTRIBUTING.md, docs/..., the screenshots) would break. The build makes them absolute, from the
project's one address: ``Repository`` in pyproject.toml's ``[project.urls]``. Everything else
about the package is in pyproject.toml.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from setuptools import setup

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
# [text](target) and ![alt](target): the target up to whitespace or ')'
LINK = re.compile(r"(!?)(\[[^\]]*\])\(([^)\s]+)\)")


def absolute_links(markdown: str, repository: str) -> str:
    """``markdown`` with each relative link made a link into ``repository`` on its default
    branch (images to the file itself, other links to the file's page)."""

    def fix(match: re.Match) -> str:
        bang, text, target = match.groups()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#|/)", target, re.I):
            return match.group(0)  # absolute, an anchor, or site-absolute: left as it is
        kind = "raw" if bang else "blob"
        return f"{bang}{text}({repository.rstrip('/')}/{kind}/HEAD/{target})"

    return LINK.sub(fix, markdown)


def repository() -> str:
    return tomllib.loads((HERE / "pyproject.toml").read_text("utf-8"))["project"]["urls"]["Repository"]


if __name__ == "__main__":
    setup(long_description=absolute_links((HERE / "README.md").read_text("utf-8"), repository()),
          long_description_content_type="text/markdown")
