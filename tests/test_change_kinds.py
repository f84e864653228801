"""Kinds of change in `kb diff` and `kb history`: revised or reworded, superseded or no longer
stated, on the real IF10578 facts and on a copy changed for the purpose, both backends."""

from __future__ import annotations

from pathlib import Path

import yaml

from kb.domain.kinds import spec
from kb.domain.schemas import KINDS
from kb.ingest.load import load_path
from kb.query.diff import diff_versions
from kb.store.engine import make_engine
from tests.conftest import SEEDS

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"
FOLDER = SEEDS / "reports" / "IF10578"


def _facts(folder: Path, version: str) -> dict[str, dict]:
    data = yaml.safe_load((folder / f"{version}.yaml").read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["facts"]}


def _expected_change(old: dict, new: dict) -> str:
    """What the seed files say, through the schemas and the registry, without SQL."""
    a = KINDS[old["kind"]].model_validate(old).model_dump()
    b = KINDS[new["kind"]].model_validate(new).model_dump()
    differ = {k for k in b if a[k] != b[k]}
    return "revised" if differ & set(spec(new["kind"]).value_fields) else "reworded"


def test_six_changed_appropriations_split_by_what_moved(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("diff", OLD, NEW, "--kind", "appropriation", "--format", "json", db=shared_url)
    assert rows.code == 0, rows.err
    by_id = {r["id"]: r for r in rows.json()}
    # the two whose figures moved: FY2023 INCLE became an actual figure; the running total
    # grew from $3.5 billion (FY2008-FY2021) to more than $3.6 billion (FY2008-FY2023)
    assert by_id["incle-mexico-fy2023"]["change"] == "revised"
    assert by_id["security-assistance-total"]["change"] == "revised"
    assert {"amount_usd", "fy_end"} <= set(by_id["security-assistance-total"]["fields"])
    # the four whose sentence (and note) only was rewritten: same amount, years and status
    for fact_id in (
        "fentanyl-directive-fy2024",
        "incle-mexico-avg-fy2015-fy2021",
        "merida-first-phase-fmf",
        "merida-first-phase-total",
    ):
        row = by_id[fact_id]
        assert row["change"] == "reworded", fact_id
        assert set(row["fields"]) <= {"quote", "note", "purpose"}, fact_id
        assert row["before"]["amount_usd"] == row["after"]["amount_usd"]


def test_every_change_kind_agrees_with_the_seed_files(shared_url: str) -> None:
    old, new = _facts(FOLDER, "2024-10-01"), _facts(FOLDER, "2025-08-14")
    engine = make_engine(shared_url)
    with engine.connect() as conn:
        diff = diff_versions(conn, OLD, NEW)
    engine.dispose()
    changed = [c for c in diff.changes if c.change in ("revised", "reworded")]
    assert changed
    for change in changed:
        assert change.change == _expected_change(old[change.id], new[change.id]), change.id


def test_fy2024_request_is_no_longer_stated(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("diff", OLD, NEW, "--change", "removed", "--format", "json", db=shared_url).json()
    by_id = {r["id"]: r for r in rows}
    request = by_id["fy2024-request-mexico"]
    # 2025-08-14 states no FY2024 figure for Mexico without an account: nothing takes its place
    assert request["removal"] == "no longer stated" and request["superseded_by"] == []
    assert request["reason"] == (
        f"{NEW} states no other appropriation for account none, recipient Mexico, FY2024"
    )
    assert request["before"]["amount_usd"] == 127100000 and request["after"] is None
    assert {r["removal"] for r in rows} <= {"superseded", "no longer stated"}
    table = kb("diff", OLD, NEW, "--kind", "appropriation", db=shared_url).out
    assert "- fy2024-request-mexico: $127.1 million FY2024, Mexico, requested" in table
    line = next(x for x in table.splitlines() if "- fy2024-request-mexico" in x)
    assert line.endswith("[no longer stated]")
    assert "~ incle-mexico-fy2023: " in table and "[revised]" in table


def _supersede_copy(seed_copy) -> Path:  # type: ignore[no-untyped-def]
    """IF10578 with 2025-08-14 stating an enacted FY2024 INCLE figure for Mexico, and its
    running total under another id.  Quotes are borrowed from the text (they must be
    verbatim); the figures are made up and never leave this test."""
    folder = seed_copy("IF10578")
    path = folder / "2025-08-14.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    facts = data["facts"]
    total = next(f for f in facts if f["id"] == "security-assistance-total")
    total["id"] = "security-assistance-total-fy2008-fy2023"
    directive = next(f for f in facts if f["id"] == "fentanyl-directive-fy2024")
    facts.append(
        {
            "id": "incle-mexico-fy2024-enacted",
            "kind": "appropriation",
            "amount_usd": 50_000_000,
            "fy_start": 2024,
            "fy_end": 2024,
            "account": "INCLE",
            "recipient": "Mexico",
            "status": "appropriated",
            "quote": directive["quote"],
        }
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_superseded_by_the_same_kind_and_key(migrated_url: str, seed_copy, kb) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(migrated_url)
    load_path(engine, _supersede_copy(seed_copy))
    engine.dispose()
    rows = kb("diff", OLD, NEW, "--change", "removed", "--format", "json", db=migrated_url)
    assert rows.code == 0, rows.err
    by_id = {r["id"]: r for r in rows.json()}
    # the request gives way to the enacted figure for the same account, recipient and year
    assert by_id["fy2024-request-incle"]["removal"] == "superseded"
    assert by_id["fy2024-request-incle"]["superseded_by"] == ["incle-mexico-fy2024-enacted"]
    assert by_id["fy2024-request-incle"]["reason"] == (
        f"{NEW} states incle-mexico-fy2024-enacted for the same account INCLE, recipient Mexico, "
        "FY2024"
    )
    # other accounts (ESF; none) and other years are not
    for other in ("fy2024-request-esf", "fy2024-request-mexico", "incle-mexico-fy2022"):
        assert by_id[other]["removal"] == "no longer stated", other
    # a running total replaced by a later one under another id: same start, later end
    total = by_id["security-assistance-total"]
    assert total["superseded_by"] == ["security-assistance-total-fy2008-fy2023"]
    long = kb("diff", OLD, NEW, "--long", "--format", "csv", db=migrated_url).out
    assert (
        "removed,appropriation,fy2024-request-incle,,$48 million INCLE FY2024, Mexico, requested"
        in long.replace('"', "")
    )
    assert ",superseded,incle-mexico-fy2024-enacted" in long


def test_ignore_fields_and_change_filter(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    full = kb("diff", OLD, NEW, "--summary", "--format", "json", db=shared_url).json()
    quiet = kb(
        "diff",
        OLD,
        NEW,
        "--summary",
        "--ignore-fields",
        "quote,note",
        "--format",
        "json",
        db=shared_url,
    ).json()
    f = {r["kind"]: r for r in full}["appropriation"]
    q = {r["kind"]: r for r in quiet}["appropriation"]
    # the reworded figures differ only in quote and note: with those ignored they are unchanged
    assert q["reworded"] == 0 and q["revised"] == f["revised"]
    assert q["unchanged"] == f["unchanged"] + f["reworded"]
    assert full[-1]["kind"] == quiet[-1]["kind"] == "total"
    rows = kb(
        "diff",
        OLD,
        NEW,
        "--change",
        "revised",
        "--ignore-fields",
        "quote,note",
        "--format",
        "json",
        db=shared_url,
    ).json()
    assert rows and {r["change"] for r in rows} == {"revised"}
    assert not any({"quote", "note"} & set(r["fields"]) for r in rows)
    reworded = kb("diff", OLD, NEW, "--change", "reworded", "--format", "json", db=shared_url)
    assert {r["change"] for r in reworded.json()} == {"reworded"}
    bad = kb("diff", OLD, NEW, "--ignore-fields", "quote,colour", db=shared_url)
    assert bad.code == 2 and "colour" in bad.err
    wrong = kb("diff", OLD, NEW, "--change", "changed", db=shared_url)
    assert wrong.code == 2 and "revised" in wrong.err


def test_csv_rows_carry_the_change_kind(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    out = kb("diff", OLD, NEW, "--format", "csv", db=shared_url).out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["change"] for r in rows} == {"added", "removed", "revised", "reworded"}
    assert {r["removal"] for r in rows if r["change"] == "removed"} <= {
        "superseded",
        "no longer stated",
    }
    assert all(r["removal"] == "" for r in rows if r["change"] != "removed")


def test_history_says_revised_or_reworded(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    revised = kb("history", "security-assistance-total", "--format", "json", db=shared_url).json()
    assert [r["change"] for r in revised] == ["first stated", "revised"]
    assert "amount_usd" in revised[1]["fields"]
    reworded = kb("history", "merida-first-phase-fmf", "--format", "json", db=shared_url).json()
    assert [r["change"] for r in reworded] == ["first stated", "reworded"]
    assert reworded[1]["fields"] and set(reworded[1]["fields"]) <= {"quote", "note"}


def test_change_unchanged_lists_the_facts_stated_alike(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    old, new = (
        {f["id"]: f for f in yaml.safe_load((FOLDER / f"{v}.yaml").read_text())["facts"]}
        for v in ("2024-10-01", "2025-08-14")
    )
    rows = kb("diff", OLD, NEW, "--change", "unchanged", "--format", "json", db=shared_url).json()
    assert {r["id"] for r in rows} == {i for i in set(old) & set(new) if old[i] == new[i]}
    assert all(r["before"] == r["after"] and r["fields"] == [] for r in rows)
    quiet = kb(
        "diff",
        OLD,
        NEW,
        "--change",
        "unchanged",
        "--kind",
        "appropriation",
        "--ignore-fields",
        "quote,note",
        "--format",
        "json",
        db=shared_url,
    ).json()
    # the four reworded figures differ only in quote and note
    assert {"fentanyl-directive-fy2024", "merida-first-phase-fmf"} <= {r["id"] for r in quiet}
    table = kb("diff", OLD, NEW, "--change", "unchanged", db=shared_url)
    assert table.code == 0 and rows
    assert all(f"  = {r['id']}: " in table.out for r in rows)
