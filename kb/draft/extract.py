"""Candidate facts from sentences: every registered extractor (kb.draft.extractors) runs on
each sentence with the context the text has built so far, then the context moves on.

The context is what an earlier sentence said when a later one leaves it implicit: "First
Phase: FY2008-FY2010. Congress appropriated $1.5 billion" gives the figure its fiscal years;
"The House-passed version ... The bill also would stipulate ... $175 million" gives it its
stage; a heading "FY2024 Appropriations" gives the paragraphs under it their year.
"""

from __future__ import annotations

import datetime as dt

from kb.domain.places import places_in
from kb.draft import patterns as P
from kb.draft.extractors import EXTRACTORS, Candidate, Context
from kb.draft.extractors.events import first_date
from kb.draft.extractors.money import (
    appropriations,
    fiscal_years,
    money_in,
    places_named,
    sentence_status,
)
from kb.draft.segment import Sentence

__all__ = ["Candidate", "Context", "appropriations", "extract", "money_in", "subject_of"]


def subject_of(title: str | None) -> str | None:
    """The one recipient a title names ("U.S. Security Assistance to Ukraine"), else None."""
    if not title:
        return None
    found = {p[2] for p in places_in(title)}
    return found.pop() if len(found) == 1 else None


def _is_heading(s: Sentence, next_paragraph: bool) -> bool:
    text = s.text
    return next_paragraph and len(text) <= 90 and not text.endswith((".", ":", ";", ","))


def extract(
    sentences: list[Sentence],
    skip: set[int] | None = None,
    *,
    version: dt.date | None = None,
    title: str | None = None,
) -> list[Candidate]:
    """Candidates from every sentence not in ``skip`` (sentences already quoted by carried or
    revised facts still feed the context: fiscal years, stage, the last measure cited)."""
    skip = skip or set()
    ctx = Context(version=version, subject=subject_of(title))
    seen_measures: set[str] = set()
    out: list[Candidate] = []
    for n, s in enumerate(sentences):
        if s.paragraph != ctx.paragraph:
            ctx.fy, ctx.status, ctx.year, ctx.recipient = None, None, None, None
            ctx.paragraph = s.paragraph
            single = n + 1 == len(sentences) or sentences[n + 1].paragraph != s.paragraph
            if _is_heading(s, single):
                ctx.heading = s.text
                fys = fiscal_years(s.text)
                ctx.heading_fy = fys[-1][2:] if fys else None
        found: list[Candidate] = []
        for extractor in EXTRACTORS:
            got = extractor(s, ctx)
            for c in got:
                _advance(ctx, c, seen_measures)
            found += [c for c in got if not (c.kind == "measure" and c.fields.get("_seen"))]
        for c in found:
            c.fields.pop("_seen", None)
        if s.index not in skip:
            out.extend(found)
        _move_on(ctx, s, found)
    return out


def _advance(ctx: Context, c: Candidate, seen_measures: set[str]) -> None:
    """What a candidate tells the extractors after it: the measure cited, the program."""
    if c.kind == "measure":
        slug = str(c.fields["id"])
        ctx.measure = slug
        if slug in seen_measures:
            c.fields["_seen"] = True
        seen_measures.add(slug)
    elif c.kind == "program":
        ctx.program = str(c.fields["id"])


def _move_on(ctx: Context, s: Sentence, found: list[Candidate]) -> None:
    figures = [c.fields for c in found if c.kind == "appropriation"
               and c.fields.get("fy_start") and c.fields.get("fy_end")]
    fys = fiscal_years(s.text)
    if figures:  # the paragraph's years are its last figure's ("From that total, $X ...")
        ctx.fy = (int(figures[-1]["fy_start"]), int(figures[-1]["fy_end"]))
    elif fys:
        ctx.fy = fys[-1][2:]
    ctx.status = sentence_status(s.text) or ctx.status
    # the paragraph's recipient: the one its sentence's first figure goes to, else the one
    # place the sentence names ("..., the latter to be shared with Iraq" leaves it unchanged)
    recipients = [c.fields.get("recipient") for c in found if c.kind == "appropriation"]
    places = {p[2] for p in places_named(s.text)}
    if recipients and recipients[0]:
        ctx.recipient = recipients[0]
    elif len(places) == 1 and not recipients:
        ctx.recipient = places.pop()
    # The year carries to the next sentence only: an undated action right after a dated
    # one ("In 2019, ... disbanded the federal police. Instead, the government created").
    date = first_date(s.text, ctx.year)
    if date is None and ctx.year and P.EVENT_VERBS.regex.search(s.text):
        date = ctx.year
    ctx.year = date[:4] if date else None
