"""The one object every reader returns: a revision's text and what its first lines say.

The drafter never knows which format a revision came from; it sees only this.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from kb.domain.dates import MONTHS
from kb.domain.problems import KbError

# "Updated August 14, 2025" (CRS's revision line), optionally followed by "(IF10578)".
_UPDATED = re.compile(
    r"\bUpdated\s+(" + "|".join(MONTHS) + r")\s+(\d{1,2}),\s+(\d{4})"
)
_MONTHS = {m: i + 1 for i, m in enumerate(MONTHS)}
# A CRS product number: In Focus IF, Report R/RL/RS, Insight IN, ...
PRODUCT_RE = re.compile(r"\b((?:IF|IN|RL|RS|R)\d{4,5})\b")
# The report's own number: "(IF10578)" after the date, "| IF10578 ·" in CRS's footer, or a line
# of its own; not "See CRS In Focus IF10400", which cites another report.
_OWN_NUMBER = re.compile(r"(?:\(|\|\s*|^)((?:IF|IN|RL|RS|R)\d{4,5})(?:\)|\s*·|\s*$)", re.MULTILINE)
_URL = re.compile(r"https?://\S+")


class ReadError(KbError):
    """A revision file kb cannot read (exit 2, naming the file)."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)


@dataclass(frozen=True)
class RevisionText:
    text: str  # whitespace normalised: single spaces, paragraphs separated by one blank line
    source: str  # the file it was read from
    source_format: str  # "txt", "html", "pdf", "compare-old", "compare-new"
    date: dt.date | None = None  # from the "Updated Month D, YYYY" line
    title: str | None = None
    product: str | None = None  # the product number printed in the file (IF10578)


def normalise_text(text: str) -> str:
    """Spaces collapsed within lines, one blank line between paragraphs, one final newline."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def revision_from_text(text: str, source: str, source_format: str) -> RevisionText:
    """Normalise, then read the date, title and product number from the first lines."""
    text = normalise_text(text)
    if not text.strip():
        raise ReadError(source, "no text in the file (empty)")
    date = None
    match = _UPDATED.search(text)
    if match:
        month, day, year = match.groups()
        try:
            date = dt.date(int(year), _MONTHS[month], int(day))
        except ValueError:
            date = None
    found = _OWN_NUMBER.search(text)
    product = found.group(1) if found else None
    return RevisionText(
        text=text,
        source=source,
        source_format=source_format,
        date=date,
        title=_title(text),
        product=product,
    )


def _title(text: str) -> str | None:
    """The first line that is neither a URL nor the "Updated" line, nor a sentence."""
    for line in text.split("\n")[:8]:
        line = line.strip()
        if not line or _URL.fullmatch(line) or _UPDATED.search(line):
            continue
        if len(line) <= 200 and not line.endswith("."):
            return line
        return None
    return None
