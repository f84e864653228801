"""Is a text two columns flattened line by line?  Some published copies of In Focus products
interleave the page's two columns: line 1 of the left column, line 1 of the right, line 2 of
the left, ...  A sentence then continues two lines down, not on the next line.

The test uses the text itself: word pairs that occur within its lines are its phrases; at each
line break, count whether the last word of a line forms one of those phrases with the first
word of the next line or with the first word of the line after it.  A single column continues
on the next line; an interleaved one two lines down.
"""

from __future__ import annotations

import re
from itertools import pairwise

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def line_continuations(text: str) -> tuple[int, int]:
    """(breaks continued on the next line, breaks continued two lines down)."""
    # the first pages tell: a long text is not read whole (a 19 MB text has a million lines)
    lines = [[w.lower() for w in _WORD.findall(line)] for line in text[:200_000].split("\n")]
    phrases = {pair for words in lines for pair in pairwise(words)}
    next_line = two_down = 0
    for x, y, z in zip(lines, lines[1:], lines[2:], strict=False):
        if not (x and y and z):
            continue
        next_line += (x[-1], y[0]) in phrases
        two_down += (x[-1], z[0]) in phrases
    return next_line, two_down


def interleaved_columns(text: str) -> bool:
    next_line, two_down = line_continuations(text)
    return two_down >= 3 and two_down >= 2 * next_line + 2
