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
    warnings: tuple[str, ...] = ()  # what a reviewer should know about the text as read


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
    """Normalise, then read the date, title and product number from the first lines, else
    from the file's name (``IF10578_2019-03-06.txt``)."""
    text = normalise_text(text)
    if not text.strip():
        raise ReadError(source, "no text in the file (empty)")
    named_product, named_date = _from_name(source)
    from kb.ingest.readers.layout import interleaved_columns

    found = _OWN_NUMBER.search(text)
    warnings = []
    if interleaved_columns(text):
        warnings.append(
            "the text looks like two columns interleaved line by line (sentences continue two "
            "lines down): drafted sentences may mix both columns; extract the text column by "
            "column (for a PDF, kb draft reads the PDF itself) or check every fact"
        )
    return RevisionText(
        text=text,
        source=source,
        source_format=source_format,
        date=_date(text) or named_date,
        title=_title(text),
        product=found.group(1) if found else named_product,
        warnings=tuple(warnings),
    )


_DATE_WORDS = r"(" + "|".join(MONTHS) + r")\s+(\d{1,2}),\s+(\d{4})"
# A date on a line of its own near the top ("August 23, 2021", "February 1, 2018 (R45091)")
_DATE_LINE = re.compile(r"^(?:Date:\s*)?" + _DATE_WORDS + r"(?:\s*\([A-Z]{1,2}\d{4,5}\))?$",
                        re.MULTILINE)
_ISO_LINE = re.compile(r"^(?:Date|Updated|Version):\s*(\d{4}-\d{2}-\d{2})\s*$",
                       re.MULTILINE | re.I)
_NAME = re.compile(r"(?:^|[_\-.\s])(?:(?P<product>(?:IF|IN|RL|RS|R)\d{4,5})[_\-.\s]+)?"
                   r"(?P<date>\d{4}-\d{2}-\d{2})$")


def _day(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), _MONTHS[month], int(day))
    except ValueError:
        return None


def _date(text: str) -> dt.date | None:
    head = text[:3000]
    match = _UPDATED.search(head) or _UPDATED.search(text)
    if match:
        month, day, year = match.groups()
        return _day(year, month, day)
    iso = _ISO_LINE.search(head)
    if iso:
        try:
            return dt.date.fromisoformat(iso.group(1))
        except ValueError:
            return None
    line = _DATE_LINE.search(head)
    if line:
        month, day, year = line.groups()
        return _day(year, month, day)
    return None


def _from_name(source: str) -> tuple[str | None, dt.date | None]:
    m = _NAME.search(Path(source).stem)
    if not m:
        return None, None
    try:
        return m.group("product"), dt.date.fromisoformat(m.group("date"))
    except ValueError:
        return m.group("product"), None


# Lines at the top of a copied report that are not its title: a site's navigation, CRS's
# masthead, page furniture, the date line, an author line.
_NOT_TITLE = re.compile(
    r"^(?:link to page|about \||congressional research service|informing the legislative"
    r"|insight|in focus|jump to|contents|summary|updated|\d+(?:\s\d+)*\s*\(|https?://"
    r"|crs report|order code|prepared for members|report for congress|size:|start display"
    r"|download|transcription|.*\b1914$|.*\s\|\s)",
    re.I,
)
_RAW_TEXT = re.compile(r"\braw text is:\s*(?P<rest>.*)$", re.I)  # a library catalogue's copy
# an older CRS cover line: "1 Order Code RL30541 CRS Report for Congress Received through ..."
_ORDER_CODE = re.compile(r"^(?:\d+\s+)?Order Code\s+\S+\s+(?:CRS Report for Congress"
                         r"(?:\s+Received through the CRS Web)?\s*)?")
# an author line: "Emily M. Morgenstern"
_PERSON = re.compile(r"^[A-Z][a-z]+ [A-Z]\. [A-Z][\w'-]+$")
_JOB = re.compile(r"^(?:(?:Senior |Acting )?(?:Specialist|Analyst|Coordinator|Legislative Attorney"
                  r"|Section Research Manager|Research Assistant)\b|.*\bDivision$)")
_JOINS = re.compile(r"(?:\b(?:and|of|for|the|to|in|on|from|with|a|an)|[:,]|U\.S\.)$")
_CONTINUES = re.compile(r"^(?:and|of|for|the|to|in|on|from|with|a|an|[a-z])\b")


def _repeated_title(text: str) -> str | None:
    """A CRS report prints its title on the cover and again above the summary: a title-like
    line said twice in the first lines is the title, whatever page furniture comes first (a
    web copy's "SlideShare ... logo")."""
    lines = [" ".join(line.split()) for line in text.split("\n")[:60]]
    lines = [line for line in lines if line]
    seen: dict[str, int] = {}
    for n, line in enumerate(lines):
        first = seen.get(line)
        if first is not None and ((first and _JOINS.search(lines[first - 1]))
                                  or _CONTINUES.match(line)):
            continue  # the middle of a title wrapped over lines: the usual reading joins it
        if first is not None and 10 <= len(line) <= 160 and not line.endswith(".") \
                and len(line.split()) >= 3 and not _JOB.match(line) and not _PERSON.match(line) \
                and not _JOINS.search(line) \
                and not _NOT_TITLE.match(line) and not _DATE_LINE.fullmatch(line) \
                and not _URL.fullmatch(line) and re.search(r"[A-Z][a-z]{2}", line):
            return line
        if n < 15:  # the cover's lines
            seen.setdefault(line, n)
    return None


def _title(text: str) -> str | None:
    """The title from the first lines: the first line that is neither furniture nor the date
    nor a sentence (after "raw text is:" in a catalogue copy; before "Updated ..." on a long
    first line), with the lines that continue it."""
    lines = [line.strip() for line in text.split("\n")[:30]]
    repeated = _repeated_title(text)
    if repeated:
        return repeated
    for i, line in enumerate(lines):
        raw = _RAW_TEXT.search(line)
        if raw:
            line = raw.group("rest").strip()
        line = _ORDER_CODE.sub("", line)
        updated = _UPDATED.search(line)
        if updated and updated.start() > 0:
            line = line[: updated.start()].strip()
        if not line or _URL.fullmatch(line) or _UPDATED.search(line) or _DATE_LINE.fullmatch(line):
            continue
        if _NOT_TITLE.match(line) or len(line) < 4 or not re.search(r"[A-Za-z]{3}", line):
            continue
        if len(line) > 200 or (line.endswith(".") and not line.endswith("U.S.")):
            return None
        parts = [line]
        for nxt in lines[i + 1 : i + 4]:
            if not nxt or not (_JOINS.search(parts[-1]) or _CONTINUES.match(nxt)):
                break
            if _DATE_LINE.fullmatch(nxt) or _PERSON.match(nxt):
                continue
            parts.append(nxt)
        return " ".join(parts)
    return None
