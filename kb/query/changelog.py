"""`kb changelog`: what changed between two versions, as a memo an analyst would write.

The memo is built from ``kb diff`` (facts paired and classified in SQL): one short sentence
per change, grouped by topic, each with its citation (REPORT@VERSION and the quote).  Every
figure, year and name in a sentence is read from the facts the entry names, never typed;
``MemoEntry.facts`` keeps them so a test can check each sentence against them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from kb.domain.dates import bounded
from kb.domain.describe import QUALIFIER_WORDS, fy_range, money
from kb.domain.kinds import spec
from kb.domain.problems import KbError
from kb.domain.schemas import (
    Appropriation,
    Condition,
    Designation,
    Event,
    FactBase,
    Indicator,
    Measure,
    Phase,
    Program,
)
from kb.query.diff import FactChange, diff_versions
from kb.query.facts import facts_in
from kb.query.filters import Filters
from kb.query.refs import VersionRef, parse_ref, resolve
from kb.store.models import ReportRow, VersionRow

TOPICS = (
    "funding",
    "legislation and conditions",
    "designations",
    "events",
    "programs and phases",
    "statistics",
)
TOPIC_OF = {
    "appropriation": "funding",
    "measure": "legislation and conditions",
    "condition": "legislation and conditions",
    "designation": "designations",
    "event": "events",
    "program": "programs and phases",
    "phase": "programs and phases",
    "indicator": "statistics",
}
# the numbers that moved first, then what is new, what was dropped, and rewordings last
ORDER = ("revised", "added", "removed", "reworded")


@dataclass(frozen=True)
class Citation:
    ref: str  # REPORT@VERSION
    id: str
    quote: str


@dataclass(frozen=True)
class MemoEntry:
    topic: str
    change: str  # revised, added, removed, reworded
    text: str
    citations: tuple[Citation, ...]
    # the facts the sentence is made of: (REPORT@VERSION, fact), old before new
    facts: tuple[tuple[str, FactBase], ...]

    @property
    def ids(self) -> list[str]:
        return list(dict.fromkeys(f.id for _, f in self.facts))

    def as_row(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "change": self.change,
            "ids": self.ids,
            "text": self.text,
            "citations": [f'{c.ref}: "{c.quote}"' for c in self.citations],
        }


@dataclass(frozen=True)
class Memo:
    old: VersionRef
    new: VersionRef
    old_title: str
    new_title: str
    entries: list[MemoEntry]
    reworded_left_out: int  # reworded-only facts not shown (shown with all=True)

    def sections(self) -> list[tuple[str, list[MemoEntry]]]:
        return [
            (topic, [e for e in self.entries if e.topic == topic])
            for topic in TOPICS
            if any(e.topic == topic for e in self.entries)
        ]

    def rows(self) -> list[dict[str, Any]]:
        return [e.as_row() for e in self.entries]


# --- words ------------------------------------------------------------------------------

# field names as a sentence says them
FIELD_WORDS = {
    "successor_of": "successor to",
    "designation_type": "designation",
    "condition_type": "type",
    "measure_type": "type",
    "period_start": "period start",
    "period_end": "period end",
    "fy_start": "first fiscal year",
    "fy_end": "last fiscal year",
    "fy": "fiscal year",
}
UNIT_WORDS = {"percent": "{v}%", "multiple": "{v}-fold", "rank": "no. {v}"}

# how a funding stage reads after a figure ("$10 million, requested"); {m} is the measure
STAGE_WORDS = {
    "requested": "requested",
    "estimated": "estimated",
    "reported": "reported",
    "appropriated": "appropriated",
    "allocated": "allocated",
    "obligated": "obligated",
    "proposed": "proposed",
    "authorized": "authorized",
    "notified": "notified to Congress",
    "committed": "committed",
    "disbursed": "disbursed",
    "committee_reported": "in {m} as reported by committee",
    "house_passed": "in {m} as passed by the House",
    "senate_passed": "in {m} as passed by the Senate",
    "house_introduced": "in {m} as introduced in the House",
    "senate_introduced": "in {m} as introduced in the Senate",
}
# what an earlier stage was, in "now reported (was an estimate)"
WAS_WORDS = {"estimated": "an estimate", "requested": "a request"}
MEASURE_STAGES = {
    "enacted": "enacted",
    "introduced": "introduced",
    "house_introduced": "introduced in the House",
    "senate_introduced": "introduced in the Senate",
    "committee_reported": "reported by committee",
    "house_passed": "passed by the House",
    "senate_passed": "passed by the Senate",
    "issued": "issued",
}
MEASURE_TYPES = {
    "law": "law",
    "bill": "bill",
    "committee_report": "committee report",
    "executive_order": "executive order",
    "other": "",
}


def when(date: str | None, bound: str = "on") -> str:
    """'2025' -> '2025'; '2025-02' -> 'February 2025'; '2024-07-15' -> 'July 15, 2024';
    with its bound: 'by March 2025', 'since 2019', 'October 2020 or later'."""
    return bounded(date, bound, words=True) or "undated"


def number(value: Decimal) -> str:
    text = f"{value:,}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _fy(start: int, end: int) -> str:
    return f"FY{start}" if start == end else f"FY{start}-FY{end}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    """Capitalised, with one full stop (a summary may end in '."' already)."""
    text = _capital(text.rstrip())
    return text if text.endswith((".", '."', ".”", "?", "!")) else text + "."


class _Context:
    """Names of the facts a sentence refers to (a measure's citation, a program's name),
    as each version states them."""

    def __init__(self, conn: Connection, old: VersionRef, new: VersionRef) -> None:
        self.names: dict[tuple[str, str], str] = {}
        for record in facts_in(conn, [old, new], kind="measure"):
            assert isinstance(record.fact, Measure)
            self.names[(record.ref, record.fact.id)] = record.fact.citation
        for record in facts_in(conn, [old, new], kind="program"):
            assert isinstance(record.fact, Program)
            self.names[(record.ref, record.fact.id)] = record.fact.name

    def name(self, ref: str, slug: str | None) -> str | None:
        return None if slug is None else self.names.get((ref, slug), slug)


# --- funding ------------------------------------------------------------------------------


def _subject(f: Appropriation) -> str:
    account = f.account.replace("+", " and ") if f.account else None
    if f.recipient.lower() == "global":
        return f"{account} worldwide" if account else "Global assistance"
    if account:
        return f"{account} for {f.recipient}"
    if f.fy_start != f.fy_end and f.status == "appropriated":
        return f"Total for {f.recipient}"
    return f"{f.recipient} (no account given)"


def _figure(f: Appropriation) -> str:
    per_year = " a year" if f.qualifier == "average_per_year" else ""
    return f"{QUALIFIER_WORDS[f.qualifier]}{money(f.amount_usd)}{per_year}"


def _stage(f: Appropriation, ctx: _Context, ref: str) -> str:
    measure = ctx.name(ref, f.measure) or "the bill"
    words = STAGE_WORDS.get(f.status, f.status.replace("_", " "))
    return words.format(m=measure)


def _purpose(f: Appropriation) -> str:
    # a short purpose says what an earmark is for; a long one stays in the quote
    return f" for {f.purpose}" if f.purpose and len(f.purpose) <= 100 else ""


def _funding_line(f: Appropriation, ctx: _Context, ref: str) -> str:
    return (
        f"{_subject(f)}, {_fy(f.fy_start, f.fy_end)}: {_figure(f)}{_purpose(f)}, "
        f"{_stage(f, ctx, ref)}"
    )


def _funding_group(facts: list[Appropriation], ctx: _Context, ref: str) -> str | None:
    """Figures of one sentence for one recipient, years and stage, largest first:
    "Mexico, FY2024, requested: $127.1 million (no account given); $48 million INCLE; ..."."""
    first = facts[0]
    same = {(f.recipient, f.fy_start, f.fy_end, f.status, f.measure) for f in facts}
    if len(facts) < 2 or len(same) > 1:
        return None
    parts = [
        f"{_figure(f)}{_purpose(f)} "
        + (f.account.replace("+", " and ") if f.account else "(no account given)")
        for f in sorted(facts, key=lambda f: -f.amount_usd)
    ]
    whom = "worldwide" if first.recipient.lower() == "global" else first.recipient
    head = f"{whom}, {_fy(first.fy_start, first.fy_end)}, {_stage(first, ctx, ref)}"
    return f"{_capital(head)}: {'; '.join(parts)}"


def _funding_revised(a: Appropriation, b: Appropriation, ctx: _Context, old: str, new: str) -> str:
    moved = a.amount_usd != b.amount_usd or a.qualifier != b.qualifier
    years = (a.fy_start, a.fy_end) != (b.fy_start, b.fy_end)
    if years and a.fy_start == b.fy_start:
        text = (
            f"{_subject(b)} since FY{b.fy_start}: {_figure(b)} for {_fy(b.fy_start, b.fy_end)} "
            f"(was {_figure(a)} for {_fy(a.fy_start, a.fy_end)})"
        )
    elif years:
        text = (
            f"{_subject(b)}, {_fy(b.fy_start, b.fy_end)}: {_figure(b)} "
            f"(was {_figure(a)} for {_fy(a.fy_start, a.fy_end)})"
        )
    elif moved:
        text = f"{_subject(b)}, {_fy(b.fy_start, b.fy_end)}: {_figure(b)} (was {_figure(a)})"
    else:
        text = f"{_subject(b)}, {_fy(b.fy_start, b.fy_end)}{_purpose(b)}: {_figure(b)}"
    if a.status != b.status:
        was = WAS_WORDS.get(a.status, _stage(a, ctx, old))
        text += f", now {_stage(b, ctx, new)} (was {was})"
    for name in ("account", "recipient", "measure", "program"):
        before, after = getattr(a, name), getattr(b, name)
        if before != after:
            if name in ("measure", "program"):
                before, after = ctx.name(old, before), ctx.name(new, after)
            if name == "program":
                if after is None:
                    # One program per figure: a figure spanning several names none, and what
                    # the text attributes it to is its purpose; never "no longer attributed".
                    text += (
                        f"; now for {b.purpose} (was the {before} alone)"
                        if b.purpose
                        else f"; program not recorded in the new version (was the {before})"
                    )
                else:
                    text += f"; now attributed to the {after}" + (
                        f" (was the {before})" if before else ""
                    )
            else:
                text += f"; {name} now {after or 'not given'} (was {before or 'not given'})"
    return text


# --- the other kinds --------------------------------------------------------------------


def _measure_label(m: Measure, ctx: _Context, ref: str) -> str:
    kind = MEASURE_TYPES.get(m.measure_type, "")
    if m.accompanies:
        kind += f" on {ctx.name(ref, m.accompanies)}"
    stage = MEASURE_STAGES.get(m.stage, m.stage)
    if m.measure_type == "committee_report" and m.stage == "committee_reported":
        stage = ""  # a committee report is reported by committee
    details = ", ".join(x for x in (kind, stage, f"FY{m.fy}" if m.fy else "") if x)
    title = f", {m.title}" if m.title else ""
    return f"{m.citation}{title} ({details})"


def _condition_label(c: Condition, ctx: _Context, ref: str) -> str:
    return f"{ctx.name(ref, c.measure)}, {c.condition_type}: {c.conditioned}" + (
        f" (deadline: {c.deadline})" if c.deadline else ""
    )


def _indicator_label(i: Indicator) -> str:
    form = UNIT_WORDS.get(i.unit, "{v} " + i.unit)
    value = QUALIFIER_WORDS[i.qualifier] + form.format(v=number(i.value))
    ends = [p for p in (i.period_start, i.period_end) if p]
    period = "-".join(when(p) for p in dict.fromkeys(ends))
    return f"{i.name}: {value}" + (f" ({period})" if period else "")


def _label(fact: FactBase, ctx: _Context, ref: str) -> str:
    match fact:
        case Appropriation():
            return _funding_line(fact, ctx, ref)
        case Measure():
            return _measure_label(fact, ctx, ref)
        case Condition():
            return _condition_label(fact, ctx, ref)
        case Designation():
            who = fact.designee or f"{fact.count} entities"
            by = f" by the {fact.agency}" if fact.agency else ""
            dated = when(fact.date, fact.date_bound)
            return f"{who} designated {fact.designation_type}{by} ({dated})"
        case Event():
            return f"({when(fact.date, fact.date_bound)}) {fact.summary}"
        case Program():
            span = f"{bounded(fact.start, fact.date_bound) or '?'} to {fact.end or 'present'}"
            return f"{fact.name} ({span})"
        case Phase():
            program = ctx.name(ref, fact.program)
            if fact.start:
                return f"{fact.name} of the {program}, from {when(fact.start, fact.date_bound)}"
            span = fy_range(fact.fy_start, fact.fy_end)
            return f"{fact.name} of the {program}" + (f", {span}" if span else "")
        case Indicator():
            return _indicator_label(fact)
    return fact.id


def _shown(name: str, value: Any, ctx: _Context, ref: str) -> str:
    if value is None:
        return "ongoing" if name == "end" else "not stated"
    if name in ("program", "successor_of"):
        return f"the {ctx.name(ref, value)}"
    if name in ("measure", "accompanies"):
        return ctx.name(ref, value) or "not stated"
    if name in ("date", "start", "end", "period_start", "period_end"):
        return when(value)
    if name == "stage":
        return MEASURE_STAGES.get(value, value)
    if name == "status":
        return STAGE_WORDS.get(value, value).format(m="the bill")
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, Decimal):
        return number(value)
    return str(value)


def _revised(a: FactBase, b: FactBase, ctx: _Context, old: str, new: str) -> str:
    if isinstance(a, Appropriation) and isinstance(b, Appropriation):
        return _funding_revised(a, b, ctx, old, new)
    changes = []
    # the date a bound qualifies: an event's, designation's or measure's date, a start
    dated = "date" if "date" in type(b).model_fields else "start"
    for name in spec(b.kind).value_fields:
        before, after = getattr(a, name), getattr(b, name)
        if before == after:
            continue
        if name == "date_bound":
            if getattr(a, dated) != getattr(b, dated):
                continue  # said with the date
            name, before, after = dated, getattr(a, dated), getattr(b, dated)
        field = FIELD_WORDS.get(name, name.replace("_", " "))
        was = _shown(name, before, ctx, old)
        if name == dated and before is not None:
            was = when(before, getattr(a, "date_bound", "on"))
        if isinstance(b, Event) and name == "date":
            changes.append(f"dated {was} before")
        elif isinstance(b, Event) and name == "summary":  # the label says it as it is now
            changes.append(f"was: {str(before).rstrip('.')}")
        elif isinstance(b, Indicator) and name == "value":  # the label has the new value
            changes.append(f"was {was}")
        elif after is None:
            changes.append(f"{field} no longer stated (was {was})")
        elif before is None and name != "end":
            changes.append(f"{field} {_shown(name, after, ctx, new)} (newly stated)")
        elif name == dated:
            changes.append(f"{field} now {when(after, getattr(b, 'date_bound', 'on'))} (was {was})")
        else:
            changes.append(f"{field} now {_shown(name, after, ctx, new)} (was {was})")
    label = _label(b, ctx, new).rstrip(".")
    if isinstance(b, Event | Indicator):  # the sentence or figure first, what moved after it
        return f"{label} ({'; '.join(changes)})"
    return f"{label}: {'; '.join(changes)}"


# --- the memo ---------------------------------------------------------------------------


def _versions(conn: Connection, refs: list[str]) -> tuple[VersionRef, VersionRef]:
    """Two versions: as given; or REPORT (its last two) or REPORT@V (V and the one before)."""
    if len(refs) == 2:
        return resolve(conn, refs[0]), resolve(conn, refs[1])
    if len(refs) != 1:
        raise KbError("give REPORT, REPORT@VERSION, or two versions REPORT@V1 REPORT@V2")
    number_, date = parse_ref(refs[0])
    last = resolve(conn, refs[0])
    dates = (
        conn.execute(
            select(VersionRow.date)
            .join(ReportRow, ReportRow.id == VersionRow.report_id)
            .where(ReportRow.number == number_, VersionRow.date < last.date)
            .order_by(VersionRow.date.desc())
            .limit(1)
        )
        .scalars()
        .all()
    )
    if not dates:
        which = "" if date is None else f" before {last}"
        raise KbError(f"{number_} has no version{which} to compare {last} with")
    return resolve(conn, f"{number_}@{dates[0].isoformat()}"), last


def _title(conn: Connection, ref: VersionRef) -> str:
    return conn.execute(
        select(VersionRow.title).where(VersionRow.id == ref.version_id)
    ).scalar_one()


def changelog(conn: Connection, refs: list[str], all_changes: bool = False) -> Memo:
    """The memo of what changed from the older version to the newer one."""
    refs = list(Filters.parse(at=refs).at)  # each reference checked as --at is, before any read
    old, new = _versions(conn, refs)
    if old.date >= new.date:
        raise KbError(f"{old} is not older than {new}; give the older version first")
    diff = diff_versions(conn, str(old), str(new))
    ctx = _Context(conn, old, new)
    o, n = str(old), str(new)
    shown = [c for c in diff.changes if all_changes or c.change != "reworded"]
    replacing = {i for c in shown for i in c.superseded_by}
    stated = {r.fact.id: r.fact for r in facts_in(conn, [new], ids=replacing)} if replacing else {}
    entries = [
        *_grouped([c for c in shown if c.change in ("added", "removed")], ctx, o, n, stated),
        *(_entry(c, ctx, o, n) for c in shown if c.change in ("revised", "reworded")),
    ]
    rank: Callable[[MemoEntry], tuple[int, int]] = lambda e: (  # noqa: E731
        TOPICS.index(e.topic),
        ORDER.index(e.change),
    )
    entries.sort(key=rank)  # stable: within a change, in the diff's order
    left_out = 0 if all_changes else sum(1 for c in diff.changes if c.change == "reworded")
    return Memo(old, new, _title(conn, old), _title(conn, new), entries, left_out)


def _entry(change: FactChange, ctx: _Context, old: str, new: str) -> MemoEntry:
    a, b = change.before, change.after
    assert a is not None and b is not None
    if change.change == "revised":
        text = _revised(a, b, ctx, old, new)
    else:
        text = f"Reworded: {_label(b, ctx, new)}"
    return MemoEntry(
        TOPIC_OF[change.kind],
        change.change,
        _sentence(text),
        (Citation(new, b.id, b.quote),),
        ((old, a), (new, b)),
    )


def _grouped(
    changes: list[FactChange],
    ctx: _Context,
    old: str,
    new: str,
    stated: dict[str, FactBase],
) -> list[MemoEntry]:
    """Added and removed facts; facts of one change and kind that share their sentence
    (the FY2024 request and its INCLE and ESF parts) make one entry with one citation.
    A superseded fact is an entry of its own, naming what replaced it (``stated``: the new
    version's facts by id)."""
    groups: dict[tuple[str, str, str, tuple[str, ...]], list[FactChange]] = {}
    for change in changes:
        fact = change.after or change.before
        assert fact is not None
        key = (change.change, change.kind, fact.quote, tuple(change.superseded_by))
        groups.setdefault(key, []).append(change)
    entries = []
    for (kind_change, kind, quote, by), members in groups.items():
        ref = new if kind_change == "added" else old
        facts = [f for m in members if (f := m.after or m.before) is not None]
        funding = [f for f in facts if isinstance(f, Appropriation)]
        grouped = _funding_group(funding, ctx, ref) if len(funding) == len(facts) else None
        said = grouped or "; ".join(_label(f, ctx, ref).rstrip(".") for f in facts)
        named = [(ref, f) for f in facts]
        citations = [Citation(ref, facts[0].id, quote)]
        if kind_change == "added":
            text = "New: " + said
        elif by:
            instead = [stated[i] for i in by]
            text = f"Replaced: {said}; now " + "; ".join(
                _label(f, ctx, new).rstrip(".") for f in instead
            )
            named += [(new, f) for f in instead]
            citations += [Citation(new, f.id, f.quote) for f in instead]
        else:
            text = "No longer stated: " + said
        entries.append(
            MemoEntry(TOPIC_OF[kind], kind_change, _sentence(text), tuple(citations), tuple(named))
        )
    return entries
