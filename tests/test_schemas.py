"""Validation of single facts, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from kb.domain.dates import parse_partial_date, precision
from kb.domain.schemas import Appropriation, Designation, Event, Phase

BASE = {
    "id": "x-fy2023",
    "kind": "appropriation",
    "quote": "q",
    "amount_usd": 48000000,
    "fy_start": 2023,
    "fy_end": 2023,
    "recipient": "Mexico",
    "status": "estimated",
}


def test_amount_is_an_exact_decimal() -> None:
    fact = Appropriation.model_validate({**BASE, "amount_usd": "420700000"})
    assert fact.amount_usd == Decimal("420700000")
    assert isinstance(fact.amount_usd, Decimal)
    assert Appropriation.model_validate({**BASE, "amount_usd": 127.1}).amount_usd == Decimal(
        "127.1"
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (-5, "negative"),
        (420700000.00000006, "rounding noise"),
        (0.30000000000000004, "rounding noise"),
        ("12.345", "fractions of a cent"),
        ("1,5 billion", "not a decimal"),
        (True, "not a number"),
        (1e20, "not an exact amount"),
    ],
)
def test_bad_amounts_are_refused(amount: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Appropriation.model_validate({**BASE, "amount_usd": amount})


@pytest.mark.parametrize("fy", [1850, 2300])
def test_implausible_fiscal_years(fy: int) -> None:
    with pytest.raises(ValidationError, match="outside 1900-2100"):
        Appropriation.model_validate({**BASE, "fy_start": fy, "fy_end": fy})


def test_fy_end_before_start() -> None:
    with pytest.raises(ValidationError, match="fy_end 2008 is before fy_start 2010"):
        Appropriation.model_validate({**BASE, "fy_start": 2010, "fy_end": 2008})


def test_fiscal_year_must_be_an_integer() -> None:
    with pytest.raises(ValidationError):
        Appropriation.model_validate({**BASE, "fy_start": "FY2023"})


def test_unknown_fields_and_enums_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Appropriation.model_validate({**BASE, "amount": 5})
    with pytest.raises(ValidationError, match="status"):
        Appropriation.model_validate({**BASE, "status": "guessed"})


def test_slug_ids() -> None:
    with pytest.raises(ValidationError, match="not a slug"):
        Appropriation.model_validate({**BASE, "id": "Bad Id; DROP TABLE facts"})


@pytest.mark.parametrize(
    ("raw", "stored", "prec"),
    [
        (2024, "2024", "year"),
        ("2024-07", "2024-07", "month"),
        (dt.date(2024, 7, 15), "2024-07-15", "day"),
    ],
)
def test_dates_keep_their_precision(raw: object, stored: str, prec: str) -> None:
    assert parse_partial_date(raw) == stored
    assert precision(stored) == prec
    event = Event.model_validate(
        {"id": "e", "kind": "event", "quote": "q", "date": raw, "summary": "s"}
    )
    assert event.date == stored


@pytest.mark.parametrize("raw", ["July 2024", "2024-13", "2024-02-30", "24-07", 3.5])
def test_bad_dates(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(raw)


def test_phase_end_before_start() -> None:
    with pytest.raises(ValidationError, match="before"):
        Phase.model_validate(
            {
                "id": "p",
                "kind": "phase",
                "quote": "q",
                "program": "m",
                "name": "n",
                "fy_start": 2018,
                "fy_end": 2011,
            }
        )


def test_designation_needs_designee_or_count() -> None:
    with pytest.raises(ValidationError, match="designee or a count"):
        Designation.model_validate(
            {"id": "d", "kind": "designation", "quote": "q", "designation_type": "FTO"}
        )
    fact = Designation.model_validate(
        {
            "id": "d",
            "kind": "designation",
            "quote": "q",
            "designation_type": "FTO",
            "count": 6,
            "date": "2025-02",
        }
    )
    assert fact.count == 6 and fact.date == "2025-02"
