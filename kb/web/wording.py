"""How a sentence was reworded, word by word (difflib), for the diff page."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    op: str  # "same", "del" or "ins"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces of old and new text in reading order: unchanged words, then for each
    rewording the words removed followed by the words added."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("del", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("ins", "".join(b[j1:j2])))
    return pieces
