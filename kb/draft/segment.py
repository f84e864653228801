"""Sentences of a revision text, with their paragraph and character offsets.

pysbd does the segmenting; kb's guards keep CRS abbreviations whole ("S.Rept. 118-71",
"H.R. 4779", "P.L. 118-47", "Jan.", "No. 5"): their periods are masked before segmenting
(by a character of the same length, so offsets hold) and restored after.  Each paragraph
(a heading, a list item) is segmented on its own, so a heading never runs into its text.
A page break inside a sentence does not end its paragraph.
A line break inside a paragraph (the hard-wrapped lines of a PDF's or a web page's text) is
a space to the segmenter, which would otherwise end a sentence at every line; a sentence's
text has its whitespace collapsed (quotes are compared so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kb.draft.patterns import ABBREVIATIONS

_MASK = "\u2024"  # ONE DOT LEADER: one character, never in CRS text


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the text
    paragraph: int
    start: int  # offsets into the revision text
    end: int
    text: str


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _mask(text: str) -> str:
    return ABBREVIATIONS.sub(lambda m: m.group().replace(".", _MASK), text).replace("\n", " ")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: lines joined by single line breaks; a blank line inside
    a sentence (a page break: "the Administration" / blank / "released its request") does not
    end it when the line before ends without punctuation and the next begins in lower case."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        if out and _continued(text[out[-1][0] : out[-1][1]], m.group()):
            out[-1] = (out[-1][0], m.end())
        else:
            out.append((m.start(), m.end()))
    return out


def _continued(before: str, after: str) -> bool:
    last, first = before.rstrip()[-1:], after.lstrip()[:1]
    return bool(last) and last.isalpha() and first.islower() and len(before.split()) > 3


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for number, (begin, finish) in enumerate(_paragraphs(text)):
        para, base = text[begin:finish], begin
        masked = _mask(para)
        pos = 0
        for span in _segmenter().segment(masked):
            piece = span.sent
            at = masked.find(piece, pos)
            if at < 0:  # pysbd changed the text: fall back to the whole paragraph
                at, piece = pos, masked[pos:]
            pos = at + len(piece)
            raw = para[at : at + len(piece)]
            stripped = raw.strip()
            if not stripped:
                continue
            lead = len(raw) - len(raw.lstrip())
            start = base + at + lead
            out.append(Sentence(len(out), number, start, start + len(stripped),
                                " ".join(stripped.split())))
    return out
