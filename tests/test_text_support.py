"""What a fact claims is in the sentence it quotes, or its note says where it comes from.

Checks on the curated IF10578 facts that a cold review of the data found broken: a condition
typed as a restriction whose sentence restricts nothing, a "dialogue" whose sentence names no
dialogue, a figure for Mexico whose sentence does not name Mexico, a date from outside the text.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kb.ingest.quotes import normalise
from tests.conftest import SEEDS

FOLDER = SEEDS / "reports" / "IF10578"
VERSIONS = ["2024-10-01", "2025-08-14"]

# The word each condition type needs in its sentence.
CONDITION_WORDS = {
    "withholding": "withh",
    "certification": "certif",
    "reporting": "report",
    "restriction": "restrict",
    "briefing": "briefing",
}
# A law that carries another measure's conditions over by reference names none of them.
BY_REFERENCE = "subject to the conditions in"

# (version, id): why a figure for Mexico may stand in a sentence that does not name Mexico.
MEXICO_ELSEWHERE = {
    ("2025-08-14", "security-assistance-total"): "both initiatives are U.S. assistance to "
    "Mexico (merida-initiative, bicentennial-framework); its note says so",
    (
        "2025-08-14",
        "esf-mexico-fy2023",
    ): "in the paragraph on assistance to Mexico; its note says so",
}


def _facts(version: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((FOLDER / f"{version}.yaml").read_text(encoding="utf-8"))
    return data["facts"]


def _all() -> list[tuple[str, dict[str, Any]]]:
    return [(v, f) for v in VERSIONS for f in _facts(v)]


def _carried_types(facts: list[dict[str, Any]], quote: str) -> set[str]:
    """The condition types of the measure a quote carries over by reference (empty if none)."""
    if BY_REFERENCE not in quote:
        return set()
    named = quote.split(BY_REFERENCE, 1)[1]
    sources = {f["id"] for f in facts if f["kind"] == "measure" and f["citation"] in named}
    return {
        f["condition_type"] for f in facts if f["kind"] == "condition" and f["measure"] in sources
    }


def test_condition_types_are_in_their_sentences() -> None:
    """Its type's word is in the sentence, or the measure it carries over has that type."""
    wrong = []
    for version in VERSIONS:
        facts = _facts(version)
        for f in facts:
            if f["kind"] != "condition":
                continue
            stated = CONDITION_WORDS[f["condition_type"]] in f["quote"].lower()
            if not stated and f["condition_type"] not in _carried_types(facts, f["quote"]):
                wrong.append((version, f["id"], f["condition_type"]))
    assert wrong == []


def test_dialogue_events_name_a_dialogue() -> None:
    wrong = [
        (v, f["id"])
        for v, f in _all()
        if f["kind"] == "event"
        and f.get("category") == "dialogue"
        and not any(w in f["quote"] for w in ("Dialogue", "dialogue", "HLSD"))
    ]
    assert wrong == []


def test_mexico_figures_name_mexico_in_their_sentences() -> None:
    wrong = [
        (v, f["id"])
        for v, f in _all()
        if f["kind"] == "appropriation"
        and f["recipient"] == "Mexico"
        and "Mexic" not in f["quote"]
        and (v, f["id"]) not in MEXICO_ELSEWHERE
    ]
    assert wrong == []


def test_the_mexico_exceptions_are_not_stale() -> None:
    facts = {(v, f["id"]): f for v, f in _all()}
    for key, reason in MEXICO_ELSEWHERE.items():
        assert key in facts and facts[key]["recipient"] == "Mexico" and reason
        assert "Mexic" not in facts[key]["quote"]


@pytest.mark.parametrize("version", VERSIONS)
def test_dates_from_outside_the_quote_are_explained(version: str) -> None:
    """A date whose year the quoted sentence does not give needs a note saying where it is from."""
    unexplained = []
    for f in _facts(version):
        for field in ("date", "start", "end", "period_start", "period_end"):
            value = f.get(field)
            if value is None or str(value)[:4] in normalise(f["quote"]):
                continue
            if str(value)[:4] not in (f.get("note") or ""):
                unexplained.append((f["id"], field, value))
    assert unexplained == []
