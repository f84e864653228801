"""Plain text revisions (.txt): UTF-8 only, as CRS's own text and kb's seeds are."""

from __future__ import annotations

from pathlib import Path

from kb.ingest.readers.revision import ReadError, RevisionText, revision_from_text


def read_text(path: Path) -> RevisionText:
    data = path.read_bytes()
    if not data.strip():
        raise ReadError(path, "the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            path,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8",
        ) from None
    if "\x00" in text:
        raise ReadError(path, "contains a NUL character (\\x00); is it a binary file?")
    return revision_from_text(text, str(path), "txt")
