"""Indicators: statistics the report cites.  Changes over time ("rose from A in Y1 to B in Y2"),
multiples ("tripled"), rates ("28 per 100,000 people", with the base in the unit), percents
(named by what they are a percent of when the sentence says so) and counts (with their unit
noun).  A name is never a sentence's first word or a bare number: without one, the name is a
review need."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from kb.draft import patterns as P
from kb.draft.extractors.base import Candidate, Context
from kb.draft.segment import Sentence

_OF = re.compile(
    r"^\s*(?:of|in)\s+(?:the\s+|its\s+|all\s+|total\s+)?"
    r"(?P<np>[A-Za-z][\w’'-]*(?:\s[A-Za-z][\w’'-]*){0,5}?)"
    r"(?=[,.;:)]|\s(?:in|for|from|to|by|and|that|which|was|were|is|are|since|between|over|went"
    r"|goes|go|has|have|had)\b|$)"
)
# "69% of which were ...": a percent of what the sentence said before; the name is a need
_PRONOUNS = frozenset(
    ["which", "whom", "them", "these", "those", "this", "that", "it", "its", "all", "each"]
)
_CHANGE_WORD = re.compile(
    r"\b(?P<word>increase|decrease|cut|decline|reduction|rise|drop|growth|jump|fall)\b", re.I
)
_RATE_NAME = re.compile(r"(?P<name>(?:[A-Za-z-]+\s){0,2}rate)\s+(?:of\s+|was\s+|at\s+|stood at\s+)"
                        r"(?:about\s+|some\s+|nearly\s+|roughly\s+)?$", re.I)
_BASES = {"one million": "1,000,000", "a million": "1,000,000", "million": "1,000,000",
          "thousand": "1,000"}


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def changes(sentence: Sentence, context: Context) -> list[Candidate]:
    text = sentence.text
    out = []
    for m in P.CHANGE.regex.finditer(text):
        name = m.group("name").strip()
        unit = name.split()[-1]
        for value, year, q in ((m.group("a"), m.group("y1"), None),
                               (m.group("b"), m.group("y2"), m.group("q"))):
            fields = {"kind": "indicator", "name": name, "value": _number(value),
                      "unit": unit, "period_start": year, "period_end": year}
            if q:
                fields["qualifier"] = "about"
            out.append(Candidate(fields, sentence.index, ["name, unit, period"]))
    for m in P.MULTIPLE.regex.finditer(text):
        times = {"doubled": 2, "tripled": 3, "quadrupled": 4}[m.group("times")]
        fields = {"kind": "indicator", "name": f"Change in {m.group('name').strip()}",
                  "value": Decimal(times), "unit": "multiple", "period_start": m.group("y1"),
                  "period_end": m.group("y2")}
        out.append(Candidate(fields, sentence.index, ["name, unit, period"]))
    return out


def rates(sentence: Sentence, context: Context) -> list[Candidate]:
    out: list[Candidate] = []
    for m in P.RATE.regex.finditer(sentence.text):
        base = _BASES.get(m.group("base"), m.group("base"))
        unit = f"per {base} {m.group('unit')}"
        named = _RATE_NAME.search(sentence.text[: m.start()])
        noun = m.group("noun").strip()
        name = re.sub(r"^(?:a|an|the)\s+", "", named.group("name"), flags=re.I) if named else (
            noun or None)
        fields: dict[str, Any] = {"kind": "indicator", "value": _number(m.group("value")),
                                  "unit": unit}
        needs = []
        if name:
            fields["name"] = name
        else:
            needs.append("name")
        out.append(Candidate(fields, sentence.index, ["name, period"], needs=needs))
    return out


def percents(sentence: Sentence, context: Context) -> list[Candidate]:
    text = sentence.text
    if P.CONDITIONS[0].regex.search(text):
        return []  # a withholding's percent is the condition's
    out: list[Candidate] = []
    for m in P.PERCENT.regex.finditer(text):
        fields: dict[str, Any] = {"kind": "indicator", "value": Decimal(m.group("value")),
                                  "unit": "percent"}
        needs: list[str] = []
        of = _OF.match(text[m.end():])
        near = _CHANGE_WORD.search(text[max(0, m.start() - 25) : m.end() + 15])
        if near:
            fields["name"] = near.group("word").lower()
        elif of and of.group("np").split()[0].lower() not in P.NOT_COUNTED | _PRONOUNS:
            fields["name"] = f"share of {of.group('np')}"
        else:
            needs.append("name")
        out.append(Candidate(fields, sentence.index, ["name: a percent of what?, period"],
                             order=len(out), needs=needs))
    return out


def counts(sentence: Sentence, context: Context) -> list[Candidate]:
    out = []
    for m in P.COUNT.regex.finditer(sentence.text):
        unit_phrase = " ".join(m.group("unit").split())
        words = unit_phrase.split()
        last = words[-1]
        if last.lower() in P.NOT_COUNTED or words[0] in P.MONTHS or words[0].startswith("FY"):
            continue
        if P.NUMBERED.regex.search(sentence.text, 0, m.start()) or words[0] in ("th", "st",
                                                                               "nd", "rd"):
            continue  # "Section 1206 funds", "Title 22 programs", "the 106 th Congress"
        fields = {"kind": "indicator", "name": unit_phrase, "value": _number(m.group("value")),
                  "unit": last}
        out.append(Candidate(fields, sentence.index, ["name, unit, period"]))
    return out
