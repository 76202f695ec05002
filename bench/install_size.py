"""What the plugin adds to a site's Python environment: a clean venv with Material for MkDocs
alone against one with mkdocs-opdhub (which brings Material), both at the versions of
requirements/test.lock.

    python bench/install_size.py

Each venv is made fresh in a temporary folder and filled by pip from its cache (run it twice:
the first run may download); the report is the venvs' size on disk and the install's wall time.
Target: the plugin adds under 40 MB to Material alone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements" / "test.lock"


def constraints(folder: Path) -> Path:
    """The lock's pins without hashes (pip refuses hashes in a constraints file)."""
    pins = re.findall(r"^([A-Za-z0-9_.-]+==[^\s\\]+(?:\s*;\s*[^\\\n]+)?)", LOCK.read_text("utf-8"), re.M)
    path = folder / "constraints.txt"
    path.write_text("\n".join(p.strip() for p in pins) + "\n", "utf-8")
    return path


def size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def venv_with(folder: Path, packages: list[str], pins: Path) -> tuple[float, int]:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    start = time.perf_counter()
    # this Python's pip installs into the new venv (--python): the venv itself holds no pip
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(folder / "bin" / "python"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(pins),
            *packages,
        ],
        check=True,
        env={**os.environ, "PIP_NO_INPUT": "1"},
    )
    return time.perf_counter() - start, size(folder)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pins = constraints(root)
        material = venv_with(root / "material", ["mkdocs-material"], pins)
        plugin = venv_with(root / "plugin", [str(REPO)], pins)
    print(f"{'venv':<24} {'install s':>9} {'size MB':>8}")
    print(f"{'Material alone':<24} {material[0]:>9.1f} {material[1] / 1e6:>8.1f}")
    print(f"{'with mkdocs-opdhub':<24} {plugin[0]:>9.1f} {plugin[1] / 1e6:>8.1f}")
    print(f"{'added by the plugin':<24} {plugin[0] - material[0]:>9.1f} {(plugin[1] - material[1]) / 1e6:>8.1f}")


if __name__ == "__main__":
    main()
