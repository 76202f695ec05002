"""Copy the npm packages the site serves into the plugin's assets (the site loads nothing from elsewhere).

    npm ci && python scripts/vendor_assets.py

To update a package: change its version in package.json, run `npm install` (which rewrites
package-lock.json), then this script, and commit package.json, package-lock.json and the files under
mkdocs_opdhub/theme/assets/opdhub/vendor/. What it writes there:

* ``minisearch/minisearch.js`` (MiniSearch's UMD build: the filter's ranked, typo-tolerant search),
  its LICENSE and a VERSION file;
* ``fonts/*.woff2`` (EB Garamond and Inconsolata, Latin and Latin Extended subsets, the weights
  the academic typography uses), ``fonts/fonts.css`` with their @font-face rules (unicode ranges
  taken from the @fontsource stylesheets, so a page downloads only the subsets it needs), the
  OFL licence texts and a VERSION file.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULES = REPO / "node_modules"
VENDOR = REPO / "mkdocs_opdhub" / "theme" / "assets" / "opdhub" / "vendor"

# family package, CSS family name, [(weight, style)].
# Only the faces academic.css sets: text, italics and one bold (600; a 500 or 700 asked for elsewhere
# resolves to 400 or 600 by the CSS font-matching rules), and code. Each face a page shows is a download.
FONTS = (
    ("eb-garamond", "EB Garamond", [(400, "normal"), (400, "italic"), (600, "normal")]),
    ("inconsolata", "Inconsolata", [(400, "normal")]),
)
SUBSETS = ("latin-ext", "latin")  # latin last: of two matching faces the browser takes the last one
FACE = re.compile(r"/\* (?P<name>[\w-]+) \*/\s*@font-face\s*{(?P<body>[^}]*)}")


def version(package: str) -> str:
    return json.loads((MODULES / package / "package.json").read_text("utf-8"))["version"]


def minisearch() -> None:
    out = VENDOR / "minisearch"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copyfile(MODULES / "minisearch" / "dist" / "umd" / "index.js", out / "minisearch.js")
    shutil.copyfile(MODULES / "minisearch" / "LICENSE.txt", out / "LICENSE.txt")
    (out / "VERSION").write_text(f"minisearch {version('minisearch')} (npm), dist/umd/index.js\n", "utf-8")


def unicode_range(package: str, subset: str, weight: int, style: str) -> str:
    """The unicode-range @fontsource declares for one subset file."""
    suffix = "-italic" if style == "italic" else ""
    css = (MODULES / "@fontsource" / package / f"{weight}{suffix}.css").read_text("utf-8")
    wanted = f"{package}-{subset}-{weight}-{style}"
    for match in FACE.finditer(css):
        if match.group("name") == wanted:
            found = re.search(r"unicode-range:\s*([^;]+);", match.group("body"))
            return found.group(1).strip() if found else ""
    raise SystemExit(f"{wanted} not found in @fontsource/{package}")


def fonts() -> None:
    out = VENDOR / "fonts"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    rules = [
        "/* EB Garamond and Inconsolata (SIL Open Font License 1.1, see the LICENSE-*.txt files here),",
        " * from the @fontsource npm packages; written by scripts/vendor_assets.py. */",
    ]
    versions = []
    for package, family, faces in FONTS:
        source = MODULES / "@fontsource" / package
        shutil.copyfile(source / "LICENSE", out / f"LICENSE-{package}.txt")
        versions.append(f"@fontsource/{package} {version('@fontsource/' + package)} (npm)")
        for weight, style in faces:
            for subset in SUBSETS:
                name = f"{package}-{subset}-{weight}-{style}.woff2"
                shutil.copyfile(source / "files" / name, out / name)
                rules.append(
                    f"@font-face {{\n  font-family: '{family}';\n  font-style: {style};\n  font-weight: {weight};\n"
                    f"  font-display: swap;\n  src: url(./{name}) format('woff2');\n"
                    f"  unicode-range: {unicode_range(package, subset, weight, style)};\n}}"
                )
    (out / "fonts.css").write_text("\n".join(rules) + "\n", "utf-8")
    (out / "VERSION").write_text("\n".join(versions) + "\n", "utf-8")


def main() -> None:
    if not (MODULES / "minisearch").is_dir():
        sys.exit("node_modules is missing: run `npm ci` first")
    minisearch()
    fonts()
    for path in sorted(VENDOR.rglob("*")):
        if path.is_file():
            print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
