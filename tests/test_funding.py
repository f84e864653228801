"""`kb funding` on the real IF10578 seeds, both backends, and the funding_by_fy view."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from kb.query.funding import funding, pivot
from kb.store.engine import make_engine

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"


def _rows(kb, url: str, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    result = kb("funding", *args, "--format", "json", db=url)
    assert result.code == 0, result.err
    return result.json()


def test_fy2023_incle_in_each_version(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    old = {r["id"]: r for r in _rows(kb, shared_url, "--fy", "2023", "--at", OLD)}
    new = {r["id"]: r for r in _rows(kb, shared_url, "--fy", "2023", "--at", NEW)}
    before, after = old["incle-mexico-fy2023"], new["incle-mexico-fy2023"]
    assert (before["amount_usd"], before["status"], before["account"], before["recipient"]) == (
        48000000,
        "estimated",
        "INCLE",
        "Mexico",
    )
    assert (after["amount_usd"], after["status"], after["account"]) == (
        48000000,
        "reported",
        "INCLE",
    )
    assert "an estimated $48 million in FY2023" in before["quote"]
    assert "(the last year publicly available)" in after["quote"]
    assert new["esf-mexico-fy2023"]["amount_usd"] == 37000000
    assert "esf-mexico-fy2023" not in old


def test_default_is_the_latest_version(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(kb, shared_url, "--fy", "2023")
    assert {r["version"] for r in rows} == {"2025-08-14"}


def test_multi_year_figures_are_listed_under_each_year_never_divided(
    shared_url: str,
    kb,  # type: ignore[no-untyped-def]
) -> None:
    rows = _rows(kb, shared_url, "--from", "2008", "--to", "2010", "--at", OLD)
    total = [r for r in rows if r["id"] == "merida-first-phase-total"]
    assert [r["fy"] for r in total] == [2008, 2009, 2010]
    assert {r["amount_usd"] for r in total} == {1500000000}
    assert {r["range"] for r in total} == {"FY2008-FY2010"}


def test_average_is_marked_as_an_average(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(kb, shared_url, "--fy", "2017")
    avg = next(r for r in rows if r["id"] == "incle-mexico-avg-fy2015-fy2021")
    assert (avg["amount_usd"], avg["qualifier"], avg["range"]) == (
        100000000,
        "average_per_year",
        "FY2015-FY2021",
    )


def test_exact_keeps_single_year_figures_only(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    everything = _rows(kb, shared_url, "--fy", "2023")
    exact = _rows(kb, shared_url, "--fy", "2023", "--exact")
    assert "security-assistance-total" in {r["id"] for r in everything}
    assert exact and all(r["fy_start"] == r["fy_end"] == 2023 for r in exact)
    assert {r["id"] for r in exact} < {r["id"] for r in everything}


def test_filters(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    requested = _rows(kb, shared_url, "--fy", "2024", "--status", "requested", "--at", OLD)
    assert {r["id"] for r in requested} >= {
        "fy2024-request-mexico",
        "fy2024-request-incle",
        "fy2024-request-esf",
    }
    assert all(r["status"] == "requested" for r in requested)
    esf = _rows(kb, shared_url, "--fy", "2024", "--account", "esf", "--at", OLD)
    assert {r["id"] for r in esf} >= {"fy2024-request-esf", "fentanyl-directive-fy2024"}
    assert all("ESF" in r["account"].split("+") for r in esf)
    glob = _rows(kb, shared_url, "--fy", "2024", "--recipient", "global", "--at", OLD)
    assert glob and all(r["recipient"] == "global" for r in glob)


def test_csv_has_the_contract_columns(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("funding", "--fy", "2023", "--format", "csv", db=shared_url)
    assert result.code == 0
    header = next(csv.reader(io.StringIO(result.out)))
    for column in [
        "report",
        "version",
        "id",
        "fy_start",
        "fy_end",
        "amount_usd",
        "qualifier",
        "status",
        "account",
        "recipient",
        "measure",
        "quote",
    ]:
        assert column in header


def test_the_view_answers_like_the_command(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    cli = _rows(kb, shared_url, "--fy", "2023")
    engine = make_engine(shared_url)
    with engine.connect() as conn:
        view = conn.execute(
            text(
                "SELECT id, amount_usd, status FROM funding_by_fy WHERE fy = 2023 AND is_latest = 1"
            )
        ).all()
    engine.dispose()
    assert sorted((r["id"], Decimal(r["amount_usd"]), r["status"]) for r in cli) == sorted(
        (i, Decimal(str(a)), s) for i, a, s in view
    )


def test_pivot_marks_status_and_does_not_double_count(shared_url: str) -> None:
    engine = make_engine(shared_url)
    with engine.connect() as conn:
        rows = funding(conn, at=[OLD])
    engine.dispose()
    table = pivot(rows)
    fy2024 = next(r for r in table.rows if (r["fy"], r["recipient"]) == (2024, "Mexico"))
    assert fy2024["INCLE"].startswith("48,000,000 (") and "requested" in fy2024["INCLE"]
    assert "total" not in fy2024  # the $127.1 million total is its own figure, not a sum
    fy2023 = next(r for r in table.rows if r["fy"] == 2023)
    assert fy2023["INCLE"] == "48,000,000 (estimated)"
    engine = make_engine(shared_url)
    with engine.connect() as conn:
        newer = pivot(funding(conn, at=[NEW]))
    engine.dispose()
    fy2023 = next(r for r in newer.rows if r["fy"] == 2023)
    # $48M INCLE and $37M USAID-managed ESF are "reported" figures of different scope:
    # adding them up would state an $85M total the report never gives.
    assert (fy2023["INCLE"], fy2023["ESF"]) == ("48,000,000 (reported)", "37,000,000 (reported)")
    assert "total" not in fy2023


def test_plot_writes_a_png(shared_url: str, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "funding.png"
    result = kb("funding", "--by-year", "--plot", str(target), db=shared_url)
    assert result.code == 0, result.err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_ranges_are_usage_errors(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    assert kb("funding", "--from", "2020", "--to", "2010", db=shared_url).code == 2
    assert kb("funding", "--fy", "2020", "--from", "2010", db=shared_url).code == 2
