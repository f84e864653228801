"""Validation of single facts, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

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
        ("1,5 billion", "not a plain decimal"),
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


def _numeric_fields() -> list[tuple[str, str]]:
    """(kind, field) for every field of every kind (and of a version header) that holds a
    number: found from the schemas, so a numeric field added later is covered too."""
    import typing

    from kb.domain.schemas import KINDS, VersionMeta

    def types(annotation: object) -> set[object]:
        if typing.get_origin(annotation) is typing.Annotated:
            return types(typing.get_args(annotation)[0])
        args = typing.get_args(annotation)
        return set().union(*map(types, args)) if args else {annotation}

    found = []
    for name, cls in [*KINDS.items(), ("version", VersionMeta)]:
        for field, info in cls.model_fields.items():
            if types(info.annotation) & {int, Decimal}:
                found.append((name, field))
    return found


NUMERIC_FIELDS = _numeric_fields()


def test_every_numeric_field_is_found() -> None:
    assert ("appropriation", "amount_usd") in NUMERIC_FIELDS
    assert ("designation", "count") in NUMERIC_FIELDS
    assert ("version", "sequence") in NUMERIC_FIELDS
    assert len(NUMERIC_FIELDS) >= 10, NUMERIC_FIELDS


@pytest.mark.parametrize("written", ["010", "0x10", "1:30", "'4,8,0'", "1_000", "0b11", "1e3"])
@pytest.mark.parametrize(("kind", "field"), NUMERIC_FIELDS)
def test_numbers_are_plain_decimals_in_every_numeric_field(
    kind: str, field: str, written: str, tmp_path: Path
) -> None:
    """YAML 1.1 would read 010 as 8, 0x10 as 16, 1:30 as 90: every numeric field refuses
    them by name, through the same reader the loader uses."""
    from kb.domain.problems import Problem
    from kb.domain.schemas import KINDS, VersionMeta
    from kb.ingest.yaml_reader import read_yaml

    path = tmp_path / "x.yaml"
    path.write_text(f"{field}: {written}\n", encoding="utf-8")
    problems: list[Problem] = []
    raw = read_yaml(path, problems)
    assert not problems and isinstance(raw, dict)
    cls = VersionMeta if kind == "version" else KINDS[kind]
    with pytest.raises(ValidationError) as info:
        cls.model_validate(raw)
    errors = [e for e in info.value.errors() if e["loc"][:1] == (field,)]
    assert errors and "plain decimal" in errors[0]["msg"], info.value.errors()


@pytest.mark.parametrize(("written", "value"), [("48000000", 48000000), ("-5", -5), ("12.5", 12.5)])
def test_plain_decimals_are_still_numbers(written: str, value: object, tmp_path: Path) -> None:
    from kb.domain.problems import Problem
    from kb.ingest.yaml_reader import read_yaml

    path = tmp_path / "x.yaml"
    path.write_text(f"amount: {written}\nday: 2024-10-01\n", encoding="utf-8")
    problems: list[Problem] = []
    assert read_yaml(path, problems) == {"amount": value, "day": "2024-10-01"}
