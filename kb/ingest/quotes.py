"""Is a quote verbatim in a text?  Whitespace is normalised, nothing looser.

Line breaks in the source (page layout) must not decide whether a sentence is found,
but every other character, punctuation and typographic quotes included, must match.
"""

from __future__ import annotations


def normalise(text: str) -> str:
    return " ".join(text.split())


class QuoteIndex:
    def __init__(self, text: str) -> None:
        self.text = normalise(text)

    def contains(self, quote: str) -> bool:
        needle = normalise(quote)
        return bool(needle) and needle in self.text
