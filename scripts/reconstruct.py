#!/usr/bin/env python3
"""Rebuild the two IF10578 revisions from the annotated CRS comparison page.

    python scripts/reconstruct.py            # write 2024-10-01.txt and 2025-08-14.txt
    python scripts/reconstruct.py --check    # write nothing; exit 1 if anything is stale

The annotation (``compare-2024-10-01_2025-08-14.annotated.txt``) marks, in wdiff notation, which
fragments of the flattened comparison text belong to only one revision (see kb/annotation.py
and seeds/reports/IF10578/RECONSTRUCTION.md).  ``--check`` fails when the checked-in revision
files differ from what this script would write, or when the annotation, markers removed, is not
the comparison text (ignoring whitespace).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a checkout without installing kb
    sys.path.insert(0, str(REPO))

from kb.ingest.annotation import (  # noqa: E402
    NEW,
    OLD,
    AnnotationError,
    revision_text,
    same_ignoring_whitespace,
    strip_markers,
)

REPORT_DIR = REPO / "seeds" / "reports" / "IF10578"
COMPARISON = REPORT_DIR / "compare-2024-10-01_2025-08-14.txt"
ANNOTATED = REPORT_DIR / "compare-2024-10-01_2025-08-14.annotated.txt"
OUTPUTS = {
    OLD: REPORT_DIR / "2024-10-01.txt",
    NEW: REPORT_DIR / "2025-08-14.txt",
}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the revision files or the annotation are out of date",
    )
    args = parser.parse_args(argv)

    annotated = _read(ANNOTATED)
    try:
        texts = {side: revision_text(annotated, side) for side in (OLD, NEW)}
        stripped = strip_markers(annotated)
    except AnnotationError as error:
        print(f"{ANNOTATED.relative_to(REPO)}: {error}", file=sys.stderr)
        return 1

    if not args.check:
        for side, path in OUTPUTS.items():
            path.write_text(texts[side], encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
        return 0

    problems: list[str] = []
    if not same_ignoring_whitespace(stripped, _read(COMPARISON)):
        problems.append(
            f"{ANNOTATED.relative_to(REPO)}: without its markers it is not "
            f"{COMPARISON.relative_to(REPO)} (ignoring whitespace)"
        )
    for side, path in OUTPUTS.items():
        if not path.exists():
            problems.append(f"{path.relative_to(REPO)}: missing")
        elif _read(path) != texts[side]:
            problems.append(f"{path.relative_to(REPO)}: differs from the annotation's {side} text")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("run: python scripts/reconstruct.py", file=sys.stderr)
        return 1
    print("IF10578 revisions are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
