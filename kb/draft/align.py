"""Aligning a new revision with the reference version's facts.

- carried: the reference fact's quote is still verbatim in the new text (same id, same fields);
- revised: its sentence was restated; matched to the new sentence(s) by similarity (rapidfuzz)
  with a bonus when the kind's key is found there (the amount for money, the citation for a
  measure, the year for an event); same id, the new quote, fields re-extracted where kb can,
  the old values kept beside the new for review;
- dropped: no match; listed, not written.

Facts that share a quote (several figures of one sentence) are matched together, then each
figure to the new sentence's figure with the same key (amount, fiscal years, account).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kb.domain.schemas import FactBase
from kb.draft.extract import Candidate, money_in
from kb.draft.patterns import CITATIONS, DATE, PERCENT, PHASE
from kb.draft.segment import Sentence, sentences
from kb.ingest.quotes import normalise

THRESHOLD = 65.0  # similarity (0-100) a restated sentence must reach, bonus included


@dataclass
class Drafted:
    fields: dict[str, Any]  # id, kind, the kind's fields, quote, note
    review: str  # carried | revised | new
    check: list[str] = field(default_factory=list)
    old: dict[str, Any] = field(default_factory=dict)  # revised: the reference's values
    sentences: tuple[int, ...] = ()
    score: float | None = None
    needs: list[str] = field(default_factory=list)  # fields the reviewer must supply

    @property
    def id(self) -> str:
        return str(self.fields["id"])

    @property
    def kind(self) -> str:
        return str(self.fields["kind"])


@dataclass
class Alignment:
    facts: list[Drafted]
    dropped: list[FactBase]
    covered: set[int]  # sentences quoted by carried or revised facts
    consumed: set[int] = field(default_factory=set)  # id() of candidates a revised fact took


def _fields(fact: FactBase) -> dict[str, Any]:
    data = {k: v for k, v in fact.model_dump().items() if v not in (None, [], "")}
    return {"id": data.pop("id"), "kind": data.pop("kind"), **data}


def _covering(text: str, spans: list[Sentence], quote: str) -> tuple[int, ...]:
    """The sentences a verbatim quote covers."""
    flat = normalise(text)
    at = flat.find(normalise(quote))
    if at < 0:
        return ()
    # offsets in the normalised text: walk the sentences' normalised starts
    out, pos = [], 0
    for s in spans:
        start = flat.find(normalise(s.text), pos)
        if start < 0:
            continue
        pos = start
        end = start + len(normalise(s.text))
        if start < at + len(normalise(quote)) and end > at:
            out.append(s.index)
    return tuple(out)


def _key_bonus(facts: list[FactBase], window: str) -> float:
    bonus = 0.0
    amounts = {m.group() for m in money_in(window)}
    for fact in facts:
        quote = fact.quote
        if fact.kind == "appropriation":
            if {m.group() for m in money_in(quote)} & amounts:
                bonus = max(bonus, 12.0)
        elif fact.kind == "measure":
            if normalise(getattr(fact, "citation", "")) in normalise(window):
                bonus = max(bonus, 15.0)
        elif fact.kind in ("event", "designation"):
            date = getattr(fact, "date", None)
            if date and date[:4] in window:
                bonus = max(bonus, 8.0)
        elif fact.kind == "condition":
            old = {m.group() for m in PERCENT.regex.finditer(quote)}
            if old and old & {m.group() for m in PERCENT.regex.finditer(window)}:
                bonus = max(bonus, 8.0)
    return bonus


def _similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return 0.5 * fuzz.ratio(a, b) + 0.5 * fuzz.token_set_ratio(a, b)


def align(
    reference: list[FactBase],
    text: str,
    spans: list[Sentence],
    candidates: list[Candidate],
) -> Alignment:
    flat = normalise(text)
    groups: dict[str, list[FactBase]] = defaultdict(list)
    for fact in reference:
        groups[normalise(fact.quote)].append(fact)
    out: list[Drafted] = []
    covered: set[int] = set()
    pending: list[str] = []
    for quote, facts in groups.items():
        if quote in flat:
            where = _covering(text, spans, quote)
            covered.update(where)
            out.extend(
                Drafted(_fields(f), "carried", sentences=where) for f in facts
            )
        else:
            pending.append(quote)

    # Score every pending quote against windows of as many sentences as it has (and one fewer
    # or more), within a paragraph.
    scored: list[tuple[float, str, tuple[int, ...]]] = []
    for quote in pending:
        n = max(1, len(sentences(quote)))
        for size in {max(1, n - 1), n, n + 1}:
            for i in range(len(spans) - size + 1):
                window = spans[i : i + size]
                if window[0].paragraph != window[-1].paragraph:
                    continue
                joined = " ".join(s.text for s in window)
                score = _similarity(quote, joined) + _key_bonus(groups[quote], joined)
                if score >= THRESHOLD:
                    scored.append((score, quote, tuple(s.index for s in window)))
    scored.sort(key=lambda item: -item[0])
    taken_quotes: dict[str, tuple[tuple[int, ...], float]] = {}
    used: set[int] = set()
    for score, quote, where in scored:
        if quote in taken_quotes or used.intersection(where):
            continue
        taken_quotes[quote] = (where, score)
        used.update(where)

    by_sentence: dict[int, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_sentence[c.sentence].append(c)
    stated = {(Decimal(str(c.fields["amount_usd"])), c.fields.get("account"))
              for c in candidates if c.kind == "appropriation"}
    dropped: list[FactBase] = []
    consumed: set[int] = set()
    for quote in pending:
        if quote not in taken_quotes:
            dropped.extend(groups[quote])
            continue
        where, score = taken_quotes[quote]
        covered.update(where)
        new_quote = text[spans[where[0]].start : spans[where[-1]].end]
        pool = [c for i in where for c in by_sentence[i] if c.kind == "appropriation"]
        figures = _figures([f for f in groups[quote] if f.kind == "appropriation"], pool,
                           stated)
        figures.update(_statistics(
            [f for f in groups[quote] if f.kind == "indicator"],
            [c for i in where for c in by_sentence[i] if c.kind == "indicator"]))
        for fact in groups[quote]:
            revised = _revise(fact, new_quote, figures.get(fact.id))
            if revised is None:
                dropped.append(fact)
                continue
            revised.sentences, revised.score = where, round(score, 1)
            out.append(revised)
            if fact.id in figures:
                consumed.add(id(figures[fact.id]))
    return Alignment(out, dropped, covered, consumed)


def _revise(fact: FactBase, quote: str, match: Candidate | None) -> Drafted | None:
    old = _fields(fact)
    new = dict(old)
    new["quote"] = quote
    check = ["restated"]
    needs: list[str] = []
    if fact.kind == "appropriation":
        if match is None:
            return None
        for key in ("amount_usd", "qualifier", "fy_start", "fy_end", "account", "status"):
            value = match.fields.get(key)
            if value is None and key in match.needs and old.get(key) is not None:
                check.append(f"{key} kept from the reference: the new sentence gives none")
            elif value is None:
                new.pop(key, None)
            else:
                new[key] = value
        if "recipient" not in old and match.fields.get("recipient"):
            new["recipient"] = match.fields["recipient"]
        needs = [k for k in match.needs if new.get(k) is None]
        check.append("figures re-read")
    elif fact.kind in ("event", "designation") and getattr(fact, "date", None):
        from kb.draft.extractors.events import dates_in

        old_date = str(fact.date)  # type: ignore[attr-defined]
        stated = [d for _, d in dates_in(quote)]
        if stated and not any(d.startswith(old_date) or old_date.startswith(d) for d in stated):
            # the old date is not in the new sentence: its date, never the reference's
            same_year = [d for d in stated if d[:4] == old_date[:4]]
            new["date"] = (same_year or stated)[0]
            check.append("date re-read")
        elif stated:
            new["date"] = next(d for d in stated if d.startswith(old_date[:4]))
        elif not DATE.regex.search(quote) and old_date[:4] in fact.quote \
                and old_date[:4] not in quote:
            return None  # its sentence gave its date; the new one gives none: another statement
        elif not DATE.regex.search(quote):
            check.append("date kept from the reference: the new sentence gives none")
        check.append("summary, date")
    elif fact.kind == "phase":
        phase = PHASE.regex.match(quote)
        if phase:  # "First Phase: FY2008-FY2011." re-read, never kept from the reference
            new["fy_start"], new["fy_end"] = int(phase.group("start")), int(phase.group("end"))
        check.append("fiscal years re-read" if phase else "fiscal years: check")
    elif fact.kind == "indicator":
        if match is None and _written(getattr(fact, "value", None), fact.quote):
            return None  # its value is no longer in the sentence
        if match is None:  # a value the reviewer read, not a figure the text writes ("rank 1")
            check.append("value kept from the reference: the text writes no figure for it")
        else:
            new["value"] = match.fields["value"]
            check.append("value re-read")
    elif fact.kind == "condition":
        percents = [Decimal(m.group("value")) for m in PERCENT.regex.finditer(quote)]
        if getattr(fact, "percent", None) is not None and percents:
            new["percent"] = percents[0]
        check.append("conditioned, percent, deadline")
    elif fact.kind == "measure":
        citation = "".join(str(getattr(fact, "citation", "")).split())
        if citation and citation not in "".join(quote.split()) and any(
                c.regex.search(citation) for c in CITATIONS):
            return None  # the new sentence cites something else: not this measure's quote
        check.append("stage")
    if old.get("note"):
        check.append("note (kept from the reference)")
    changed = {k: v for k, v in old.items() if new.get(k) != v}
    changed.update({k: None for k in new if k not in old})
    return Drafted(new, "revised", check, changed, needs=needs)


def _written(value: Any, quote: str) -> bool:
    """Whether a statistic's value is a number its sentence writes."""
    if value is None:
        return False
    numbers = {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", quote)}
    return Decimal(str(value)) in numbers


Tier = Callable[[Any, Candidate], bool]


def _by_tiers(
    facts: list[FactBase], pool: list[Candidate], tiers: list[Tier]
) -> tuple[dict[str, Candidate], list[Candidate]]:
    """Each fact's candidate, one to one, tier by tier over all the facts (the strictest
    match first); the candidates left over."""
    out: dict[str, Candidate] = {}
    left = list(pool)
    for tier in tiers:
        for fact in facts:
            if fact.id in out:
                continue
            found = next((c for c in left if tier(fact, c)), None)
            if found is not None:
                out[fact.id] = found
                left.remove(found)
    return out, left


def _statistics(facts: list[FactBase], pool: list[Candidate]) -> dict[str, Candidate]:
    """The new sentence's statistic for each reference indicator of one sentence: the same
    unit and value; else the same unit and name; else, unit by unit, in the order of the
    sentence (a percent revised from 17.3% to 17.2%)."""
    out, left = _by_tiers(facts, pool, [
        lambda f, c: (c.fields.get("unit"), c.fields.get("value")) == (f.unit, f.value),
        lambda f, c: (c.fields.get("unit"), c.fields.get("name")) == (f.unit, f.name),
    ])
    for unit in {getattr(f, "unit", None) for f in facts}:
        waiting = [f for f in facts if f.id not in out and getattr(f, "unit", None) == unit]
        spare = [c for c in left if c.fields.get("unit") == unit]
        if waiting and len(waiting) == len(spare):
            out.update({f.id: c for f, c in zip(waiting, spare, strict=True)})
    return out


def _figures(
    facts: list[FactBase], pool: list[Candidate], stated: set[tuple[Decimal, Any]] | None = None
) -> dict[str, Candidate]:
    """The new sentence's figure for each reference appropriation of one sentence, tier by
    tier over all of them: same amount, fiscal years and account; then same amount and
    account; then same fiscal years and account; last, one figure left for one fact, when
    the account and the first year agree (a restated total: $3.5 billion FY2008-FY2021 ->
    $3.6 billion FY2008-FY2023). A figure whose amount and account the new text still states
    somewhere (``stated``) is never matched to another amount: it was restated elsewhere."""
    stated = stated or set()

    def elsewhere(f: Any) -> bool:
        return (Decimal(str(f.amount_usd)), f.account) in stated

    def key(c: Candidate) -> tuple[Any, ...]:
        d = c.fields
        return (d["amount_usd"], d.get("fy_start"), d.get("fy_end"), d.get("account"))

    tiers = [
        lambda f, c: key(c) == (f.amount_usd, f.fy_start, f.fy_end, f.account),
        lambda f, c: (c.fields["amount_usd"], c.fields.get("account")) == (f.amount_usd, f.account),
        lambda f, c: (c.fields.get("fy_start"), c.fields.get("account")) == (f.fy_start, f.account)
        and not elsewhere(f),
    ]
    out, left = _by_tiers(facts, pool, tiers)
    unmatched = [f for f in facts if f.id not in out]
    if (
        len(unmatched) == 1
        and len(left) == 1
        and left[0].fields.get("account") == getattr(unmatched[0], "account", None)
        and _same_start(unmatched[0], left[0])
        and not elsewhere(unmatched[0])
    ):
        out[unmatched[0].id] = left[0]
    return out


def _same_start(fact: FactBase, c: Candidate) -> bool:
    """A restated total keeps its first year; one counted from another year (since 2014 ->
    since February 2022) is another figure, whatever the wording shares."""
    old, new = getattr(fact, "fy_start", None), c.fields.get("fy_start")
    return old is None or new is None or old == new
