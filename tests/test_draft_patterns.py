"""The extraction patterns' own examples, and the segmenter's CRS guards."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kb.draft import patterns as P
from kb.draft.extract import Context, appropriations, extract
from kb.draft.segment import sentences


@pytest.mark.parametrize("cue", P.ALL_CUES, ids=lambda c: c.name)
def test_every_cue_matches_its_examples(cue: P.Cue) -> None:
    assert cue.matches, f"{cue.name} has no examples"
    for example in cue.matches:
        assert cue.regex.search(example), f"{cue.name} misses {example!r}"
    for example in cue.rejects:
        assert not cue.regex.search(example), f"{cue.name} wrongly matches {example!r}"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("$1.9 billion", "1900000000"),
        ("$420.7 million", "420700000"),
        ("$125.0 million", "125000000"),
        ("$10 million", "10000000"),
        ("$1,500,000", "1500000"),
    ],
)
def test_money_is_exact(text: str, amount: str) -> None:
    match = P.MONEY.regex.search(text)
    assert match and P.money_amount(match) == Decimal(amount)


def test_segmenter_keeps_crs_abbreviations() -> None:
    text = (
        "Prior to obligating any INCLE assistance for Mexico, S.Rept. 118-71 requires a report. "
        "The House-passed bill (H.R. 8771/H.Rept. 118-554) and S. 4797 differ. "
        "P.L. 118-47 was enacted in Jan. 2024 under Sec. 7045 and No. 5 of the U.S. code. "
        "It ended."
    )
    got = [s.text for s in sentences(text)]
    assert len(got) == 4, got
    assert got[0].startswith("Prior") and got[3] == "It ended."


def test_headings_are_their_own_sentences() -> None:
    got = [
        s.text
        for s in sentences(
            "First Phase: FY2008-FY2010. Congress acted.\n\nThe Mérida "
            "Initiative\n\nPrior to FY2008, little."
        )
    ]
    assert got == [
        "First Phase: FY2008-FY2010.",
        "Congress acted.",
        "The Mérida Initiative",
        "Prior to FY2008, little.",
    ]


def _one(text: str) -> list[dict[str, object]]:
    return [c.fields for c in appropriations(sentences(text)[0], Context())]


def test_appropriation_fields() -> None:
    got = _one(
        "The act directs that not less than $125.0 million in global ESF and INCLE funds "
        "shall be made available in FY2024."
    )
    assert got == [
        {
            "kind": "appropriation",
            "amount_usd": Decimal(125000000),
            "qualifier": "at_least",
            "fy_start": 2024,
            "fy_end": 2024,
            "account": "ESF+INCLE",
            "recipient": "global",
            "status": "appropriated",
        }
    ]
    got = _one(
        "INCLE assistance to Mexico averaged $100 million from FY2015 through FY2021 before "
        "falling to $64 million in FY2022 and an estimated $48 million in FY2023."
    )
    assert [
        (g["amount_usd"], g["qualifier"], g["fy_start"], g["fy_end"], g["account"], g["status"])
        for g in got
    ] == [
        (Decimal(100000000), "average_per_year", 2015, 2021, "INCLE", "reported"),
        (Decimal(64000000), "exact", 2022, 2022, "INCLE", "reported"),
        (Decimal(48000000), "exact", 2023, 2023, "INCLE", "estimated"),
    ]
    got = _one(
        "From FY2008 to FY2010, Congress appropriated $1.5 billion, including $420.7 million "
        "in Foreign Military Financing (FMF)."
    )
    assert [(g["amount_usd"], g.get("account"), g["fy_start"], g["fy_end"]) for g in got] == [
        (Decimal(1500000000), None, 2008, 2010),
        (Decimal(420700000), "FMF", 2008, 2010),
    ]
    got = _one(
        "The House Appropriations Committee's reported version of the FY2026 measure "
        "(H.R. 4779), which would provide nearly $1.9 billion for the INCLE account, does "
        "not designate an amount."
    )
    assert (got[0]["qualifier"], got[0]["status"], got[0]["fy_start"]) == (
        "nearly",
        "committee_reported",
        2026,
    )


def test_context_carries_fiscal_years_and_stage() -> None:
    text = (
        "Congress has not completed action on the $109.7 million FY2025 request. The "
        "House-passed version of the bill (H.R. 8771) would not specify a level. The bill "
        "also would stipulate that “not less than” $175 million of funds appropriated for "
        "ESF and INCLE globally shall be for programs."
    )
    got = [c.fields for c in extract(sentences(text)) if c.kind == "appropriation"]
    assert [
        (g["amount_usd"], g["status"], g["fy_start"], g.get("account"), g["qualifier"]) for g in got
    ] == [
        (Decimal(109700000), "requested", 2025, None, "exact"),
        (Decimal(175000000), "house_passed", 2025, "ESF+INCLE", "at_least"),
    ]


def test_other_kinds() -> None:
    text = (
        "In March 2007, then-Mexican President Felipe Calderón asked for more U.S. support. "
        "The FY2024 Consolidated Appropriations Act (P.L. 118-47) did not specify a level. "
        "The act also required the State Department to withhold 15% of any security "
        "assistance until the Secretary of State certified progress."
    )
    got = [c.fields for c in extract(sentences(text))]
    kinds = {
        (f["kind"], f.get("date") or f.get("citation") or f.get("condition_type")) for f in got
    }
    assert ("event", "2007-03") in kinds
    assert ("measure", "P.L. 118-47") in kinds
    assert ("condition", "withholding") in kinds and ("condition", "certification") in kinds
    withholding = next(f for f in got if f.get("condition_type") == "withholding")
    assert withholding["percent"] == Decimal(15) and withholding["measure"] == "pl-118-47"


def test_events_programs_phases_and_statistics() -> None:
    text = (
        "The Mérida Initiative\n\n"
        "First Phase: FY2008-FY2010. In 2019, the administration disbanded the federal police. "
        "Instead, the government created a National Guard. As officials met in July, the "
        "President threatened tariffs. At the 2023 HLSD, officials highlighted arrests.\n\n"
        "U.S. drug overdose deaths rose from 27,700 in 2007 to some 107,450 in 2023. The "
        "homicide rate in Mexico tripled from 2007 to 2023."
    )
    got = [c.fields for c in extract(sentences(text))]
    program = next(f for f in got if f["kind"] == "program")
    assert (program["id"], program["name"]) == ("merida-initiative", "Mérida Initiative")
    phase = next(f for f in got if f["kind"] == "phase")
    assert (phase["program"], phase["fy_start"], phase["fy_end"]) == ("merida-initiative", 2008,
                                                                      2010)
    dates = [f["date"] for f in got if f["kind"] == "event"]
    assert dates == ["2019", "2019", "2019-07", "2023"]  # created: the paragraph's year
    stats = [(f["value"], f.get("qualifier", "exact"), f.get("period_start"))
             for f in got if f["kind"] == "indicator"]
    assert stats == [(Decimal(27700), "exact", "2007"), (Decimal(107450), "about", "2023"),
                     (Decimal(3), "exact", "2007")]


def test_a_condition_without_a_named_act_gets_a_placeholder_measure() -> None:
    text = ("First Phase: FY2008-FY2010. Congress required the State Department to withhold 15% "
            "of certain U.S. aid until it submitted a report.")
    got = [c.fields for c in extract(sentences(text))]
    measure = next(f for f in got if f["kind"] == "measure")
    assert measure["citation"] == "FY2008-FY2010 appropriations (acts not named in the report)"
    assert {f["measure"] for f in got if f["kind"] == "condition"} == {measure["id"]}
