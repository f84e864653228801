"""A draft of one revision's facts: candidates extracted, aligned to the reference, named.

No files and no database here: ``build_draft`` takes the revision text and the reference facts
and returns typed objects; kb.draft.write writes them, kb.cli.draft renders the review table.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from kb.domain.dates import MONTHS
from kb.domain.schemas import KINDS, FactBase
from kb.domain.vocabulary import FUNDING_STAGES
from kb.draft.align import Alignment, Drafted, align
from kb.draft.extract import Candidate, extract
from kb.draft.segment import sentences
from kb.ingest.quotes import normalise

_STOP = "a an the of in on at to for and or but by with from as is was were has have had its it "
_STOP += "that which this these those then also after before since during u.s than more"
STOPWORDS = frozenset(_STOP.split())


@dataclass
class Draft:
    facts: list[Drafted]  # in the order of the text
    dropped: list[FactBase]
    skipped: list[tuple[dict[str, Any], str]] = field(default_factory=list)  # (fields, why)
    seconds: float = 0.0
    needs: list[str] = field(default_factory=list)  # the version header's: title, layout
    header_check: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = Counter(d.review for d in self.facts)
        return {
            "carried": found["carried"],
            "revised": found["revised"],
            "new": found["new"],
            "dropped": len(self.dropped),
        }


def build_draft(
    text: str,
    reference: list[FactBase],
    taken_ids: dict[str, str] | None = None,
    *,
    version: dt.date | None = None,
    title: str | None = None,
    others: list[FactBase] | None = None,
) -> Draft:
    """Draft the facts of ``text``; ``reference`` is the version aligned to (may be empty);
    ``taken_ids`` are the ids (and their kinds) the report uses in any version: new ids avoid
    them, except a measure's, whose id is its citation (the same measure keeps its id).
    ``others`` are the facts of the report's other held versions: one still quoted verbatim is
    carried, and a figure restated with its key keeps its id."""
    started = time.perf_counter()
    spans = sentences(text)
    candidates = extract(spans, version=version, title=title)
    alignment = align(reference, text, spans, candidates) if reference else Alignment([], [], set())
    facts = list(alignment.facts)
    dropped = list(alignment.dropped)
    _drop_orphans(facts, dropped)
    elsewhere = [f for f in others or [] if f.id not in {d.id for d in facts}]
    restatable: list[FactBase] = []  # other versions' figures a new figure may restate
    if elsewhere:  # verbatim in another held version: carried from it
        flat = normalise(text)
        verbatim = [f for f in elsewhere if normalise(f.quote) in flat]
        carried = align(verbatim, text, spans, candidates).facts if verbatim else []
        for d in carried:
            d.check.append("carried from another held version")
        facts.extend(carried)
        restatable = [f for f in elsewhere if f not in verbatim and f.kind == "appropriation"]
        reference = [*reference, *verbatim]
    taken = dict(taken_ids or {})
    ids = {d.id for d in facts} | set(taken) | {f.id for f in reference}
    have_measures = {
        re.sub(r"\s", "", str(d.fields.get("citation", ""))): d.id
        for d in facts
        if d.kind == "measure"
    }
    covered = {i for d in facts for i in d.sentences}
    # A figure a carried fact states (whatever its fields now read) or a revised fact took
    # is not drafted again beside it.
    known_figures = Counter(
        (i, Decimal(str(d.fields["amount_usd"])))
        for d in facts if d.kind == "appropriation" and d.review == "carried" for i in d.sentences
    )
    renamed: dict[str, str] = {}
    new: list[Drafted] = []
    for c in candidates:
        if c.kind == "appropriation":
            figure = (c.sentence, Decimal(str(c.fields["amount_usd"])))
            if id(c) in alignment.consumed:
                continue
            if known_figures[figure] > 0:
                known_figures[figure] -= 1
                continue
        elif c.sentence in covered:
            continue
        if _restates(c, facts + new):
            continue
        if c.kind == "measure":
            citation = re.sub(r"\s", "", str(c.fields["citation"]))
            if citation in have_measures:
                renamed[str(c.fields["id"])] = have_measures[citation]
                continue
            have_measures[citation] = str(c.fields["id"])
        quote = spans[c.sentence].text
        restated = _restated_figure(c, dropped) or _restated_figure(c, restatable)
        if restated is not None:  # the same figure, told in another sentence: its id
            for pool in (dropped, restatable):
                if restated in pool:
                    pool.remove(restated)
            new.append(_revised_from(restated, c, quote))
            ids.add(restated.id)
            continue
        fields = dict(c.fields)
        wanted = str(fields.pop("id", "")) or _name(c)
        same_measure = c.kind == "measure" and taken.get(wanted) == "measure"
        in_draft = any(d.id == wanted for d in facts) or any(d.id == wanted for d in new)
        fact_id = wanted if same_measure and not in_draft else _unique(wanted, ids)
        ids.add(fact_id)
        if c.kind == "measure":
            renamed[wanted] = fact_id
        new.append(
            Drafted({"id": fact_id, **fields, "quote": quote}, "new", list(c.check),
                    sentences=(c.sentence,), needs=list(c.needs))
        )
    for d in new:  # references follow renamed measures
        if d.fields.get("measure") in renamed:
            d.fields["measure"] = renamed[d.fields["measure"]]
    facts.extend(new)
    skipped = _resolve_references(facts)
    facts, invalid = _validated(facts)
    skipped += invalid
    facts.sort(key=lambda d: (min(d.sentences) if d.sentences else -1, _rank(d)))
    return Draft(facts, dropped, skipped, time.perf_counter() - started)


def _restated_figure(c: Candidate, dropped: list[FactBase]) -> FactBase | None:
    """The reference figure a new figure restates in another sentence: the one dropped
    appropriation with the same amount, account and recipient (its fiscal years or wording
    may have moved: "$300 million for USAI" in another paragraph); else the one running total
    it continues."""
    if c.kind != "appropriation":
        return None
    mine = (Decimal(str(c.fields["amount_usd"])), c.fields.get("account"),
            c.fields.get("recipient"))
    found = [f for f in dropped if f.kind == "appropriation" and (
        Decimal(str(getattr(f, "amount_usd", None) or 0)), getattr(f, "account", None),
        getattr(f, "recipient", None)) == mine]
    if not found:
        found = [f for f in dropped if f.kind == "appropriation" and _grown_total(f, c)]
    if not found:  # the line item's latest stage before this one
        staged = [f for f in dropped if f.kind == "appropriation" and _next_stage(f, c)]
        latest = max((_stage(f) for f in staged), default=None)
        found = [f for f in staged if _stage(f) == latest]
    return found[0] if len(found) == 1 else None


def _stage(f: FactBase) -> int:
    return FUNDING_STAGES.index(str(getattr(f, "status", None)))


_BILL = ("requested", "proposed", "house_introduced", "senate_introduced", "committee_reported",
         "house_passed", "senate_passed")


def _next_stage(old: FactBase, c: Candidate) -> bool:
    """One account's line item moving on from a request or a bill to the act ("$2.1 billion in
    ESF" the House passed -> "$2 billion in ESF" enacted): the same account, recipient and
    fiscal years, a bill's stage before and a later one now."""
    d = c.fields
    if not d.get("account") or d.get("status") is None:
        return False
    same = all(getattr(old, k, None) == d.get(k)
               for k in ("account", "recipient", "fy_start", "fy_end"))
    before, now = getattr(old, "status", None), str(d["status"])
    return (same and before in _BILL and now in FUNDING_STAGES
            and FUNDING_STAGES.index(now) > FUNDING_STAGES.index(before))


def _grown_total(old: FactBase, c: Candidate) -> bool:
    """A running total told again with a later end and a larger amount ("more than $43.9
    billion since February 2022" -> "more than $52 billion" since then): the same first year,
    account, recipient and status."""
    d = c.fields
    start, end = getattr(old, "fy_start", None), getattr(old, "fy_end", None)
    if start is None or end is None or start == end:
        return False  # a single year's figure is not a running total
    if d.get("fy_start") != start or d.get("fy_end") is None:
        return False
    same = all(getattr(old, k, None) == d.get(k) for k in ("account", "recipient", "status"))
    return (same and start < int(d["fy_end"]) and end <= int(d["fy_end"])
            and Decimal(str(d["amount_usd"])) >= Decimal(str(getattr(old, "amount_usd", 0))))


def _revised_from(old: FactBase, c: Candidate, quote: str) -> Drafted:
    before = {k: v for k, v in old.model_dump().items() if v not in (None, [], "")}
    after = {"id": old.id, **{k: v for k, v in c.fields.items() if k != "id"}, "quote": quote}
    was = {k: v for k, v in before.items() if after.get(k) != v and k not in ("id", "kind")}
    check = ["restated in another sentence: same amount, account and recipient", *c.check]
    return Drafted(after, "revised", check, was, sentences=(c.sentence,), needs=list(c.needs))


# What makes two drafted facts of a kind the same statement (a program heading and the
# program carried from the reference; the same designation told twice).
_SAME: dict[str, tuple[str, ...]] = {
    "program": ("name",),
    "phase": ("fy_start", "fy_end"),
    "designation": ("designation_type", "date"),
}


def _restates(c: Candidate, facts: list[Drafted]) -> bool:
    keys = _SAME.get(c.kind)
    if keys is None:
        return False
    mine = tuple(c.fields.get(k) for k in keys)
    return any(d.kind == c.kind and tuple(d.fields.get(k) for k in keys) == mine for d in facts)


def _rank(d: Drafted) -> int:
    return ["program", "phase", "measure", "appropriation", "condition", "designation",
            "event", "indicator"].index(d.kind)


def _drop_orphans(facts: list[Drafted], dropped: list[FactBase]) -> None:
    """A revised condition or figure whose measure was dropped goes too (its sentence is about
    another measure now)."""
    while True:
        gone = {f.id for f in dropped}
        orphans = [
            d for d in facts
            if d.review == "revised" and d.fields.get("measure") in gone and d.kind == "condition"
        ]
        if not orphans:
            return
        for d in orphans:
            facts.remove(d)
            dropped.append(KINDS[d.kind].model_construct(**{**d.fields, **{
                k: v for k, v in d.old.items() if v is not None}}))


def _resolve_references(facts: list[Drafted]) -> list[tuple[dict[str, Any], str]]:
    ids = {d.id: d.kind for d in facts}
    skipped = []
    for d in list(facts):
        for name, wanted in KINDS[d.kind].references.items():
            target = d.fields.get(name)
            if target is None or ids.get(target) == wanted:
                continue
            if name == "measure" and d.kind == "condition":
                facts.remove(d)
                skipped.append((d.fields, f"its measure {target!r} is not in the draft"))
                break
            d.fields.pop(name)
    return skipped


# Stand-ins for the fields a drafted fact still needs, so that everything else it holds is
# validated now (the stand-ins are never written).
_STAND_INS: dict[str, Any] = {"fy_start": 2000, "fy_end": 2000, "recipient": "?",
                              "status": "reported", "name": "?", "designee": "?",
                              "date": "2000", "summary": "?"}


def _validated(facts: list[Drafted]) -> tuple[list[Drafted], list[tuple[dict[str, Any], str]]]:
    ok, bad = [], []
    for d in facts:
        # a fact carried from a draft still holds what that draft left open: the same needs
        schema = KINDS[d.kind]
        missing = [name for name, info in schema.model_fields.items()
                   if info.is_required() and name not in d.fields and name in _STAND_INS]
        d.needs = list(dict.fromkeys([*d.needs, *missing]))
        fields = dict(d.fields)
        for name in d.needs:
            fields.setdefault(name, _STAND_INS.get(name))
        if d.needs and "fy_start" in d.needs and "fy_end" not in d.needs:
            fields["fy_start"] = fields["fy_end"]
        if d.needs and "fy_end" in d.needs and "fy_start" not in d.needs:
            fields["fy_end"] = fields["fy_start"]
        try:
            KINDS[d.kind].model_validate(fields)
        except ValidationError as exc:
            bad.append((d.fields, str(exc.errors()[0]["msg"])))
            continue
        ok.append(d)
    return ok, bad


def _name(c: Candidate) -> str:
    f = c.fields
    if c.kind == "appropriation":
        start, end = f.get("fy_start"), f.get("fy_end")
        fy = "fy" + (f"{start}" if start else "") + (f"-fy{end}" if end and end != start else "")
        account = str(f.get("account") or "total").lower().replace("+", "-")
        status = {"appropriated": "", "reported": "", None: ""}.get(f.get("status"),
                                                                    "-" + str(f.get("status")))
        recipient = f.get("recipient") or ""
        return _slug(f"{account}-{recipient}-{fy}{status}")
    if c.kind == "condition":
        return _slug(f"{f['measure']}-{f['condition_type']}")
    if c.kind == "indicator":
        return _slug(f"{f.get('name') or f['unit']}-{f['value']}")
    if c.kind == "designation":
        return _slug(f"{f['designation_type']}-designation-{f.get('date') or ''}")
    summary = unicodedata.normalize("NFKD", str(f.get("summary", "")))
    summary = summary.encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", summary)
             if w.lower() not in STOPWORDS and w not in {"In", "On"}]
    date = str(f.get("date", ""))
    words = [w for w in words if w not in MONTHS][:4]
    return _slug("-".join(words) + f"-{date}")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")
    return slug[:80].rstrip("-") or "fact"


def _unique(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"
