"""What ``opdhub validate`` checks, beyond what a site build does: chosen files against the
whole collection, the committed editor schema against the taxonomy, and the editor schema line
at the top of each paper file.

Cross-file rules (duplicate id, arXiv id, DOI, title) always look at every paper in the papers
folder; when only some files are named (pre-commit passes the changed ones), problems are
reported for those files only, and a clash with an existing paper is reported on the named file.
The other papers come from an index of unchanged files (see :mod:`.paperindex`), so checking
one file does not mean reading ten thousand.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..model.papers import PAPER_SUFFIXES, PaperValidator, display_path, paper_files, refused
from ..model.problems import ERROR, WARNING, Problem
from ..model.schema import schema_json
from ..model.yamlsource import Vanished
from ..project import Project
from .paperindex import PaperIndex, stamp
from .writer import modeline


@dataclass
class Report:
    problems: list[Problem]
    files: int  # paper files checked (the named ones, or the whole folder)
    papers: list = field(default_factory=list)  # valid papers among them

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == WARNING for p in self.problems)

    def summary(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return f"{n(self.files, 'paper file')} checked: {n(self.errors, 'error')}, {n(self.warnings, 'warning')}"


def expand_paths(paths: list[Path], root: Path | None = None) -> list[Path]:
    """Named files as they are; folders become the paper files directly inside them. Links are
    kept as links (not resolved), so that the rule for links applies to named files too."""
    out: list[Path] = []
    for path in paths:
        out.extend(paper_files(path, root) if path.is_dir() else [path])
    return list(dict.fromkeys(Path(os.path.abspath(p)) for p in out))


def check_project(project: Project, paths: list[Path] | None = None) -> Report:
    """All problems of the named paper files (default: the papers folder), plus project-level ones."""
    listing = project.list_papers()
    folder = listing.paths
    named = folder if paths is None else expand_paths(paths, project.root)
    root = project.display_root or project.root
    displays = {p: display_path(p, root) for p in named}
    shown = set(displays.values())
    problems: list[Problem] = [p for p in listing.problems if paths is None or p.path in shown]
    readable = []
    listed = set(folder)
    for path, display in displays.items():
        refusal = None if path in listed else refused(path, project.root)
        if path.suffix.lower() not in PAPER_SUFFIXES:
            problems.append(Problem(display, None, None, None, "not a paper file", "paper files end in .yaml or .yml"))
        elif not path.exists() and not path.is_symlink():
            problems.append(Problem(display, None, None, None, "no such file"))
        elif refusal is not None:
            if not any(p.path == display for p in problems):
                problems.append(Problem(display, None, None, None, *refusal))
        else:
            readable.append(path)
            if path.parent.resolve() != project.papers_dir:
                problems.append(
                    Problem(
                        display,
                        None,
                        None,
                        None,
                        f"not in the papers folder '{display_path(project.papers_dir, root)}/'",
                        "the site reads paper files from that folder only",
                        WARNING,
                    )
                )
    validator = PaperValidator(project.taxonomy)
    index = PaperIndex(project.root, validator)
    papers = []
    in_folder = {path: display_path(path, root) for path in folder}
    for path in dict.fromkeys(folder + readable):
        display = displays.get(path) or in_folder[path]
        try:
            if display in shown:
                identity = stamp(path)  # before reading: a file changed meanwhile is read again next time
                paper, found = validator.check_file(path, display)
                problems += found
                index.remember(display, identity, paper)
            else:  # only its identity matters here: from the index when the file is unchanged
                paper = index.paper(path, display)
        except (FileNotFoundError, Vanished):
            continue  # deleted since the folder was listed
        if paper is not None:
            papers.append(paper)
    kept, clashes = validator.check_collection(papers, last=shown)
    problems += [p for p in clashes if p.path in shown]
    index.forget_all_but(set(in_folder.values()))
    index.save()
    problems += schema_problems(project)
    problems += modeline_problems(project, readable, displays)
    problems.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    return Report(problems, len(named), [p for p in kept if p.source in shown])


def schema_path(project: Project) -> Path | None:
    name = project.options.schema_file
    return (project.root / name).resolve() if name else None


def schema_problems(project: Project) -> list[Problem]:
    """The committed schema must be what the taxonomy generates, or editors check against stale rules."""
    path = schema_path(project)
    if path is None:
        return []
    display = display_path(path, project.display_root or project.root)
    if not path.is_file():
        return [
            Problem(
                display,
                None,
                None,
                None,
                "the editor schema file is missing",
                "create it with 'opdhub schema --write'",
                WARNING,
            )
        ]
    problem = drift_problem(
        display, path.read_text("utf-8"), schema_json(project.taxonomy), project, "opdhub schema --write"
    )
    return [problem] if problem else []


def drift_problem(display: str, current: str | None, expected: str, project: Project, remedy: str) -> Problem | None:
    """A generated file that is not what the taxonomy generates now."""
    if current == expected:
        return None
    message = "missing" if current is None else f"out of date with the taxonomy ({project.taxonomy.source})"
    return Problem(display, None, None, None, message, f"run '{remedy}' and commit the result")


def modeline_problems(project: Project, paths: list[Path], displays: dict[Path, str] | None = None) -> list[Problem]:
    """Paper files should start with the line that points editors at the schema."""
    schema = schema_path(project)
    if schema is None or not schema.is_file():
        return []
    root = project.display_root or project.root
    displays = displays or {}
    expected_in: dict[Path, str] = {}  # the line depends on the folder only
    out = []
    for path in paths:
        if path.parent not in expected_in:
            expected_in[path.parent] = modeline(schema, path).rstrip("\n")
        expected = expected_in[path.parent]
        try:
            with path.open("rb") as handle:
                first = handle.readline(1024).decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r\n")
        except OSError:
            continue  # reported as unreadable already
        if first != expected and path.stat().st_size:  # an empty file has its own error
            out.append(
                Problem(
                    displays.get(path) or display_path(path, root),
                    1,
                    1,
                    None,
                    "the first line is not the editor schema line",
                    f"make line 1 '{expected}' so editors check the file as you type",
                    WARNING,
                )
            )
    return out
