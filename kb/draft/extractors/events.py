"""Dated events: a sentence that reports something happening at a date it gives (or, for an
undated action right after a dated sentence, at that sentence's year).  A forward-looking or
hypothetical sentence ("Congress may ...", "is expected to") and a date after the revision
are not events."""

from __future__ import annotations

import re

from kb.draft import patterns as P
from kb.draft.extractors.base import Candidate, Context
from kb.draft.extractors.money import money_in
from kb.draft.segment import Sentence

_BOUND = re.compile(r"\b(?:through|until|till|as of|to|ending)\s+$", re.I)
_SINCE = re.compile(r"\bsince\s+(?:(?:19|20)\d{2}\s*(?:,|and|or)\s*)*$", re.I)
_DATED = re.compile(r"\b(?:[Oo]n|[Ii]n|[Bb]y|[Ss]ince|[Ff]rom|[Oo]f)\s+$")
_WHEN = re.compile(r"^\w*\s*(?:\d{4}),?\s+when\b", re.I)


def dates_in(text: str, year: str | None = None) -> list[tuple[int, str]]:
    """(offset, ISO prefix) of every date the text gives, in order."""
    out: list[tuple[int, str]] = []
    for m in P.DATE.regex.finditer(text):
        if m.group("year_only") or m.group("year_adj"):
            out.append((m.start(), str(m.group("year_only") or m.group("year_adj"))))
            continue
        month = P.MONTHS.index(m.group("month")) + 1
        date = f"{m.group('year')}-{month:02d}"
        out.append((m.start(), date + (f"-{int(m.group('day')):02d}" if m.group("day") else "")))
    for only in P.MONTH_ONLY.regex.finditer(text):
        # "in December" takes the year of the date before it in the sentence ("in November
        # 2014 ..., and, in December, Congress approved"), else the paragraph's
        earlier = [d for at, d in out if at < only.start() and len(d) >= 7]
        month = P.MONTHS.index(only.group("month")) + 1
        if earlier:
            last = earlier[-1]
            y = int(last[:4]) + (1 if month < int(last[5:7]) else 0)
            out.append((only.start(), f"{y}-{month:02d}"))
        elif not out and year:
            out.append((only.start(), f"{year}-{month:02d}"))
    return sorted(out)


def first_date(text: str, year: str | None = None) -> str | None:
    found = dates_in(text, year)
    return found[0][1] if found else None


def forward_looking(text: str) -> bool:
    """A modal with no past-tense verb before it: the sentence is about what may happen."""
    modal = P.MODAL.regex.search(text)
    if modal is None:
        return False
    return not P.PAST_VERB.regex.search(text, 0, modal.start())


def _after_version(date: str, context: Context) -> bool:
    if context.version is None:
        return False
    return date[: len(date)] > context.version.isoformat()[: len(date)]


def events(sentence: Sentence, context: Context) -> list[Candidate]:
    text = sentence.text
    if text.startswith("Updated ") or re.match(r"^(?:Updated|Revised)\b", text):
        return []
    if P.CHANGE.regex.search(text) or P.MULTIPLE.regex.search(text):
        return []  # a statistic's years are its period, not events
    if forward_looking(text):
        return []
    has_money = bool(money_in(text))
    found = dates_in(text, context.year)
    check = ["summary, actors, category"]
    if not found and context.year and not has_money and P.EVENT_VERBS.regex.search(text) \
            and not P.PERCENT.regex.search(text):  # a statistic's sentence is no action
        # an action dated by the paragraph: year precision only
        found = [(0, context.year)]
        check.insert(0, "date from an earlier sentence")
    if not (P.PAST_VERB.regex.search(text) or P.EVENT_VERBS.regex.search(text)):
        return []  # no verb, no event: a masthead, a date line, a caption
    out: list[Candidate] = []
    seen: set[str] = set()
    for at, date in found:
        before = text[max(0, at - 12) : at]
        since = _SINCE.search(text[max(0, at - 30) : at]) or text[at : at + 6].lower() == "since "
        if _BOUND.search(before) or (has_money and since):
            # "through October 5, 2023"; "since 2014" in a sentence about money: a period's
            # bound, not an event (a sentence with no figure, "Since 2019, Mexico has
            # surpassed China", dates what happened then)
            continue
        if context.version and date == context.version.isoformat() and sentence.start < 600 \
                and not _DATED.search(text[max(0, at - 6) : at]):
            continue  # the revision's own date in the first lines, not "On ...": its date line
        # a sentence about money is an event only at a calendar date ("On April 24, 2024, ...")
        # or at a year that a "when" clause dates ("From 2014, when Russia first invaded")
        dated_clause = _WHEN.match(text[at : at + 40]) is not None
        if date in seen or _after_version(date, context) or (
                has_money and len(date) < 7 and not dated_clause):
            continue
        seen.add(date)
        out.append(Candidate({"kind": "event", "date": date, "summary": text}, sentence.index,
                             list(check), order=len(out)))
    return out
