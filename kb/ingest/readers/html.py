"""HTML revisions (.html): the report body of a CRS or EveryCRSReport page.

Navigation, scripts, styles and page chrome are dropped; each block (heading, paragraph,
list item) becomes one paragraph of the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.ingest.readers.revision import ReadError, RevisionText, revision_from_text

# Elements that are never report text.
DROP = ("script", "style", "nav", "header", "footer", "noscript", "template", "form", "aside")
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd"}
# Where CRS and EveryCRSReport put the report itself.
BODY_XPATH = (
    "//*[@id='report-body' or @id='report' or @id='main-content' or @id='content-body'"
    " or contains(concat(' ', normalize-space(@class), ' '), ' report-body ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' crs-report ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' report-content ')]"
)


def parse_html(path: Path) -> Any:
    import lxml.html

    data = path.read_bytes()
    if not data.strip():
        raise ReadError(path, "the file is empty")
    try:
        return lxml.html.document_fromstring(data)
    except Exception as exc:  # lxml's ParserError / XMLSyntaxError
        raise ReadError(path, f"not an HTML page ({exc})") from None


def report_body(root: Any, path: Path) -> Any:
    for tag in DROP:
        for el in root.iter(tag):
            el.drop_tree()
    found = root.xpath(BODY_XPATH) or root.xpath("//article") or root.xpath("//main")
    if not found:
        raise ReadError(
            path,
            "no report body (expected an element with id or class report-body, an <article> "
            "or a <main>); is this a CRS report page?",
        )
    return found[0]


def block_texts(body: Any) -> list[str]:
    """The text of each block, in document order; nested blocks are not repeated."""
    out: list[str] = []
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag not in BLOCKS:
            continue
        if any(a.tag in BLOCKS for a in el.iterancestors()):
            continue
        text = " ".join(el.text_content().split())
        if text:
            out.append(text)
    return out


def read_html(path: Path) -> RevisionText:
    body = report_body(parse_html(path), path)
    paragraphs = block_texts(body)
    if not paragraphs:
        raise ReadError(path, "the report body holds no text")
    return revision_from_text("\n\n".join(paragraphs), str(path), "html")
