"""Designations: a sentence that designates someone under a type kb's vocabulary names
(kb.domain.vocabulary.DESIGNATION_TYPES).  Who was designated is a review need unless the
sentence gives a count."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kb.domain.vocabulary import DESIGNATION_TYPES
from kb.draft.extractors.base import Candidate, Context
from kb.draft.extractors.events import first_date
from kb.draft.segment import Sentence

_DESIGNAT = re.compile(r"\bdesignat(?:e|ed|es|ing|ion|ions)\b", re.I)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_COUNT = re.compile(r"\b(?P<n>\d+|" + "|".join(_WORDS) + r")\b(?= (?:of (?:which|them|these)|"
                    r"[a-z]+ (?:groups|cartels|organizations|entities)))", re.I)


@lru_cache(maxsize=1)
def _types() -> list[tuple[str, re.Pattern[str]]]:
    return [(code, re.compile(pattern, re.I)) for code, pattern in DESIGNATION_TYPES.items()]


def designations(sentence: Sentence, context: Context) -> list[Candidate]:
    text = sentence.text
    if not _DESIGNAT.search(text):
        return []
    out = []
    for code, pattern in _types():
        if not pattern.search(text):
            continue
        fields: dict[str, Any] = {"kind": "designation", "designation_type": code}
        needs = []
        count = _COUNT.search(text)
        if count:
            n = count.group("n").lower()
            fields["count"] = int(n) if n.isdigit() else _WORDS[n]
        else:
            needs.append("designee")
        date = first_date(text)
        if date and len(date) >= 7:
            fields["date"] = date
        out.append(Candidate(fields, sentence.index, ["designee, count, agency, date"],
                             needs=needs))
    return out
