"""Revision files as CRS publishes them, made from kb's bundled texts (for tests and the README).

- ``make_pdf``: an In Focus-like PDF: a centred title block, two columns, a running header with
  the crsreports.congress.gov URL, a footer with the product number and page, and long words
  hyphenated at line ends (reportlab, a test dependency).
- ``make_html``: a CRS-like page: the report body inside navigation, scripts and styles.
- ``make_compare_html``: a comparison page with <del>/<ins>, from kb's annotated comparison.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from kb.ingest.annotation import BOTH, CHROME, NEW, OLD, parse

PAGE_W, PAGE_H = 612.0, 792.0  # US Letter, points
MARGIN, GUTTER = 54.0, 18.0
BODY_TOP, BODY_BOTTOM = PAGE_H - 78.0, 54.0
FONT, BOLD, SIZE, LEADING, PARA_GAP = "Times-Roman", "Times-Bold", 10.0, 12.0, 8.0
_HYPHENABLE = re.compile(r"[A-Za-z]{8,}[,.;:]?")


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _wrap(words: list[str], width: float, font: str, size: float) -> list[str]:
    """Greedy wrapping; a long plain word that does not fit is hyphenated across the break."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line and _HYPHENABLE.fullmatch(word):
            core = word.rstrip(",.;:")
            for cut in range(len(core) - 3, 3, -1):
                head = f"{line} {core[:cut]}-"
                if stringWidth(head, font, size) <= width:
                    lines.append(head)
                    line = word[cut:]
                    break
            else:
                lines.append(line)
                line = word
            continue
        if line:
            lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


def make_pdf(text: str, path: Path, product: str) -> Path:
    """Write ``text`` as a two-column In Focus-like PDF at ``path``."""
    from reportlab.pdfgen.canvas import Canvas

    paragraphs = _paragraphs(text)
    lead = 0
    while lead < len(paragraphs) and len(paragraphs[lead]) < 120 and lead < 4:
        lead += 1
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    page = 1

    def furniture() -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(PAGE_W - MARGIN, PAGE_H - 36, "https://crsreports.congress.gov")
        canvas.drawString(MARGIN, 30, f"{product} · {page}")

    furniture()
    y = BODY_TOP
    for para in paragraphs[:lead]:  # the title block, centred across both columns
        for line in _wrap(para.split(), PAGE_W - 2 * MARGIN, BOLD, 11):
            canvas.setFont(BOLD, 11)
            canvas.drawCentredString(PAGE_W / 2, y, line)
            y -= 15
        y -= PARA_GAP
    col_w = (PAGE_W - 2 * MARGIN - GUTTER) / 2
    columns = [MARGIN, MARGIN + col_w + GUTTER]
    col, top = 0, y
    for para in paragraphs[lead:]:
        heading = len(para) < 90 and not para.endswith((".", ":", "”", '"'))
        font = BOLD if heading else FONT
        for line in _wrap(para.split(), col_w, font, SIZE):
            if y < BODY_BOTTOM:
                col += 1
                if col == 2:
                    canvas.showPage()
                    page += 1
                    furniture()
                    col, top = 0, BODY_TOP
                y = top
            canvas.setFont(font, SIZE)
            canvas.drawString(columns[col], y, line)
            y -= LEADING
        y -= PARA_GAP
    canvas.save()
    return path


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: serif; }} nav {{ float: left; }}</style>
<script>window.analytics = {{ page: "report", id: "{product}" }};</script>
</head><body>
<header><a href="/">EveryCRSReport.com</a> <a href="/search">Search</a></header>
<nav><ul><li><a href="#summary">Summary</a></li><li><a href="#pdf">Download PDF</a></li></ul></nav>
<main><div id="report-body" class="report-body">
{body}
</div></main>
<footer><p>Congressional Research Service. Reports are in the public domain.</p></footer>
<script src="/static/site.js"></script>
</body></html>
"""


def make_html(text: str, path: Path, product: str) -> Path:
    """Write ``text`` as a CRS-like report page at ``path``."""
    paragraphs = _paragraphs(text)
    blocks = []
    for i, para in enumerate(paragraphs):
        tag = (
            "h1"
            if i < 3 and len(para) < 120 and not para.startswith(("http", "Updated"))
            else ("h2" if len(para) < 90 and not para.endswith(".") else "p")
        )
        blocks.append(f"<{tag}>{html.escape(para, quote=False)}</{tag}>")
    title = next((p for p in paragraphs if not p.startswith(("http", "Updated"))), product)
    path.write_text(
        _PAGE.format(title=html.escape(title), product=product, body="\n".join(blocks)),
        encoding="utf-8",
    )
    return path


def make_compare_html(annotated: str, path: Path, product: str) -> Path:
    """Write kb's annotated comparison as a <del>/<ins> comparison page at ``path``.

    A paragraph break in text both revisions share starts a new <p>; breaks inside a removed
    or added passage stay inside its <del>/<ins>.  The page's own chrome goes in <header>."""
    chrome: list[str] = []
    body = ""
    for segment in parse(annotated):
        text = html.escape(segment.text, quote=False)
        if segment.side == CHROME:
            chrome.append(text)
        elif segment.side == BOTH:
            body += re.sub(r"\n\s*\n", "</p>\n<p>", text)
        elif segment.side == OLD:
            body += f"<del>{text}</del>"
        elif segment.side == NEW:
            body += f"<ins>{text}</ins>"
    page = _PAGE.format(title="Compare versions", product=product, body=f"<p>{body}</p>")
    page = page.replace("<header>", "<header>" + "".join(f"<p>{c}</p>" for c in chrome), 1)
    path.write_text(page, encoding="utf-8")
    return path
