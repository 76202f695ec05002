"""One-off: fill the facet labels of the OPDHub site's June 2026 build into papers/<id>.yaml.

Usage: python scripts/import_june_facets.py ../shared/data/opd-june-facets.json [--dry-run]

The file labels some of our papers by domain, signal source, rollout frequency and student size,
and gives a loss class to papers that have none. Each label becomes the taxonomy's value id; a
label that means "not classified" ("Unknown", "n/a") becomes no value. Paper files are edited in
place through tools/yamledit.py (comments, order and quoting stay as written). A value a person
already set is never replaced: when it differs from the June label, the paper is reported as a
conflict and keeps its value. Exits non-zero when anything was reported.

Kept for provenance, like scripts/import_shared_catalog.py.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from mkdocs_opdhub.model import yamlsource
from mkdocs_opdhub.model.schema import PAPER_ID
from mkdocs_opdhub.model.taxonomy import load_taxonomy
from mkdocs_opdhub.tools.yamledit import EditError, edit_paper

ROOT = Path(__file__).resolve().parent.parent

# June label -> our value id, per paper field. The June build's field names are ours too.
LABELS: dict[str, dict[str, str]] = {
    "domain": {
        "General": "general",
        "Reasoning": "reasoning",
        "Math": "math",
        "Agent": "agent",
        "Multimodal": "multimodal",
        "Alignment": "alignment",
        "Preference": "preference",
        "Inference": "inference",
    },
    "signal": {
        "External-Teacher": "external_teacher",
        "Self": "self",
        "Privileged-Info": "privileged_info",
        "Verifier": "verifier",
        "Other-Signal": "other",
    },
    "student_size": {"<3B": "under_3b", "3-10B": "3b_to_10b", "10-30B": "10b_to_30b", ">30B": "over_30b"},
    "rollout_frequency": {
        "per-step": "per_step",
        "per-outer-iter": "per_outer_iteration",
        "once-before-training": "once_before_training",
    },
    # the loss classes are the catalog's own ids
    "loss": {name: name for name in ("FKL", "RKL", "Symmetric", "f-Divergence", "KL+RL", "Preference", "Other")},
}
NOT_CLASSIFIED = {"Unknown", "n/a"}


def planned_changes(record: dict, current: dict) -> tuple[dict[str, str], list[str]]:
    """The fields to add to one paper and what to report about it (unknown labels, conflicts)."""
    changes: dict[str, str] = {}
    notes: list[str] = []
    for field, labels in LABELS.items():
        label = record.get(field)
        if label in (None, "") or label in NOT_CLASSIFIED:
            continue
        value = labels.get(label)
        if value is None:
            notes.append(f"{field}: unknown label {label!r}; add it to LABELS in this script (not written)")
            continue
        have = current.get(field)
        if have in (None, "", []):
            changes[field] = value
        elif have != value:
            notes.append(f"{field} is {have!r} in the file, the June labels say {value!r} (kept {have!r})")
    return changes, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("labels", type=Path, help="opd-june-facets.json")
    parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    parser.add_argument("--root", type=Path, default=ROOT, help="the site's folder (default: this repository)")
    args = parser.parse_args(argv)
    root = args.root

    taxonomy = load_taxonomy(root / "taxonomy.yml", "taxonomy.yml")
    for field, labels in LABELS.items():  # every id this script writes must be one the taxonomy declares
        facet = taxonomy.facet(field)
        missing = sorted(set(labels.values()) - {v.id for v in facet.values}) if facet else ["the facet itself"]
        if missing:
            print(f"taxonomy.yml: {field}: no value {', '.join(missing)}; declare it or fix LABELS", file=sys.stderr)
            return 2
    facet_fields = [f.field for f in taxonomy.facets if f.kind == "enum"]

    records = json.loads(args.labels.read_text("utf-8"))["papers"]
    reported = written = 0
    filled: dict[str, int] = dict.fromkeys(LABELS, 0)
    for record in records:
        if not isinstance(record, dict) or not re.fullmatch(PAPER_ID, str(record.get("id", ""))):
            print(f"{args.labels}: {str(record)[:80]!r} has no valid paper id; skipped", file=sys.stderr)
            reported += 1
            continue
        path = root / "papers" / f"{record['id']}.yaml"
        display = path.relative_to(root).as_posix()
        if not path.is_file():
            print(f"{display}: no such paper file; its June labels were not used", file=sys.stderr)
            reported += 1
            continue
        try:
            current = yamlsource.parse(path.read_text("utf-8-sig"), display).data
        except yamlsource.YamlProblem as exc:
            print(exc.problem.format(), file=sys.stderr)
            reported += 1
            continue
        changes, notes = planned_changes(record, current if isinstance(current, dict) else {})
        for note in notes:
            print(f"{display}: {note}", file=sys.stderr)
        reported += bool(notes)
        if not changes:
            continue
        if not args.dry_run:
            try:
                edit_paper(path, changes, facet_fields=facet_fields)
            except EditError as exc:
                print(f"{display}: not edited: {exc}", file=sys.stderr)
                reported += 1
                continue
        written += 1
        for field in changes:
            filled[field] += 1
    verb = "would fill" if args.dry_run else "filled"
    print(f"{verb} {written} paper files: " + ", ".join(f"{field} {n}" for field, n in filled.items()))
    if reported:
        print(f"{reported} paper(s) reported above", file=sys.stderr)
    return 1 if reported else 0


if __name__ == "__main__":
    sys.exit(main())
