"""One command layer for filters (kb/query/filters.py): a query's inputs are parsed and
checked once, by the library, so a bad value is refused the same way by `kb funding`,
`kb funding --lineage`, the read commands, `kb changelog` and the web pages (exit 2; HTTP
400), with one message that names the field (the CLI says its flag, the web its URL
parameter) and what exists; nothing is changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from kb.domain.problems import BadArgument, UsageError
from kb.query.filters import Filters
from kb.store.engine import make_engine
from tests.conftest import RunKb, snapshot
from tests.test_web import client_for, text_of


@pytest.fixture
def web(two_reports_url: str) -> Iterator[TestClient]:
    yield from client_for(two_reports_url)


# --- parsing: what a value is, before anything is read ---------------------------------


def test_parse_types_the_values() -> None:
    f = Filters.parse(fy="2023", status="requested", at="IF10578", report=" xx00001 ")
    assert (f.fy, f.status, f.at, f.report) == (2023, ("requested",), ("IF10578",), "XX00001")
    assert f.years == (2023, 2023)
    assert Filters.parse(fy_from=2008, fy_to="2010").years == (2008, 2010)
    assert Filters.parse(since="2024-07").since == "2024-07"
    assert Filters.parse(fy="", recipient="", search="") == Filters()


@pytest.mark.parametrize(
    ("given", "field", "says"),
    [
        ({"fy": "23"}, "fy", "fy 23 is not a fiscal year: give all four digits, 1900-2100; did"),
        ({"fy": 23}, "fy", "fy 23 is not a fiscal year"),
        ({"fy": "abc"}, "fy", "fy 'abc' is not a fiscal year: give all four digits"),
        ({"fy_to": "２０２３"}, "fy_to", "fy_to '２０２３' is not a fiscal year"),
        ({"fy_from": "99999999999999999999"}, "fy_from", "is not a fiscal year"),
        ({"fy": True}, "fy", "fy True is not a fiscal year"),
        ({"fy": 2023, "fy_from": 2020}, "fy", "give one fiscal year or a range"),
        ({"fy_from": 2024, "fy_to": 2020}, "fy_to", "2020 is before the first fiscal year 2024"),
        ({"status": ["requested", "granted"]}, "status", "status 'granted' is not a funding"),
        ({"status": "enacted"}, "status", "(enacted money: status allocated status appropriated"),
        ({"kind": "evnt"}, "kind", "unknown kind 'evnt'; kinds: program"),
        ({"search": "x" * 1001}, "search", "search is 1,001 characters long"),
        ({"since": "July"}, "since", "'July' is not a date"),
        ({"at": ["IF10578", "not a ref"]}, None, "'not a ref' is not a version reference"),
    ],
)
def test_parse_refuses_naming_the_field_never_a_flag(
    given: dict[str, object], field: str | None, says: str
) -> None:
    with pytest.raises(UsageError) as info:
        Filters.parse(**given)  # type: ignore[arg-type]
    assert info.value.parameter == field
    assert says in str(info.value), str(info.value)
    assert "--" not in str(info.value)


def test_against_the_database_the_message_says_what_is_held(two_reports_url: str) -> None:
    engine = make_engine(two_reports_url)
    try:
        with engine.connect() as conn:
            f = Filters.parse(recipient="Mexco", at="IF10578@2025-08-14")
            with pytest.raises(BadArgument) as info:
                f.recipients(conn, f.versions(conn))
            assert str(info.value) == (
                "recipient 'Mexco' is not in IF10578@2025-08-14; recipients there: global, "
                "Mexico; did you mean Mexico?"
            )
            with pytest.raises(BadArgument) as info:
                f.recipients(conn)  # every version: the database's recipients
            assert "recipients in this database: Freedonia, global, Mexico" in str(info.value)
            held = Filters.parse(recipient="FREEDONIA")
            assert held.recipients(conn) == ["Freedonia"]
            assert Filters.parse(account="esf+incle").check_account(conn) is None
    finally:
        engine.dispose()


# --- one refusal everywhere ------------------------------------------------------------

# (CLI arguments, URL query, what both say after the field's name)
SAME = [
    (["--fy", "23"], "fy=23", " 23 is not a fiscal year: give all four digits, 1900-2100; did"),
    (["--from", "1850"], "from=1850", " 1850 is not a fiscal year"),
    (["--status", "granted"], "status=granted", " 'granted' is not a funding status; statuses: "),
    (
        ["--recipient", "Mexco", "--at", "IF10578@2025-08-14"],
        "recipient=Mexco&at=IF10578@2025-08-14",
        " 'Mexco' is not in IF10578@2025-08-14; recipients there: global, Mexico; did you mean",
    ),
    (
        ["--account", "INCEL"],
        "account=INCEL",
        " 'INCEL' is not in IF10578@2025-08-14, XX00001@2025-01-15; accounts there",
    ),
]


@pytest.mark.parametrize(("argv", "query", "says"), SAME, ids=[q for _, q, _ in SAME])
def test_cli_and_web_refuse_a_value_alike(
    argv: list[str], query: str, says: str, two_reports_url: str, kb: RunKb, web: TestClient
) -> None:
    before = snapshot(two_reports_url)
    result = kb("funding", *argv, db=two_reports_url)
    assert result.code == 2 and result.out == ""
    flag = argv[0]
    assert result.err.startswith(f"kb: {flag}{says}"), result.err
    name = flag.removeprefix("--")
    for path in ("/funding", "/funding/chart.png"):
        page = web.get(f"{path}?{query}")
        assert page.status_code == 400, (path, page.text)
        shown = " ".join(text_of(page.text).split())
        assert f"{name}{says}" in shown, shown
        assert flag not in shown
    assert snapshot(two_reports_url) == before


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--recipient", "Mexco"], "--recipient 'Mexco' is the recipient of no figure in this"),
        (["--recipient", "Fredonia"], "did you mean Freedonia?"),
        (["--fy", "23"], "--fy 23 is not a fiscal year: give all four digits"),
        (["--from", "2024", "--to", "2020"], "--to: 2020 is before the first fiscal year 2024"),
        (["--fy", "2023", "--from", "2020"], "--fy: give one fiscal year or a range"),
        (["--account", "INCEL"], "did you mean INCLE?"),
        (["--report", "XX9"], "no report XX9; reports in this database: IF10578, XX00001"),
    ],
)
def test_lineage_refuses_what_funding_refuses(
    argv: list[str], says: str, two_reports_url: str, kb: RunKb
) -> None:
    """`kb funding --lineage --recipient Mexco` printed nothing and exited 0."""
    for fmt in ("table", "json"):
        result = kb("funding", "--lineage", *argv, "--format", fmt, db=two_reports_url)
        assert result.code == 2 and result.out == "", result.out
        assert says in result.err, result.err


def test_lineage_takes_any_held_recipient_in_any_case(two_reports_url: str, kb: RunKb) -> None:
    argv = ["funding", "--lineage", "--recipient", "freedonia", "-f", "json"]
    result = kb(*argv, db=two_reports_url)
    assert result.code == 0, result.err
    rows = result.json()
    assert rows and {(r["recipient"], r["report"]) for r in rows} == {("Freedonia", "XX00001")}
    # Mexico's lines hold both reports' statements of FY2023 INCLE
    mexico = kb("funding", "--lineage", "--recipient", "MEXICO", "--fy", "2023", "--account",
                "INCLE", "-f", "json", db=two_reports_url).json()  # fmt: skip
    assert {r["report"] for r in mexico if r["fy_start"] == r["fy_end"] == 2023} == {
        "IF10578",
        "XX00001",
    }


def test_read_commands_and_pages_refuse_alike(
    two_reports_url: str, kb: RunKb, web: TestClient
) -> None:
    pairs = [
        (["events", "--since", "July"], "/timeline?since=July", "since: 'July' is not a date"),
        (["facts", "--at", "IF10578@2020-01-01"], "/search?at=IF10578@2020-01-01",
         "no version IF10578@2020-01-01; versions of IF10578: IF10578@2024-10-01"),
        (["facts", "rumour"], "/search?kind=rumour", "unknown kind 'rumour'"),
        (["facts", "--at", "not a ref"], "/search?at=not%20a%20ref", "'not a ref' is not a"),
    ]  # fmt: skip
    for argv, path, says in pairs:
        result = kb(*argv, db=two_reports_url)
        assert result.code == 2 and says in result.err, (argv, result.err)
        page = web.get(path)
        assert page.status_code == 400 and says in text_of(page.text), (path, page.text)


def test_changelog_checks_its_references_as_at_is(two_reports_url: str, kb: RunKb) -> None:
    for refs in (["not a ref"], ["IF10578@2024-10-01", "IF10578@2025-13-01"]):
        result = kb("changelog", *refs, db=two_reports_url)
        assert result.code == 2 and result.out == "", result.out
        assert "is not a version reference" in result.err or "is not a date" in result.err
    result = kb("changelog", "XX00001", db=two_reports_url)
    assert result.code == 2 and "XX00001 has no version to compare" in result.err
