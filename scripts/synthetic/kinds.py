"""One generator per kind: ``make`` draws a new content, ``revise`` changes one or two fields.

``make(report, base)`` returns the fields and the sentence (``_quote``); ``base`` holds
fields to keep from a previous content (a revision keeps everything it does not change).
``revise(report, fields)`` changes ``fields`` in place; the report then remakes the
sentence through ``make``.  ``GENERATORS`` is keyed by the names of the kind registry
(``kb.domain.kinds``); ``tests/test_kinds.py`` checks that every kind has one.

The order of the random draws is the corpus: change it and every benchmark corpus changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scripts.synthetic import words as w

if TYPE_CHECKING:
    from scripts.synthetic.report import ReportState

Fields = dict[str, Any]


@dataclass(frozen=True)
class KindGenerator:
    make: Callable[[ReportState, Fields], Fields]
    revise: Callable[[ReportState, Fields], None]


# --- program -------------------------------------------------------------------------


def make_program(r: ReportState, b: Fields) -> Fields:
    rng = r.rng
    name = b.get("name") or (
        f"{rng.choice(w.ADJ)} {rng.choice(w.NOUN)} {rng.choice(w.PROGRAM)} {r.counters['program']}"
    )
    start = b.get("start") or r.random_date(2007, "year")
    end = b.get("end")
    summary = b.get("summary") or f"a package of assistance for {rng.choice(w.PURPOSES)}"
    if "aliases" in b:
        aliases = b["aliases"]
    else:
        aliases = [name.split()[0] + " plan"] if rng.random() < 0.3 else []
    ended = f" and ended in {w.date_words(end)}" if end else ""
    quote = f"The {name}, which began in {w.date_words(start)}{ended}, is {summary}."
    return {
        "name": name,
        "aliases": aliases,
        "start": start,
        "end": end,
        "summary": summary,
        "_quote": quote,
    }


def revise_program(r: ReportState, f: Fields) -> None:
    if f.get("end") is None and r.rng.random() < 0.5:
        f["end"] = str(r.year)
    else:
        f["summary"] = f"a package of assistance for {r.rng.choice(w.PURPOSES)}"


# --- phase ---------------------------------------------------------------------------


def make_phase(r: ReportState, b: Fields) -> Fields:
    rng = r.rng
    program = b.get("program")
    if program not in r.facts:
        program = rng.choice(r.of_kind("program")).id
    pname = r.facts[program].fields["name"]
    name = b.get("name") or f"{rng.choice(w.NOUN)} pillar {r.counters['phase']}"
    fy_start = b.get("fy_start") or rng.randint(2008, r.year)
    fy_end = b.get("fy_end")
    if "fy_end" not in b and rng.random() < 0.5:
        fy_end = rng.randint(fy_start, r.year + 1)
    until = f"through FY{fy_end}" if fy_end else "to the present"
    quote = f"Under the {pname}, the {name} ran from FY{fy_start} {until}."
    return {
        "program": program,
        "name": name,
        "fy_start": fy_start,
        "fy_end": fy_end,
        "summary": b.get("summary"),
        "_quote": quote,
    }


def revise_phase(r: ReportState, f: Fields) -> None:
    f["fy_end"] = r.year + r.rng.randint(0, 1)


# --- appropriation -------------------------------------------------------------------


def make_appropriation(r: ReportState, b: Fields) -> Fields:
    rng = r.rng
    amount = b.get("amount_usd") or rng.choice(
        (rng.randint(1, 999) * 100_000, rng.randint(1, 50) * 10_000_000, rng.randint(1, 99_999))
    )
    qualifier = b.get("qualifier") or rng.choice(w.QUALIFIERS)
    fy_start = b.get("fy_start") or r.random_fy()
    fy_end = b.get("fy_end") or (
        fy_start if rng.random() < 0.88 else min(2100, fy_start + rng.randint(1, 4))
    )
    account = b.get("account", rng.choice(w.ACCOUNTS) if rng.random() < 0.85 else None)
    recipient = b.get("recipient") or rng.choice(w.RECIPIENTS)
    status = b.get("status") or rng.choice(w.STATUSES)
    measure = b.get("measure", "")
    if measure == "" or (measure and measure not in r.facts):
        measures = r.of_kind("measure")
        measure = rng.choice(measures).id if measures and rng.random() < 0.4 else None
    program = b.get("program", "")
    if program == "" or (program and program not in r.facts):
        programs = r.of_kind("program")
        program = rng.choice(programs).id if programs and rng.random() < 0.3 else None
    purpose = b.get("purpose", rng.choice(w.PURPOSES) if rng.random() < 0.6 else None)
    phrase = w.STATUS_PHRASE[status]
    via = f" in {account} assistance" if account else ""
    under = f" under {r.facts[measure].fields['citation']}" if measure else ""
    for_ = f" to support {purpose}" if purpose else ""
    quote = (
        f"For {w.fy_words(fy_start, fy_end)}, {phrase} {w.QUALIFIER_PHRASE[qualifier]}"
        f"{w.money(amount)}{via} for {recipient}{under}{for_}."
    )
    quote = quote[0].upper() + quote[1:]
    return {
        "amount_usd": amount,
        "qualifier": qualifier,
        "fy_start": fy_start,
        "fy_end": fy_end,
        "account": account,
        "recipient": recipient,
        "status": status,
        "measure": measure,
        "program": program,
        "purpose": purpose,
        "_quote": quote,
    }


def revise_appropriation(r: ReportState, f: Fields) -> None:
    rng = r.rng
    roll = rng.random()
    if roll < 0.5:
        f["amount_usd"] = max(1, f["amount_usd"] + rng.randint(-50, 50) * 100_000)
    elif roll < 0.8:
        f["status"] = rng.choice(w.STATUSES)
    else:
        f["qualifier"] = rng.choice(w.QUALIFIERS)
    # absent optional fields stay absent (not drawn again)
    for name in ("account", "measure", "program", "purpose"):
        f.setdefault(name, None)


# --- designation ---------------------------------------------------------------------


def make_designation(r: ReportState, b: Fields) -> Fields:
    rng = r.rng
    designee = b.get("designee") or f"{rng.choice(w.GROUPS)} {r.counters['designation']}"
    dtype = b.get("designation_type") or rng.choice(w.DESIGNATION_TYPES)
    agency = b.get("agency") or rng.choice(w.AGENCIES)
    date = b.get("date") or r.random_date(2009)
    quote = f"In {w.date_words(date)}, the {agency} designated the {designee} as a {dtype}."
    return {
        "designee": designee,
        "designation_type": dtype,
        "agency": agency,
        "date": date,
        "_quote": quote,
    }


def revise_designation(r: ReportState, f: Fields) -> None:
    f["date"] = r.random_date(2009)


# --- event ---------------------------------------------------------------------------


def make_event(r: ReportState, b: Fields) -> Fields:
    rng = r.rng
    date = b.get("date") or r.random_date(2008)
    actors = b.get("actors") or rng.sample(w.ACTORS, rng.randint(1, 3))
    if "category" in b and "_verb" in b:
        category, verb = b["category"], b["_verb"]
    else:
        category, verb = rng.choice(w.EVENT_VERBS)
    topic = b.get("_topic") or rng.choice(w.TOPICS)
    where = b.get("_where") or rng.choice(w.CITIES)
    who = " and ".join(actors)
    summary = f"{who} {verb} {topic} in {where}"
    quote = f"In {w.date_words(date)}, {summary}."
    return {
        "date": date,
        "summary": summary,
        "actors": actors,
        "category": category,
        "_quote": quote,
    }


def revise_event(r: ReportState, f: Fields) -> None:
    f["date"] = r.random_date(2008)
    f.pop("summary", None)


# --- measure -------------------------------------------------------------------------


def make_measure(r: ReportState, b: Fields) -> Fields:
    rng = r.rng
    congress = b.get("congress") or min(119, max(110, (r.year - 1789) // 2 + 1))
    if "citation" in b:
        citation, mtype = b["citation"], b["measure_type"]
    else:
        mtype, prefix, _, _ = rng.choice(w.STAGES)
        n = r.counters["measure"]
        citation = (
            f"{prefix} {congress}-{n}"
            if prefix in ("P.L.", "S.Rept.", "H.Rept.")
            else f"{prefix} {1000 + n}"
        )
    _, _, stage, verb = rng.choice([s for s in w.STAGES if s[0] == mtype])
    title = b.get("title") or f"{rng.choice(w.MEASURE_TITLES)}, {r.year}"
    fy = b["fy"] if "fy" in b else (r.year + 1 if rng.random() < 0.7 else None)
    date = b.get("date") or r.random_date(r.year - 1, "month")
    quote = f"The {title} ({citation}) {verb} in {w.date_words(date)}."
    return {
        "citation": citation,
        "title": title,
        "measure_type": mtype,
        "congress": congress,
        "fy": fy,
        "stage": stage,
        "date": date,
        "_quote": quote,
    }


def revise_measure(r: ReportState, f: Fields) -> None:
    f["date"] = r.random_date(r.year - 1, "month")
    f.setdefault("fy", None)


# --- condition -----------------------------------------------------------------------


def make_condition(r: ReportState, b: Fields) -> Fields:
    rng = r.rng
    measure = b.get("measure")
    if measure not in r.facts:
        measure = rng.choice(r.of_kind("measure")).id
    citation = r.facts[measure].fields["citation"]
    ctype = b.get("condition_type") or rng.choice(
        ("withholding", "withholding", "certification", "reporting", "restriction", "briefing")
    )
    percent = b.get("percent", rng.choice((15, 25, 50)) if ctype == "withholding" else None)
    account = b.get("account", rng.choice(w.ACCOUNTS[:2]) if rng.random() < 0.7 else None)
    recipient = b.get("recipient", "Mexico")
    conditioned = b.get("conditioned") or rng.choice(w.CONDITIONED)
    deadline = b.get("deadline", rng.choice(w.DEADLINES))
    share = f"{percent}% of " if percent is not None else ""
    funds = f"{account} assistance" if account else "assistance"
    by = f", with a report due {deadline}" if deadline else ""
    quote = (
        f"{citation} would subject {share}{funds} for {recipient} to a {ctype} "
        f"requirement until the Secretary of State certifies that {conditioned}{by}."
    )
    return {
        "measure": measure,
        "condition_type": ctype,
        "percent": percent,
        "account": account,
        "recipient": recipient,
        "conditioned": conditioned,
        "deadline": deadline,
        "_quote": quote,
    }


def revise_condition(r: ReportState, f: Fields) -> None:
    f["deadline"] = r.rng.choice([d for d in w.DEADLINES[2:] if d != f.get("deadline")])
    f.setdefault("percent", None)
    f.setdefault("account", None)


# --- indicator -----------------------------------------------------------------------


def make_indicator(r: ReportState, b: Fields) -> Fields:
    rng = r.rng
    if "name" in b:
        name, unit, area = b["name"], b["unit"], b["area"]
    else:
        name, unit, area = rng.choice(w.INDICATORS)
    if "value" in b:
        value = str(b["value"])
    elif unit in ("percent", "per 100,000 people"):
        value = f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"
    else:
        value = str(rng.randint(100, 120_000))
    qualifier = b.get("qualifier") or rng.choice(("exact", "exact", "about", "more_than"))
    year = b.get("period_start") or str(rng.randint(2007, r.year))
    shown = f"{int(value):,}" if value.isdigit() else value
    quote = f"In {year}, {name} in {area} reached {w.QUALIFIER_PHRASE[qualifier]}{shown} {unit}."
    return {
        "name": name,
        "value": int(value) if value.isdigit() else value,
        "unit": unit,
        "qualifier": qualifier,
        "area": area,
        "period_start": year,
        "period_end": year,
        "_quote": quote,
    }


def revise_indicator(r: ReportState, f: Fields) -> None:
    f["value"] = str(r.rng.randint(100, 120_000))


GENERATORS: dict[str, KindGenerator] = {
    "program": KindGenerator(make_program, revise_program),
    "phase": KindGenerator(make_phase, revise_phase),
    "appropriation": KindGenerator(make_appropriation, revise_appropriation),
    "designation": KindGenerator(make_designation, revise_designation),
    "event": KindGenerator(make_event, revise_event),
    "measure": KindGenerator(make_measure, revise_measure),
    "condition": KindGenerator(make_condition, revise_condition),
    "indicator": KindGenerator(make_indicator, revise_indicator),
}
