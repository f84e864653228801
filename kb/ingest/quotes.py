"""Is a quote verbatim in a text?  Whitespace is normalised, nothing looser.

Line breaks in the source (page layout) must not decide whether a sentence is found,
but every other character, punctuation and typographic quotes included, must match.
"""

from __future__ import annotations

import re

# \s is exactly str.isspace() on str patterns, so both spellings normalise alike.
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return " ".join(text.split())


def normalise_long(text: str, chunk: int = 1 << 20) -> str:
    """normalise() a megabyte at a time, cut at whitespace: split() on the whole of a 19 MB
    text builds a list of its 2.8 million words (about 200 MB)."""
    parts = []
    start, size = 0, len(text)
    while start < size:
        cut = _SPACES.search(text, min(start + chunk, size))  # never inside a word
        end = cut.start() if cut else size
        piece = " ".join(text[start:end].split())
        if piece:
            parts.append(piece)
        start = end if end > start else size
    return " ".join(parts)


class QuoteIndex:
    def __init__(self, text: str) -> None:
        self.text = normalise_long(text)

    def contains(self, quote: str) -> bool:
        needle = normalise(quote)
        return bool(needle) and needle in self.text
