"""Issue 20, "In the data and the memo": nothing kb shows, prints or exports misleads.

On the real IF10578 facts, both backends: dates that are bounds say so; the memo's
attributions and change kinds follow the texts; the FY2026 INCLE request and the committee's
figure are one lineage line; facts restated across the revisions keep one id; a fact the
newer version no longer states says so in `kb history` and `kb show`; a drafted fact loaded
with --accept-draft is marked in every fact output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from kb.domain.dates import bounded
from kb.domain.schemas import Event, Program
from kb.query.changelog import Memo, changelog
from kb.query.lineage import lineage
from kb.store.engine import make_engine
from tests.conftest import SEEDS

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"
FOLDER = SEEDS / "reports" / "IF10578"


def _memo(url: str) -> Memo:
    engine = make_engine(url)
    with engine.connect() as conn:
        memo = changelog(conn, [OLD, NEW], all_changes=True)
    engine.dispose()
    return memo


def _entries(memo: Memo, fact_id: str) -> list[tuple[str, str]]:
    return [(e.change, e.text) for e in memo.entries if fact_id in e.ids]


# --- date bounds ------------------------------------------------------------------------------


def test_bounds_print_with_their_mark() -> None:
    assert bounded("2025-03", "by") == "by 2025-03"
    assert bounded("2019", "since") == "since 2019"
    assert bounded("2020-10", "after") == "2020-10 or later"
    assert bounded("2020-10", "after", words=True) == "October 2020 or later"
    assert bounded("2024-07") == "2024-07"


def test_a_bound_needs_a_date_and_a_known_mark() -> None:
    with pytest.raises(ValidationError, match="date_bound"):
        Program(id="p", quote="q", name="P", date_bound="after")
    with pytest.raises(ValidationError):
        Event(id="e", quote="q", date="2020", summary="s", date_bound="about")


def test_bounded_dates_in_facts_show_events_and_exports(
    shared_url: str, kb, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    law = kb("show", "mexico-foreign-agents-law", "--format", "json", db=shared_url).json()
    assert (law[0]["date"], law[0]["date_bound"]) == ("2020-10", "after")
    merida = kb("show", "merida-initiative", "--at", OLD, "--format", "json", db=shared_url).json()
    assert (merida[0]["start"], merida[0]["date_bound"]) == ("2007-03", "after")
    table = kb("facts", "event", "--at", OLD, "--wide", db=shared_url)
    assert "2020-10 or later: In response to the October 2020 arrest" in table.out
    assert "by 2024-10: Another constitutional reform" in table.out
    events = kb("events", "--at", NEW, "--format", "json", db=shared_url).json()
    postponed = next(e for e in events if e["id"] == "tariff-postponed-90-days")
    assert (postponed["date"], postponed["precision"], postponed["date_bound"]) == (
        "2025-07",
        "month",
        "after",
    )
    assert postponed["description"].startswith("2025-07 or later:")
    out = tmp_path / "events.csv"
    assert kb("export", "event", "-o", str(out), "--at", OLD, db=shared_url).code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["id"]: r["date_bound"] for r in rows}["ovidio-guzman-extradition"] == "after"
    assert {r["date_bound"] for r in rows} == {"on", "by", "after"}


def test_the_memo_prints_bounds(shared_url: str) -> None:
    memo = _memo(shared_url)
    ((change, text),) = _entries(memo, "tariff-postponed-90-days")
    assert change == "added" and "(July 2025 or later)" in text
    ((change, text),) = _entries(memo, "merida-initiative")
    assert "start now 2008 (was March 2007 or later)" in text


def test_a_date_without_a_bound_hashes_as_before() -> None:
    """Content stored before migration 0009 is still the same content."""
    from kb.ingest.hashing import fact_sha1, sha1_json

    event = Event(id="e", quote="q", date="2020", summary="s")
    legacy = event.model_dump(mode="json")
    del legacy["date_bound"]
    assert fact_sha1(event) == sha1_json(legacy)
    assert fact_sha1(event.model_copy(update={"date_bound": "by"})) != fact_sha1(event)


# --- the memo -----------------------------------------------------------------------------------


def test_the_total_is_not_said_to_lose_its_attribution(shared_url: str) -> None:
    ((change, text),) = _entries(_memo(shared_url), "security-assistance-total")
    assert change == "revised"
    assert "no longer attributed" not in text
    assert "Mérida Initiative and its successor, the Bicentennial Framework" in text


def test_sheinbaum_tenure_is_restated_not_new(shared_url: str) -> None:
    ((change, text),) = _entries(_memo(shared_url), "sheinbaum-mexico-city-head-of-government")
    assert change == "revised" and "dated October 2020 or later before" in text


def test_the_fentanyl_source_is_restated_not_dropped(shared_url: str) -> None:
    memo = _memo(shared_url)
    ((change, text),) = _entries(memo, "mexico-primary-source-meth-fentanyl")
    assert change == "revised" and "methamphetamine and fentanyl" in text
    assert not _entries(memo, "mexico-top-fentanyl-source-2019")


@pytest.mark.parametrize("fact_id", ["national-guard-created", "mexico-foreign-agents-law"])
def test_substantive_changes_are_revisions(shared_url: str, fact_id: str) -> None:
    ((change, text),) = _entries(_memo(shared_url), fact_id)
    assert change == "revised" and "was:" in text


def test_the_fy2024_other_requirements_are_not_attributed_flatly(shared_url: str) -> None:
    memo = _memo(shared_url)
    for fact_id in ("s-rept-118-71-fentanyl-report", "s-rept-118-71-mexican-ports-report"):
        for _change, text in _entries(memo, fact_id):
            assert text.lower().startswith(("not named", "new: not named")), text
            assert "P.L. 118-47 or S.Rept. 118-71" in text


# --- funding lineage ----------------------------------------------------------------------------


def test_fy2026_incle_request_and_committee_figure_are_one_line(shared_url: str) -> None:
    engine = make_engine(shared_url)
    with engine.connect() as conn:
        lines = lineage(conn, fy=2026, account="INCLE", recipient="global")
    engine.dispose()
    (line,) = lines
    assert [(s.status, s.id) for s in line.steps] == [
        ("requested", "fy2026-request-incle-global"),
        ("committee_reported", "hr-4779-incle-global"),
    ]


# --- the data -----------------------------------------------------------------------------------


def _seed(version: str) -> dict[str, dict]:  # type: ignore[type-arg]
    data = yaml.safe_load((FOLDER / f"{version}.yaml").read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["facts"]}


@pytest.mark.parametrize(
    ("fact_id", "kind", "versions"),
    [
        ("merida-programs-approval-stopped", "event", ("2024-10-01", "2025-08-14")),
        ("cooperation-reduced-except-migration", "event", ("2024-10-01", "2025-08-14")),
        ("lopez-obrador-criticized-merida", "event", ("2024-10-01", "2025-08-14")),
        ("sheinbaum-candidate-addiction-prevention", "event", ("2024-10-01",)),
        ("years-of-close-security-cooperation", "indicator", ("2025-08-14",)),
        ("congress-oversight-outlook", "event", ("2024-10-01", "2025-08-14")),
        ("transparency-body-dissolution-pending", "event", ("2024-10-01",)),
        ("mexico-primary-source-meth-fentanyl", "indicator", ("2024-10-01", "2025-08-14")),
        ("sheinbaum-mexico-city-head-of-government", "event", ("2024-10-01", "2025-08-14")),
    ],
)
def test_statements_have_facts_under_one_id(fact_id: str, kind: str, versions: tuple[str]) -> None:
    for version in ("2024-10-01", "2025-08-14"):
        facts = _seed(version)
        text = (FOLDER / f"{version}.txt").read_text(encoding="utf-8")
        if version in versions:
            assert facts[fact_id]["kind"] == kind
            assert facts[fact_id]["quote"] in text
        else:
            assert fact_id not in facts


def test_tariff_postponement_is_dated_by_the_month_the_text_gives() -> None:
    fact = _seed("2025-08-14")["tariff-postponed-90-days"]
    assert (fact["date"], fact["date_bound"]) == ("2025-07", "after")


def test_fy2022_decision_is_recorded() -> None:
    text = (FOLDER / "RECONSTRUCTION.md").read_text(encoding="utf-8")
    assert "### FY2022 INCLE" in text
    assert "incle-mexico-fy2022" not in _seed("2025-08-14")


# --- history and show of a fact no longer stated -----------------------------------------------


def test_history_says_a_fact_is_no_longer_stated(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("history", "incle-mexico-fy2022", "--format", "json", db=shared_url).json()
    assert [(r["change"], r["version"]) for r in rows] == [
        ("first stated", "2024-10-01"),
        ("no longer stated", "2025-08-14"),
    ]
    assert rows[1]["amount_usd"] is None and rows[1]["quote"] is None


def test_show_names_the_version_that_states_it(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("show", "incle-mexico-fy2022", db=shared_url)
    assert result.code == 2
    assert "does not state it; IF10578@2024-10-01 does" in result.err
    assert "did you mean" not in result.err
    assert f"kb show incle-mexico-fy2022 --at {OLD}" in result.err


# --- drafted facts are marked -----------------------------------------------------------------


def test_an_accepted_draft_is_marked_in_every_fact_output(
    migrated_url: str, seed_copy, kb, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = seed_copy("IF10578")
    path = folder / "2025-08-14.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    drafted = next(f for f in data["facts"] if f["id"] == "hr-4779-incle-global")
    drafted["review"] = "new"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert kb("load", str(folder), "--accept-draft", db=migrated_url).code == 0

    rows = kb("facts", "appropriation", "--format", "csv", db=migrated_url).out
    marks = {r["id"]: r["reviewed"] for r in csv.DictReader(io.StringIO(rows))}
    assert marks["hr-4779-incle-global"] == "False"
    assert marks["esf-mexico-fy2023"] == "True"
    shown = kb("show", "hr-4779-incle-global", "--format", "json", db=migrated_url).json()
    assert shown[0]["reviewed"] is False
    table = kb("facts", "appropriation", "--wide", db=migrated_url).out
    assert "DRAFT, not reviewed: nearly $1.9 billion INCLE" in table
    out = tmp_path / "appropriations.csv"
    assert kb("export", "appropriation", "-o", str(out), db=migrated_url).code == 0
    exported = {r["id"]: r["reviewed"] for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert exported["hr-4779-incle-global"] == "False"
    assert exported["fy2026-request-incle-global"] == "True"


def test_an_accepted_draft_figure_is_marked_in_the_lineage(
    migrated_url: str, seed_copy, kb
) -> None:  # type: ignore[no-untyped-def]
    """kb funding --lineage (the view's rows and the table): a drafted figure never reads as
    a reviewed one.  (kb funding's own rows come from kb/query/funding.py: not marked yet.)"""
    folder = seed_copy("IF10578")
    path = folder / "2025-08-14.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(f for f in data["facts"] if f["id"] == "hr-4779-incle-global")["review"] = "new"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert kb("load", str(folder), "--accept-draft", db=migrated_url).code == 0
    args = ("funding", "--lineage", "--fy", "2026", "--recipient", "global")
    rows = kb(*args, "--format", "json", db=migrated_url).json()
    assert {r["id"]: r["reviewed"] for r in rows} == {
        "fy2026-request-incle-global": True,
        "hr-4779-incle-global": False,
    }
    table = " ".join(kb(*args, "--wide", db=migrated_url).out.split())
    assert "nearly $1.9 billion (IF10578@2025-08-14; DRAFT, not reviewed)" in table
