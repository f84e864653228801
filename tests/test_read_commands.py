"""reports, versions, facts, show, events, export and verify on the real seeds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from kb.query.facts import list_facts
from kb.store.engine import make_engine
from tests.conftest import SEEDS

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"
FOLDER = SEEDS / "reports" / "IF10578"



def _latest_facts() -> int:
    """The facts of IF10578's latest curated version, read from its seed file (not a number
    written here, so curating a fact does not break this test)."""
    import yaml as _yaml

    from tests.conftest import SEEDS as _SEEDS

    path = _SEEDS / "reports" / "IF10578" / "2025-08-14.yaml"
    return len(_yaml.safe_load(path.read_text("utf-8"))["facts"])

def _count(version: str, kind: str | None = None) -> int:
    facts = yaml.safe_load((FOLDER / f"{version}.yaml").read_text(encoding="utf-8"))["facts"]
    return sum(1 for f in facts if kind is None or f["kind"] == kind)


def test_reports(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("reports", "--format", "json", db=shared_url).json()
    assert rows == [
        {
            "report": "IF10578",
            "type": "In Focus",
            "title": "Evolution of U.S.-Mexico Security Cooperation",
            "versions": 2,
            "first": "2024-10-01",
            "latest": "2025-08-14",
            "recipients": ["global", "Mexico"],
            "facts": _latest_facts(),
            "authors": ["Clare Ribando Seelke"],
        }
    ]


def test_versions(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("versions", "IF10578", "--format", "json", db=shared_url).json()
    assert [(r["ref"], r["sequence"], r["facts"]) for r in rows] == [
        (OLD, 30, _count("2024-10-01")),
        (NEW, None, _count("2025-08-14")),
    ]
    assert rows[0]["title"].endswith("From the Mérida Initiative to the Bicentennial Framework")
    missing = kb("versions", "IF1", db=shared_url)
    assert missing.code == 2 and "reports in this database: IF10578" in missing.err


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_facts_formats(fmt: str, shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("facts", "appropriation", "--at", OLD, "--format", fmt, db=shared_url)
    assert result.code == 0, result.err
    if fmt == "json":
        rows = result.json()
        assert len(rows) == _count("2024-10-01", "appropriation")
        assert all(r["kind"] == "appropriation" and r["quote"] for r in rows)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.out)))
        assert len(rows) == _count("2024-10-01", "appropriation")
        assert "merida-first-phase-fmf" in {r["id"] for r in rows}
    else:
        assert "merida-first-phase-fmf" in result.out and "$420.7 million FMF" in result.out


def test_facts_search(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("facts", "--search", "fentanyl", "--format", "json", db=shared_url).json()
    assert rows and all("fentanyl" in json.dumps(r, ensure_ascii=False).lower() for r in rows)
    assert kb("facts", "rumour", db=shared_url).code == 2


def test_facts_api_returns_typed_objects(shared_url: str) -> None:
    from decimal import Decimal

    from kb.domain.schemas import Appropriation

    engine = make_engine(shared_url)
    with engine.connect() as conn:
        records = list_facts(conn, "appropriation", at=[OLD])
    engine.dispose()
    fmf = next(r.fact for r in records if r.fact.id == "merida-first-phase-fmf")
    assert isinstance(fmf, Appropriation)
    assert fmf.amount_usd == Decimal("420700000") and fmf.account == "FMF"


def test_show(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("show", "fto-designation-2025", "--format", "json", db=shared_url).json()
    (fact,) = rows
    assert fact["kind"] == "designation" and fact["date"] == "2025-02"
    assert fact["count"] == 6 and fact["designation_type"] == "FTO"
    assert "six of which were designated" in fact["quote"]
    gone = kb("show", "fto-designation-2025", "--at", OLD, db=shared_url)
    assert gone.code == 2 and "no fact 'fto-designation-2025' in IF10578@2024-10-01" in gone.err


def test_events_in_date_order_with_precision(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("events", "--at", OLD, "--format", "json", db=shared_url).json()
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    mayo = next(r for r in rows if r["id"] == "el-mayo-arrest")
    assert (mayo["date"], mayo["precision"]) == ("2024-07", "month")
    since = kb(
        "events", "--at", OLD, "--since", "2024-07", "--format", "json", db=shared_url
    ).json()
    assert {r["id"] for r in since} >= {"el-mayo-arrest"}
    assert all(r["date"] >= "2024" for r in since)
    assert kb("events", "--since", "July 2024", db=shared_url).code == 2


def test_export_csv_folder_json_and_xlsx(shared_url: str, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "out"
    assert kb("export", "all", "-o", str(folder), "--at", OLD, db=shared_url).code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "appropriation.csv",
            "condition.csv",
            "designation.csv",
            "event.csv",
            "indicator.csv",
            "measure.csv",
            "phase.csv",
            "program.csv",
            "sources.csv",
        ]
    )
    rows = list(csv.DictReader(io.StringIO((folder / "appropriation.csv").read_text("utf-8"))))
    assert len(rows) == _count("2024-10-01", "appropriation")
    assert list(rows[0])[:4] == ["report", "version", "kind", "id"]

    jsonl = tmp_path / "facts.jsonl"
    assert kb("export", "all", "--format", "jsonl", "-o", str(jsonl), db=shared_url).code == 0
    lines = [json.loads(x) for x in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == _count("2025-08-14")

    book = tmp_path / "facts.xlsx"
    assert kb("export", "all", "--format", "xlsx", "-o", str(book), db=shared_url).code == 0
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    assert "sources" in workbook.sheetnames and "appropriation" in workbook.sheetnames
    sheet = workbook["appropriation"]
    header = [c.value for c in sheet[1]]
    amounts = [
        row[header.index("amount_usd")] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert all(isinstance(a, int | float) for a in amounts)


def test_excel_csv_has_a_bom(shared_url: str, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "programs.csv"
    assert kb("export", "program", "-o", str(target), "--excel", db=shared_url).code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Mérida" in raw.decode("utf-8-sig")


def test_verify_passes_on_the_seeded_database(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("verify", db=shared_url)
    assert result.code == 0, result.out + result.err
    assert "ok:" in result.out and "1 annotated comparison(s) round-trip" in result.out


def test_verify_finds_a_tampered_quote(seeded_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(seeded_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE facts SET quote = 'Congress appropriated $9 trillion.' "
            "WHERE slug = 'incle-mexico-fy2023'"
        )
    engine.dispose()
    result = kb("verify", "--format", "json", db=seeded_url)
    assert result.code == 2
    codes = {(p["code"], p["fact_id"]) for p in result.json()}
    assert ("quote-not-found", "incle-mexico-fy2023") in codes
    assert ("seed-differs", "incle-mexico-fy2023") in codes
