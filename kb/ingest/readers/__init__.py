"""Readers: one per format, each returning a RevisionText (kb.ingest.readers.revision)."""

from __future__ import annotations

from pathlib import Path

from kb.ingest.readers.revision import ReadError, RevisionText

FORMATS = (".txt", ".html", ".htm", ".pdf")


def read_revision(path: Path) -> RevisionText:
    """Read a revision by its suffix (.txt, .html/.htm, .pdf)."""
    path = Path(path)
    if not path.is_file():
        raise ReadError(path, "no such file")
    suffix = path.suffix.lower()
    if suffix == ".txt":
        from kb.ingest.readers.text import read_text

        return read_text(path)
    if suffix in (".html", ".htm"):
        from kb.ingest.readers.html import read_html

        return read_html(path)
    if suffix == ".pdf":
        from kb.ingest.readers.pdf import read_pdf

        return read_pdf(path)
    raise ReadError(path, f"unknown format {suffix or '(no suffix)'!r}; kb reads .txt, .html, .pdf")


__all__ = ["FORMATS", "ReadError", "RevisionText", "read_revision"]
