"""Many reports, no country or report built in: a second report on another recipient is
treated as IF10578 is, by funding, the by-year pivot and its totals, the chart and the web
funding page, on SQLite and PostgreSQL.

The second report is synthetic (tests/data/synthetic: the fictional XX00001 on the fictional
Freedonia, with two figures for Mexico, the recipient it shares with IF10578)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kb.ingest.load import load_path
from kb.store.engine import make_engine
from kb.web.app import create_app
from tests.conftest import RunKb, snapshot
from tests.test_web import client_for

NEW = "IF10578@2025-08-14"
SYN = "XX00001@2025-01-15"


def _latest_facts() -> int:
    """The facts of IF10578's latest curated version, read from its seed file (not a number
    written here, so curating a fact does not break this test)."""
    import yaml as _yaml

    from tests.conftest import SEEDS as _SEEDS

    path = _SEEDS / "reports" / "IF10578" / "2025-08-14.yaml"
    return len(_yaml.safe_load(path.read_text("utf-8"))["facts"])


@pytest.fixture
def web(two_reports_url: str) -> Iterator[TestClient]:
    yield from client_for(two_reports_url)


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- funding rows ------------------------------------------------------------------


def test_funding_covers_every_reports_latest_version(two_reports_url: str, kb: RunKb) -> None:
    result = kb("funding", "--fy", "2023", "--format", "csv", db=two_reports_url)
    assert result.code == 0, result.err
    rows = _csv(result.out)
    assert {(r["report"], r["version"]) for r in rows} == {
        ("IF10578", "2025-08-14"),
        ("XX00001", "2025-01-15"),
    }
    mine = {(r["report"], r["id"]): r for r in rows}
    assert mine[("XX00001", "incle-freedonia-fy2023")]["recipient"] == "Freedonia"
    assert mine[("XX00001", "incle-freedonia-fy2023")]["amount_usd"] == "20000000"
    # the same id in two reports is two facts, each with its own report
    assert mine[("XX00001", "esf-mexico-fy2023")]["amount_usd"] == "40000000"
    assert mine[("IF10578", "esf-mexico-fy2023")]["amount_usd"] == "37000000"


@pytest.mark.parametrize("spelling", ["Freedonia", "freedonia", "FREEDONIA"])
def test_recipient_filter_works_for_any_recipient(
    two_reports_url: str, kb: RunKb, spelling: str
) -> None:
    result = kb("funding", "--recipient", spelling, "--format", "json", db=two_reports_url)
    assert result.code == 0, result.err
    rows = result.json()
    assert rows and {r["recipient"] for r in rows} == {"Freedonia"}
    assert {r["report"] for r in rows} == {"XX00001"}
    # the multi-year figure is listed under each year it covers, never divided
    span = [r for r in rows if r["id"] == "freedonia-fy2020-fy2022"]
    assert [r["fy"] for r in span] == [2020, 2021, 2022]
    assert {r["amount_usd"] for r in span} == {60000000}


def test_a_misspelt_recipient_names_the_new_one(two_reports_url: str, kb: RunKb) -> None:
    result = kb("funding", "--recipient", "Fredonia", db=two_reports_url)
    assert result.code == 2 and result.out == ""
    assert "did you mean Freedonia?" in result.err


def test_report_filter_and_at_name_the_second_report(two_reports_url: str, kb: RunKb) -> None:
    by_report = kb("funding", "--report", "XX00001", "--format", "json", db=two_reports_url)
    by_version = kb("funding", "--at", SYN, "--format", "json", db=two_reports_url)
    assert by_report.code == by_version.code == 0
    assert by_report.json() == by_version.json()
    assert {r["report"] for r in by_report.json()} == {"XX00001"}


# --- the by-year pivot: a total per recipient ----------------------------------------


def test_by_year_totals_each_recipient_under_the_same_conditions(
    two_reports_url: str, kb: RunKb
) -> None:
    result = kb("funding", "--by-year", "--format", "csv", db=two_reports_url)
    assert result.code == 0, result.err
    rows = _csv(result.out)
    totals = {(r["fy"], r["recipient"]): r["amount_usd"] for r in rows if r["account"] == "total"}
    # Freedonia's FY2023: two appropriated exact figures, one per account: a total
    assert totals == {("2023", "Freedonia"): "35000000"}
    total = next(r for r in rows if r["account"] == "total")
    assert total["status"] == "appropriated" and total["id"] == ""
    # Mexico's FY2023 has two figures per account (the two reports) and reported ones: none;
    # Freedonia's FY2024 is a request: none.
    assert ("2023", "Mexico") not in totals and ("2024", "Freedonia") not in totals


def test_by_year_of_one_recipient_is_as_for_if10578(two_reports_url: str, kb: RunKb) -> None:
    result = kb("funding", "--by-year", "--recipient", "Freedonia", db=two_reports_url)
    assert result.code == 0, result.err
    # one recipient: its lines, with their total
    assert "Mexico" not in result.out.split("\n", 2)[-1]
    assert "35,000,000" in result.out and "25,000,000 (requested)" in result.out
    alone = kb("funding", "--by-year", "--at", NEW, "--format", "json", db=two_reports_url)
    assert alone.code == 0
    assert {r["recipient"] for r in alone.json()} == {"Mexico", "global"}
    assert not [r for r in alone.json() if r["account"] == "total"]


def test_pivot_lines_are_per_fiscal_year_and_recipient(two_reports_url: str) -> None:
    from kb.query.funding import funding, pivot

    engine = make_engine(two_reports_url)
    with engine.connect() as conn:
        table = pivot(funding(conn, fy=2023))
    engine.dispose()
    assert table.columns[:2] == ["fy", "recipient"] and table.columns[-1] == "total"
    lines = {(y.fy, y.recipient): y for y in table.years}
    assert set(lines) == {(2023, "Freedonia"), (2023, "Mexico")}
    assert lines[(2023, "Freedonia")].total == Decimal(35000000)
    assert lines[(2023, "Mexico")].total is None
    # a recipient's two statements of one account stay two figures, never summed
    assert [r.amount_usd for r in lines[(2023, "Mexico")].cells["ESF"]] == [
        Decimal(40000000),
        Decimal(37000000),
    ] or [r.amount_usd for r in lines[(2023, "Mexico")].cells["ESF"]] == [
        Decimal(37000000),
        Decimal(40000000),
    ]


# --- the chart: one recipient, a panel each, or a clear refusal ---------------------


def test_chart_of_one_recipient(two_reports_url: str, kb: RunKb, tmp_path: Path) -> None:
    target = tmp_path / "one.png"
    result = kb("funding", "--recipient", "Freedonia", "--plot", str(target), db=two_reports_url)
    assert result.code == 0, result.err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "(3 bars; Freedonia)" in result.err


def test_chart_draws_a_panel_per_recipient(
    two_reports_url: str, kb: RunKb, tmp_path: Path
) -> None:
    target = tmp_path / "all.png"
    result = kb("funding", "--plot", str(target), "--format", "csv", db=two_reports_url)
    assert result.code == 0, result.err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "; Freedonia, global, Mexico)" in result.err


def _many_recipients(folder: Path, count: int) -> Path:
    """A synthetic report (XX00002, fictional) with one FY2023 figure for each of ``count``
    fictional recipients."""
    names = [f"Testland {chr(ord('A') + i)}" for i in range(count)]
    sentences = [
        f"Congress appropriated ${i + 1} million for {n} in FY2023." for i, n in enumerate(names)
    ]
    report = folder / "reports" / "XX00002"
    report.mkdir(parents=True)
    (report / "report.yaml").write_text(
        "# SYNTHETIC, for tests\nnumber: XX00002\ntype: In Focus\nauthors: [{name: Synthetic}]\n"
    )
    (report / "2025-02-01.txt").write_text(
        "SYNTHETIC TEST REPORT: not a CRS product.\n\n" + " ".join(sentences) + "\n"
    )
    facts = "".join(
        f"- id: testland-{i}\n  kind: appropriation\n  amount_usd: {(i + 1) * 1000000}\n"
        f"  fy_start: 2023\n  fy_end: 2023\n  recipient: {n}\n  status: appropriated\n"
        f"  quote: {s}\n"
        for i, (n, s) in enumerate(zip(names, sentences, strict=True))
    )
    (report / "2025-02-01.yaml").write_text(
        "report: XX00002\nversion: 2025-02-01\ntitle: Synthetic recipients\nfacts:\n" + facts
    )
    return folder


def test_too_many_recipients_for_a_chart_is_refused_naming_them(
    seeded_url: str, kb: RunKb, tmp_path: Path
) -> None:
    engine = make_engine(seeded_url)
    load_path(engine, _many_recipients(tmp_path / "many", 7))
    engine.dispose()
    before = snapshot(seeded_url)
    target = tmp_path / "chart.png"
    result = kb("funding", "--report", "XX00002", "--plot", str(target), db=seeded_url)
    assert result.code == 2 and result.out == ""
    assert not target.exists()
    assert "at most 6" in result.err and "7: Testland A, Testland B" in result.err
    assert "choose one with --recipient" in result.err
    one = kb("funding", "--recipient", "Testland C", "--plot", str(target), db=seeded_url)
    assert one.code == 0 and target.exists()
    assert snapshot(seeded_url) == before
    # the web refuses the same chart (400), naming its parameter, and the page says so
    with TestClient(create_app(make_engine(seeded_url))) as client:
        chart = client.get("/funding/chart.png", params={"fy": 2023})
        assert chart.status_code == 400
        assert "choose one with recipient" in chart.text and "--recipient" not in chart.text
        page = client.get("/funding", params={"fy": 2023})
        assert page.status_code == 200
        assert "at most 6" in page.text and "chart.png" not in page.text
        good = client.get("/funding/chart.png", params={"fy": 2023, "recipient": "Testland C"})
        assert good.status_code == 200 and good.content[:4] == b"\x89PNG"


# --- the web funding page ----------------------------------------------------------


def test_web_funding_page_shows_the_second_report(web: TestClient) -> None:
    page = web.get("/funding", params={"fy": 2023})
    assert page.status_code == 200
    assert "incle-freedonia-fy2023" in page.text and "Freedonia" in page.text
    assert "35,000,000" in page.text  # Freedonia's FY2023 total in the pivot
    assert "Freedonia, global, Mexico" not in page.text  # FY2023 holds no global figure
    assert "one panel per recipient: Freedonia, Mexico" in page.text
    chart = web.get("/funding/chart.png", params={"fy": 2023})
    assert chart.status_code == 200 and chart.content[:4] == b"\x89PNG"


def test_web_data_equals_the_cli(web: TestClient, two_reports_url: str, kb: RunKb) -> None:
    for extra in ([], ["--by-year"]):
        cli = kb(
            "funding", "--recipient", "Freedonia", *extra, "--format", "csv", db=two_reports_url
        )
        params = {"recipient": "Freedonia", "format": "csv"}
        if extra:
            params["by_year"] = "1"
        data = web.get("/funding", params=params)
        assert data.status_code == 200
        assert _csv(data.text) == _csv(cli.out)


# --- kb reports: each report with its title, versions, dates, recipients, facts ------


def test_reports_lists_each_report_in_every_format(
    two_reports_url: str, kb: RunKb, tmp_path: Path
) -> None:
    rows = kb("reports", "--format", "json", db=two_reports_url).json()
    assert [r["report"] for r in rows] == ["IF10578", "XX00001"]
    mine = {r["report"]: r for r in rows}
    assert mine["IF10578"] | {"authors": None} == {
        "report": "IF10578",
        "type": "In Focus",
        "title": "Evolution of U.S.-Mexico Security Cooperation",
        "versions": 2,
        "first": "2024-10-01",
        "latest": "2025-08-14",
        "recipients": ["global", "Mexico"],
        "facts": _latest_facts(),
        "authors": None,
    }
    synthetic = mine["XX00001"]
    assert (synthetic["versions"], synthetic["first"], synthetic["latest"]) == (
        1,
        "2025-01-15",
        "2025-01-15",
    )
    assert synthetic["recipients"] == ["Freedonia", "Mexico"] and synthetic["facts"] == 6
    table = kb("reports", "--wide", db=two_reports_url)
    assert table.code == 0 and "Freedonia; Mexico" in table.out and "2025-01-15" in table.out
    lines = _csv(kb("reports", "--format", "csv", db=two_reports_url).out)
    assert [(r["report"], r["facts"], r["first"]) for r in lines] == [
        ("IF10578", str(_latest_facts()), "2024-10-01"),
        ("XX00001", "6", "2025-01-15"),
    ]
    md = kb("reports", "--format", "md", db=two_reports_url)
    assert md.code == 0 and "| XX00001 |" in md.out.replace("  ", " ")
    target = tmp_path / "reports.xlsx"
    assert kb("reports", "-o", str(target), db=two_reports_url).code == 0
    assert target.read_bytes()[:2] == b"PK"


def test_web_reports_data_equals_the_cli(web: TestClient, two_reports_url: str, kb: RunKb) -> None:
    cli = kb("reports", "--format", "csv", db=two_reports_url)
    assert _csv(web.get("/reports", params={"format": "csv"}).text) == _csv(cli.out)
    home = web.get("/")
    assert home.status_code == 200 and "XX00001" in home.text
