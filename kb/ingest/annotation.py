"""Read a wdiff-style annotation of a CRS "compare versions" page.

CRS (through its comparison pages) shows two revisions of a report merged into one text:
removed words were red strikethrough, added words blue.  Once the page is flattened to plain
text that markup is gone, so the reconstruction marks every fragment that belongs to only one
revision by hand, in wdiff notation:

- ``[-...-]``  text only in the older revision,
- ``{+...+}``  text only in the newer revision,
- ``{#...#}``  the comparison page's own chrome, in neither revision,
- unmarked text is in both.

Markers may span lines and paragraphs but never nest.  Removing them gives back the comparison
text (up to whitespace); keeping "both" plus one side gives that revision's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OLD = "old"
NEW = "new"
BOTH = "both"
CHROME = "chrome"

SIDES = (BOTH, OLD, NEW, CHROME)

# opener -> (closer, side)
_MARKERS: dict[str, tuple[str, str]] = {
    "[-": ("-]", OLD),
    "{+": ("+}", NEW),
    "{#": ("#}", CHROME),
}
_CLOSERS = {closer: opener for opener, (closer, _side) in _MARKERS.items()}
_TOKEN = re.compile(r"\[-|\{\+|\{#|-\]|\+\}|#\}")

# Closing punctuation that must not follow a space left behind by a removed fragment.
_CLOSING_PUNCTUATION = frozenset(".,;:!?)]”’")


class AnnotationError(ValueError):
    """The annotation is malformed (unbalanced or nested markers)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Segment:
    side: str  # one of SIDES
    text: str


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def parse(annotated: str) -> list[Segment]:
    """Split an annotated text into segments, in order.

    Raises AnnotationError (a ValueError) naming the line of the offending marker when a
    marker is opened inside another one, closed without being opened, or never closed.
    """
    segments: list[Segment] = []
    pos = 0
    open_marker: str | None = None
    open_at = 0
    for match in _TOKEN.finditer(annotated):
        token = match.group()
        if open_marker is None:
            if token in _CLOSERS:
                raise AnnotationError(
                    f"{token!r} closes a marker that was never opened",
                    _line_of(annotated, match.start()),
                )
            if match.start() > pos:
                segments.append(Segment(BOTH, annotated[pos : match.start()]))
            open_marker, open_at, pos = token, match.start(), match.end()
            continue
        closer, side = _MARKERS[open_marker]
        if token == closer:
            segments.append(Segment(side, annotated[pos : match.start()]))
            open_marker, pos = None, match.end()
        elif token in _MARKERS:
            raise AnnotationError(
                f"{token!r} opened inside {open_marker!r} (opened on line "
                f"{_line_of(annotated, open_at)}); markers do not nest",
                _line_of(annotated, match.start()),
            )
        else:
            raise AnnotationError(
                f"{token!r} does not close {open_marker!r} (opened on line "
                f"{_line_of(annotated, open_at)})",
                _line_of(annotated, match.start()),
            )
    if open_marker is not None:
        raise AnnotationError(f"{open_marker!r} is never closed", _line_of(annotated, open_at))
    if pos < len(annotated):
        segments.append(Segment(BOTH, annotated[pos:]))
    return segments


def strip_markers(annotated: str) -> str:
    """The comparison text back: every segment, chrome included, without the markers."""
    return "".join(segment.text for segment in parse(annotated))


def same_ignoring_whitespace(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def revision_text(annotated: str, side: str) -> str:
    """The text of one revision: "both" segments plus `side`'s own, chrome dropped, tidied.

    Tidying is deliberately small and deterministic:

    1. where a dropped fragment leaves spaces before closing punctuation
       (``. , ; : ! ? ) ] ” ’``), those spaces go (only at such seams, never elsewhere);
    2. runs of spaces become one space;
    3. spaces at the start and end of each line go;
    4. three or more newlines become one blank line;
    5. the text starts with its first non-blank line and ends with exactly one newline.
    """
    if side not in (OLD, NEW):
        raise ValueError(f"side must be {OLD!r} or {NEW!r}, not {side!r}")
    result = ""
    seam = False  # a dropped segment lies between the text so far and the next kept one
    for segment in parse(annotated):
        if segment.side not in (BOTH, side):
            seam = True
            continue
        text = segment.text
        if not text:
            continue
        if seam:
            rest = text.lstrip(" \t")
            if rest and rest[0] in _CLOSING_PUNCTUATION:
                result, text = result.rstrip(" \t"), rest
        result += text
        seam = False
    result = re.sub(r"[ \t]{2,}", " ", result)
    result = re.sub(r"[ \t]+\n", "\n", result)
    result = re.sub(r"\n[ \t]+", "\n", result)
    result = re.sub(r"\n{3,}", "\n\n", result)
    return result.strip() + "\n"
