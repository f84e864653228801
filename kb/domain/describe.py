"""A one-line, human description of a fact, for tables that mix kinds."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kb.domain.dates import bounded
from kb.domain.refs import fy_range
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

QUALIFIER_WORDS = {
    "exact": "",
    "more_than": "more than ",
    "at_least": "at least ",
    "nearly": "nearly ",
    "about": "about ",
    "up_to": "up to ",
    "less_than": "less than ",
    "average_per_year": "on average ",
}


def money(amount: Decimal) -> str:
    """ "$127.1 million", "$3.6 billion"; never rounded: $3,218,287 stays "$3,218,287"
    (a rounded figure would read as the report's own)."""
    for unit, word in ((10**9, "billion"), (10**6, "million")):
        scaled = Decimal(amount) / unit
        # at most three decimals of the unit, exactly: $1.55 million, $420.7 million
        if scaled >= 1 and scaled == scaled.quantize(Decimal("0.001")):
            text = f"{scaled:,.3f}".rstrip("0").rstrip(".")
            return f"${text} {word}"
    return f"${Decimal(amount):,}"


def _appropriation(fact: Appropriation) -> str:
    account = f" {fact.account}" if fact.account else ""
    per_year = "/yr" if fact.qualifier == "average_per_year" else ""
    return (
        f"{QUALIFIER_WORDS[fact.qualifier]}{money(fact.amount_usd)}{per_year}{account} "
        f"{fy_range(fact.fy_start, fact.fy_end)}, {fact.recipient}, {fact.status}"
    )


def _program(fact: Program) -> str:
    return f"{fact.name} ({bounded(fact.start, fact.date_bound) or '?'}-{fact.end or 'present'})"


def _phase(fact: Phase) -> str:
    years = fy_range(fact.fy_start, fact.fy_end) if fact.fy_start is not None else ""
    span = years or f"{bounded(fact.start, fact.date_bound) or '?'}-{fact.end or 'present'}"
    return f"{fact.name}, {span}"


def _designation(fact: Designation) -> str:
    who = fact.designee or f"{fact.count} entities"
    return f"{who}: {fact.designation_type}, {bounded(fact.date, fact.date_bound) or 'undated'}"


def _event(fact: Event) -> str:
    return f"{bounded(fact.date, fact.date_bound)}: {fact.summary}"


def _measure(fact: Measure) -> str:
    return f"{fact.citation} ({fact.measure_type}, {fact.stage})"


def _condition(fact: Condition) -> str:
    pct = f"{fact.percent}% " if fact.percent is not None else ""
    return f"{pct}{fact.condition_type}: {fact.conditioned}"


def _indicator(fact: Indicator) -> str:
    ends = [p for p in (fact.period_start, fact.period_end) if p]
    period = "-".join(dict.fromkeys(ends))  # "2023", not "2023-2023"
    value = f"{QUALIFIER_WORDS[fact.qualifier]}{fact.value} {fact.unit}"
    return f"{fact.name}: {value} {period}".strip()


# One describer per kind of the registry (tests/test_kinds.py checks there is one each).
DESCRIBERS: dict[str, Callable[[Any], str]] = {
    "program": _program,
    "phase": _phase,
    "appropriation": _appropriation,
    "designation": _designation,
    "event": _event,
    "measure": _measure,
    "condition": _condition,
    "indicator": _indicator,
}


def describe(fact: FactBase) -> str:
    describer = DESCRIBERS.get(fact.kind)
    return describer(fact) if describer else fact.id
