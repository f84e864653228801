"""PDF revisions (.pdf): CRS In Focus layout, two columns under a full-width title block.

Each page: the running header (the crsreports.congress.gov URL) and the footer (product number
and page) are found in the top and bottom bands and dropped; a full-width block at the top
(lines that cross the gutter: the title and "Updated" line) is read first; then the left column,
then the right, each cropped and read with pdfplumber.  Paragraphs are where the gap between
two lines is larger than the usual line spacing; words hyphenated at line ends are rejoined.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from kb.ingest.readers.revision import PRODUCT_RE, ReadError, RevisionText, revision_from_text

HEADER_RE = re.compile(r"crsreports\.congress\.gov", re.I)
FOOTER_RE = re.compile(
    r"(?:\b(?:IF|IN|RL|RS|R)\d{4,5}\b.*\d\s*$)|(?:^\s*(?:page\s*)?\d+\s*$)", re.I
)
BAND = 0.08  # header/footer bands: the top and bottom 8% of the page
PARAGRAPH_GAP = 1.45  # a line gap this many times the usual spacing starts a paragraph


def read_pdf(path: Path) -> RevisionText:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    if path.stat().st_size == 0:
        raise ReadError(path, "the file is empty")
    try:
        pdf = pdfplumber.open(path)
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises several types
        raise ReadError(path, f"not a readable PDF ({type(exc).__name__})") from None
    with pdf:
        raw: list[tuple[str, bool | None, float]] = []
        for page in pdf.pages:
            raw.extend(_page_lines(page))
    # A column's first line starts a paragraph unless the line before it (the end of the
    # previous column or page) had no room left for the first word of this one.
    lines = [
        (text, starts if starts is not None else (i == 0 or _room(raw[i - 1][2], text)))
        for i, (text, starts, _) in enumerate(raw)
    ]
    if not any(text.strip() for text, _ in lines):
        raise ReadError(path, "no text layer; kb does not OCR (a scanned PDF?)")
    return revision_from_text(_join(lines), str(path), "pdf")


def _page_lines(page: Any) -> list[tuple[str, bool | None, float]]:
    height, width = float(page.height), float(page.width)
    top, bottom = 0.0, height
    for line in page.extract_text_lines():
        if line["bottom"] <= height * BAND and HEADER_RE.search(line["text"]):
            top = max(top, float(line["bottom"]) + 0.5)
        elif line["top"] >= height * (1 - BAND) and (
            FOOTER_RE.search(line["text"]) or PRODUCT_RE.search(line["text"])
        ):
            bottom = min(bottom, float(line["top"]) - 0.5)
    body = page.crop((0, top, width, bottom))
    mid = width / 2
    crossing = [w for w in body.extract_words() if w["x0"] < mid - 3 and w["x1"] > mid + 3]
    regions = []
    split_at = top
    if crossing:
        split_at = max(float(w["bottom"]) for w in crossing) + 0.5
        regions.append(body.crop((0, top, width, split_at)))
    regions.append(body.crop((0, split_at, mid, bottom)))
    regions.append(body.crop((mid, split_at, width, bottom)))
    out: list[tuple[str, bool | None, float]] = []
    for i, region in enumerate(regions):
        lines = _region_lines(region)
        if crossing and i == 0:  # the title block: each line is an item (title, date line)
            out.extend((text, True, 99.0) for text, _, _ in lines)
            continue
        out.extend(lines)
    return out


def _region_lines(region: Any) -> list[tuple[str, bool | None, float]]:
    """(text, starts a paragraph, room left at the line's end, in characters) per line; the
    first line's "starts" is None: it depends on how the previous column ended."""
    lines = [ln for ln in region.extract_text_lines() if ln["text"].strip()]
    if not lines:
        return []
    gaps = [b["top"] - a["top"] for a, b in itertools.pairwise(lines)]
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
    right = max(float(ln["x1"]) for ln in lines)
    out: list[tuple[str, bool | None, float]] = []
    for i, line in enumerate(lines):
        starts = None if i == 0 else bool(usual > 0 and gaps[i - 1] > usual * PARAGRAPH_GAP)
        text = line["text"].strip()
        char = (float(line["x1"]) - float(line["x0"])) / max(1, len(text))
        out.append((text, starts, (right - float(line["x1"])) / max(char, 0.1)))
    return out


def _room(slack: float, text: str) -> bool:
    """Did the previous line have room for this line's first word (so it ended a paragraph)?"""
    first = text.split(" ", 1)[0]
    return slack > len(first) + 1.5


_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_LOWER_START = re.compile(r"^([a-z]+)")


def _join(lines: list[tuple[str, bool]]) -> str:
    """Lines into paragraphs; "hyphen-" + "ated" at a line end becomes "hyphenated" unless the
    hyphenated form occurs elsewhere in the text (then the hyphen was the word's own)."""
    flat = " ".join(text for text, _ in lines)
    paragraphs: list[str] = []
    for text, starts in lines:
        if starts or not paragraphs:
            paragraphs.append(text)
            continue
        prev = paragraphs[-1]
        end, start = _HYPHEN_END.search(prev), _LOWER_START.match(text)
        if end and start:
            compound = f"{end.group(1)}-{start.group(1)}"
            if compound in flat.replace(f"{end.group(1)}- {start.group(1)}", ""):
                paragraphs[-1] = prev + text
            else:
                paragraphs[-1] = prev[:-1] + text
        else:
            paragraphs[-1] = prev + " " + text
    return "\n\n".join(paragraphs)
