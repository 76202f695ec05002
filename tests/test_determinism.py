"""The same input gives the same site, byte for byte: built in two folders, with different hash seeds,
time zones and orders of the paper files on disk (SOURCE_DATE_EPOCH fixes the build date MkDocs
writes into the sitemap)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_project

EXAMPLE = REPO / "examples" / "deep-learning-classics"


def build(project: Path, *, seed: str, tz: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONHASHSEED": seed,
        "TZ": tz,
        "SOURCE_DATE_EPOCH": "1767225600",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(project / "site"),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def copy_in_order(src: Path, dest: Path, reverse: bool) -> Path:
    """A copy of a project whose paper files are created in the given order (directory listings of
    most file systems follow creation order or a hash of the name, never the sort order)."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("site", "papers"))
    (dest / "papers").mkdir()
    for path in sorted((src / "papers").iterdir(), reverse=reverse):
        shutil.copy2(path, dest / "papers" / path.name)
    return dest


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def differences(a: Path, b: Path) -> list[str]:
    da, db = digests(a), digests(b)
    assert len(da) > 20 and "sitemap.xml.gz" in da and "papers.json" in da and "search/search_index.json" in da
    return sorted(k for k in da.keys() | db.keys() if da.get(k) != db.get(k))


def test_two_builds_of_the_opd_site_are_byte_identical(tmp_path):
    source = copy_project(tmp_path / "source")
    first = copy_in_order(source, tmp_path / "one" / "project", reverse=False)
    second = copy_in_order(source, tmp_path / "elsewhere" / "deeper" / "project", reverse=True)
    for project, seed, tz in ((first, "1", "UTC"), (second, "4242", "Pacific/Kiritimati")):
        result = build(project, seed=seed, tz=tz)
        assert result.returncode == 0, result.stderr
    assert not differences(first / "site", second / "site")
    assert (first / "site" / "sitemap.xml").read_text("utf-8").count("<lastmod>2026-01-01</lastmod>")


def test_two_builds_of_the_example_site_are_byte_identical(tmp_path):
    first = copy_in_order(EXAMPLE, tmp_path / "a" / "project", reverse=True)
    second = copy_in_order(EXAMPLE, tmp_path / "b" / "c" / "project", reverse=False)
    for project, seed, tz in ((first, "0", "America/St_Johns"), (second, "random", "Asia/Kathmandu")):
        result = build(project, seed=seed, tz=tz)
        assert result.returncode == 0, result.stderr
    assert not differences(first / "site", second / "site")
