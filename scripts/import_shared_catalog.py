"""One-off: write papers/<id>.yaml from the shared OPD catalog snapshot (facts only).

Usage: python scripts/import_shared_catalog.py ../shared/data/opd-catalog.json

Kept for provenance; new papers are added by contributors (see CONTRIBUTING.md). Existing files
are never overwritten.
"""

import json
import sys
from pathlib import Path

from mkdocs_opdhub.tools.writer import dump_paper, modeline

SNAPSHOT_DATE = "2026-10-06"  # the catalog snapshot the imported papers entered the list with
FIELDS = ("id", "title", "authors", "year", "date", "arxiv", "url", "code", "chapter", "section", "mechanism", "loss")


def main(catalog: str) -> None:
    root = Path(__file__).resolve().parent.parent
    papers = json.loads(Path(catalog).read_text("utf-8"))["papers"]
    written = 0
    for record in papers:
        path = root / "papers" / f"{record['id']}.yaml"
        if path.exists():
            continue
        data = {k: record[k] for k in FIELDS if record.get(k) not in (None, "")}
        data["added"] = SNAPSHOT_DATE
        header = modeline(root / "schema" / "paper.schema.json", path)
        path.write_text(dump_paper(data, ["mechanism", "loss"], header), encoding="utf-8")
        written += 1
    print(f"wrote {written} paper files")


if __name__ == "__main__":
    main(sys.argv[1])
