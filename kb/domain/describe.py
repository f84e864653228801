"""A one-line, human description of a fact, for tables that mix kinds."""

from __future__ import annotations

from decimal import Decimal

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


def fy_range(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    if end is None:
        return f"FY{start}-present"
    return f"FY{start}" if start == end else f"FY{start}-FY{end}"


def describe(fact: FactBase) -> str:
    match fact:
        case Appropriation():
            account = f" {fact.account}" if fact.account else ""
            per_year = "/yr" if fact.qualifier == "average_per_year" else ""
            return (
                f"{QUALIFIER_WORDS[fact.qualifier]}{money(fact.amount_usd)}{per_year}{account} "
                f"{fy_range(fact.fy_start, fact.fy_end)}, {fact.recipient}, {fact.status}"
            )
        case Program():
            return f"{fact.name} ({fact.start or '?'}-{fact.end or 'present'})"
        case Phase():
            span = (
                fy_range(fact.fy_start, fact.fy_end)
                or f"{fact.start or '?'}-{fact.end or 'present'}"
            )
            return f"{fact.name}, {span}"
        case Designation():
            who = fact.designee or f"{fact.count} entities"
            return f"{who}: {fact.designation_type}, {fact.date or 'undated'}"
        case Event():
            return f"{fact.date}: {fact.summary}"
        case Measure():
            return f"{fact.citation} ({fact.measure_type}, {fact.stage})"
        case Condition():
            pct = f"{fact.percent}% " if fact.percent is not None else ""
            return f"{pct}{fact.condition_type}: {fact.conditioned}"
        case Indicator():
            ends = [p for p in (fact.period_start, fact.period_end) if p]
            period = "-".join(dict.fromkeys(ends))  # "2023", not "2023-2023"
            value = f"{QUALIFIER_WORDS[fact.qualifier]}{fact.value} {fact.unit}"
            return f"{fact.name}: {value} {period}".strip()
    return fact.id
