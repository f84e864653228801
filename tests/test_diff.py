"""`kb diff` and `kb history` on the real IF10578 revisions, both backends."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from kb.query.diff import diff_versions
from kb.store.engine import make_engine
from tests.conftest import SEEDS

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"
FOLDER = SEEDS / "reports" / "IF10578"


def _seed_facts(version: str) -> dict[str, dict]:
    data = yaml.safe_load((FOLDER / f"{version}.yaml").read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["facts"]}


def test_diff_agrees_with_the_seed_files(shared_url: str) -> None:
    """Added, removed, changed and unchanged: what comparing the two YAML files by id says."""
    old, new = _seed_facts("2024-10-01"), _seed_facts("2025-08-14")
    engine = make_engine(shared_url)
    with engine.connect() as conn:
        diff = diff_versions(conn, OLD, NEW)
    engine.dispose()
    by = {c: {x.id for x in diff.changes if x.change == c} for c in ("added", "removed")}
    changed = {x.id for x in diff.changes if x.change in ("revised", "reworded")}
    assert by["added"] == set(new) - set(old)
    assert by["removed"] == set(old) - set(new)
    assert changed == {i for i in set(old) & set(new) if old[i] != new[i]}
    assert sum(diff.unchanged.values()) == sum(1 for i in set(old) & set(new) if old[i] == new[i])
    for change in diff.changes:
        if change.change in ("revised", "reworded"):
            expected = {
                k
                for k in set(old[change.id]) | set(new[change.id])
                if old[change.id].get(k) != new[change.id].get(k)
            }
            # the SQL compares stored values; YAML spellings of equal values do not count
            assert set(change.fields) <= expected, change.id
            assert change.fields


def test_fy2023_incle_is_reported_as_revised(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("diff", OLD, NEW, "--format", "json", db=shared_url)
    assert result.code == 0, result.err
    row = next(r for r in result.json() if r["id"] == "incle-mexico-fy2023")
    assert row["change"] == "revised"
    assert "status" in row["fields"] and "quote" in row["fields"]
    assert "amount_usd" not in row["fields"]
    assert row["before"]["status"] == "estimated" and row["after"]["status"] == "reported"


def test_total_figure_revised(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("diff", OLD, NEW, "--long", "--format", "json", db=shared_url).json()
    fields = {
        r["field"]: (r["old"], r["new"]) for r in rows if r["id"] == "security-assistance-total"
    }
    assert fields["amount_usd"] == (3500000000, 3600000000)  # JSON numbers, exact
    assert fields["qualifier"] == ("exact", "more_than")
    assert fields["fy_end"] == (2021, 2023)
    assert all(r["from_version"] == OLD and r["to_version"] == NEW for r in rows)


def test_long_csv_has_one_row_per_field(shared_url: str, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "changes.csv"
    result = kb("diff", OLD, NEW, "--long", "--format", "csv", "-o", str(out), db=shared_url)
    assert result.code == 0 and result.out == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == [
        "change",
        "kind",
        "id",
        "field",
        "old",
        "new",
        "from_version",
        "to_version",
        "removal",
        "superseded_by",
        "reason",
    ]
    assert ("incle-mexico-fy2023", "status", "estimated", "reported") in {
        (r["id"], r["field"], r["old"], r["new"]) for r in rows
    }


def test_filters_and_summary(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    added = kb("diff", OLD, NEW, "--change", "added", "--format", "json", db=shared_url).json()
    assert added and {r["change"] for r in added} == {"added"}
    assert "fto-designation-2025" in {r["id"] for r in added}
    events = kb("diff", OLD, NEW, "--kind", "event", "--format", "json", db=shared_url).json()
    assert {r["kind"] for r in events} == {"event"}
    assert "el-mayo-arrest" in {r["id"] for r in events if r["change"] == "removed"}
    summary = kb("diff", OLD, NEW, "--summary", "--format", "json", db=shared_url).json()
    total = summary[-1]
    assert total["kind"] == "total"
    full = kb("diff", OLD, NEW, "--format", "json", db=shared_url).json()
    assert total["added"] + total["removed"] + total["revised"] + total["reworded"] == len(full)


def test_table_groups_by_kind_with_old_and_new(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    out = kb("diff", OLD, NEW, db=shared_url).out
    assert out.startswith(f"{OLD} -> {NEW}:")
    block = out[out.index("~ incle-mexico-fy2023") :]
    assert "status: estimated" in block and "-> reported" in block


def test_text_diff(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("diff", "--text", OLD, NEW, "--format", "json", db=shared_url).json()
    added = [r["sentence"] for r in rows if r["change"] == "added"]
    removed = [r["sentence"] for r in rows if r["change"] == "removed"]
    assert any(
        "six of which were designated as foreign terrorist organizations" in s for s in added
    )
    assert any("Ismael “El Mayo” Zambada" in s for s in removed)
    assert not any("Prior to FY2008, Mexico did not receive" in s for s in added + removed)


def test_diff_across_reports_or_unknown_versions(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("diff", OLD, "IF10578@2020-01-01", db=shared_url)
    assert result.code == 2 and "versions of IF10578" in result.err


def test_history(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("history", "incle-mexico-fy2023", "--format", "json", db=shared_url).json()
    assert [r["version"] for r in rows] == ["2024-10-01", "2025-08-14"]
    assert rows[0]["change"] == "first stated"
    assert rows[1]["change"] == "revised" and "status" in rows[1]["fields"]
    missing = kb("history", "incle-mexico-fy2032", db=shared_url)
    assert missing.code == 2 and "did you mean incle-mexico-fy2023" in missing.err
    elsewhere = kb("history", "incle-mexico-fy2023", "--report", "IF99999", db=shared_url)
    assert elsewhere.code == 2 and "no report IF99999" in elsewhere.err
