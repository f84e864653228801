"""Comparison pages (.html with <del>/<ins>): both revisions' texts from one page.

CRS and EveryCRSReport publish "compare versions" pages: removed text in <del>, added text
in <ins>.  The page is turned into kb's wdiff notation ([-old-] {+new+}, kb.ingest.annotation)
and each side is rebuilt by the same code that proves the bundled annotated comparison.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.ingest.annotation import NEW, OLD, revision_text
from kb.ingest.readers.html import BLOCKS, parse_html, report_body
from kb.ingest.readers.revision import ReadError, RevisionText, revision_from_text


def _annotated(el: Any) -> str:
    """One block's content in wdiff notation."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        inner = child.text_content()
        if child.tag in ("del", "s", "strike"):
            parts.append(f"[-{inner}-]" if inner else "")
        elif child.tag == "ins":
            parts.append(f"{{+{inner}+}}" if inner else "")
        else:
            parts.append(_annotated(child))
        parts.append(child.tail or "")
    return "".join(parts)


def annotated_text(path: Path) -> str:
    body = report_body(parse_html(path), path)
    if not body.xpath(".//del|.//ins"):
        raise ReadError(path, "not a comparison page: no <del> or <ins> in the report body")
    blocks = []
    for el in body.iter():
        nested = any(a.tag in BLOCKS for a in el.iterancestors())
        if isinstance(el.tag, str) and el.tag in BLOCKS and not nested:
            blocks.append(" ".join(_annotated(el).split(" ")))
    return "\n\n".join(blocks)


def read_compare(path: Path) -> tuple[RevisionText, RevisionText]:
    """(older, newer) revision texts of a comparison page."""
    annotated = annotated_text(path)
    try:
        old = revision_text(annotated, OLD)
        new = revision_text(annotated, NEW)
    except ValueError as exc:
        raise ReadError(path, f"cannot rebuild the revisions: {exc}") from None
    return (
        revision_from_text(old, str(path), "compare-old"),
        revision_from_text(new, str(path), "compare-new"),
    )
