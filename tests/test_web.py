"""kb serve in-process (Starlette's TestClient), on SQLite and PostgreSQL: every page and
parameter, CSV/JSON parity with the CLI, bad parameters, headers, escaping, read-only."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from kb.ingest.load import load_path
from kb.store.engine import make_engine
from kb.web.app import create_app
from tests.conftest import snapshot
from tests.test_packaging import installed  # noqa: F401  (the wheel fixture)

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"


def client_for(url: str) -> Iterator[TestClient]:
    engine = make_engine(url)
    try:
        with TestClient(create_app(engine)) as client:
            yield client
    finally:
        engine.dispose()


@pytest.fixture
def web(shared_url: str) -> Iterator[TestClient]:
    yield from client_for(shared_url)


def text_of(html: str) -> str:
    """The visible text, roughly: tags dropped, entities of < > & " ' decoded."""
    from html import unescape

    inline = re.sub(r"</?(?:mark|strong|span|a|code|ins|del)\b[^>]*>", "", html)
    return unescape(re.sub(r"<[^>]+>", " ", inline))


# --- every page --------------------------------------------------------------------

PAGES = [
    ("/", ["IF10578@2024-10-01", "IF10578@2025-08-14", "Evolution of U.S.-Mexico"]),
    ("/funding", ["FY2008", "security-assistance-total"]),
    ("/funding?fy=2023&account=INCLE", ["Funding, FY2023", "incle-mexico-fy2023", "$48 million"]),
    ("/funding?from=2022&to=2024&exact=1", ["FY2022-FY2024"]),
    (f"/funding?fy=2023&at={OLD}", ["estimated", OLD]),
    ("/funding?fy=2023&status=reported&recipient=mexico", ["esf-mexico-fy2023"]),
    ("/diff", ["Changes between two versions", f"{OLD} → {NEW}"]),
    (f"/diff/{OLD}/{NEW}", ["added", "revised", "reworded", "security-assistance-total"]),
    (f"/diff/{OLD}/{NEW}?kind=appropriation", ["incle-mexico-fy2023"]),
    (f"/diff/{OLD}/{NEW}?change=added", ["esf-mexico-fy2023"]),
    ("/fact/IF10578/incle-mexico-fy2023", ["$48 million INCLE FY2023", "revised"]),
    ("/fact/IF10578/incle-mexico-fy2023?at=2024-10-01", ["estimated $48 million"]),
    (f"/fact/IF10578/incle-mexico-fy2022?at={OLD}", ["$64 million"]),
    ("/timeline", ["Timeline", "2024-07"]),
    ("/timeline?since=2024&until=2025-06", ["Timeline"]),
    ("/search?q=fentanyl", ["fentanyl-directive-fy2024"]),
    ("/search?q=INCLE&kind=appropriation", ["incle-mexico-fy2023"]),
    (f"/search?at={OLD}", ["incle-mexico-fy2022"]),
]


@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_page(web: TestClient, path: str, expected: list[str]) -> None:
    response = web.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    shown = text_of(response.text)
    for words in expected:
        assert words in shown, words


def test_funding_rows_are_the_cli_rows(
    web: TestClient, kb: Callable[..., Any], shared_url: str
) -> None:
    """The page lists exactly the figures `kb funding` prints, multi-year ones included."""
    page = web.get("/funding?fy=2023").text
    rows = kb("funding", "--fy", "2023", "--format", "json", db=shared_url).json()
    linked = re.findall(
        r'class="id" href="/fact/IF10578/([a-z0-9.-]+)\?at=', page.split("By fiscal year")[0]
    )
    assert linked == [r["id"] for r in rows]
    assert "FY2008-FY2023" in page  # the multi-year total, under FY2023, with its range


def test_diff_page_shows_field_changes_and_rewording(web: TestClient) -> None:
    page = web.get(f"/diff/{OLD}/{NEW}").text
    total = page.split('id="security-assistance-total"')[1].split("</article>")[0]
    assert "$3.5 billion" in total and "$3.6 billion" in total
    assert "3500000000" in total and "3600000000" in total
    fentanyl = page.split('id="fentanyl-directive-fy2024"')[1].split("</article>")[0]
    assert "<del>directs that</del>" in fentanyl.replace(" </del>", "</del>") or "<del>" in fentanyl
    assert "<ins>" in fentanyl


def test_funding_pages_through_long_answers(
    web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long answer is shown a page at a time; the downloads keep every row."""
    monkeypatch.setattr("kb.web.routes.funding.PAGE_ROWS", 5)
    everything = web.get("/funding?format=json").json()
    assert len(everything) > 10
    seen: list[str] = []
    for number in (1, 2, 3):
        page = web.get(f"/funding?page={number}").text
        ids = re.findall(r'class="id" href="/fact/IF10578/([a-z0-9.-]+)\?at=', page)
        assert len(ids) == 5
        assert f"Page {number} of" in page
        seen += ids
    assert seen == [r["id"] for r in everything[:15]]
    assert "page=2" in web.get("/funding").text  # a link to the next page


def test_pick_redirects_to_the_stable_url(web: TestClient) -> None:
    response = web.get(f"/diff?old={OLD}&new={NEW}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/diff/{OLD}/{NEW}"
    odd = web.get("/diff?old=/evil.example/x&new=a?b", follow_redirects=False)
    assert odd.headers["location"] == "/diff/%2Fevil.example%2Fx/a%3Fb"
    assert web.get(odd.headers["location"]).status_code == 404  # no such page, no escape


def test_fact_page_highlights_the_quote_in_the_full_text(web: TestClient) -> None:
    page = web.get("/fact/IF10578/incle-mexico-fy2023").text
    mark = re.search(r'<mark id="quote">(.*?)</mark>', page, re.S)
    assert mark is not None
    assert " ".join(mark.group(1).split()).startswith("INCLE assistance to Mexico averaged")
    assert f'href="/diff/{OLD}/{NEW}#incle-mexico-fy2023"' in page
    assert 'href="#quote"' in page  # the scroll-to, without script


def test_search_marks_the_words(web: TestClient) -> None:
    page = web.get("/search?q=FENTANYL").text
    assert "counter U.S.-bound <mark>fentanyl</mark> and other synthetic drugs" in page


def test_chart_is_the_plot_png(web: TestClient) -> None:
    response = web.get("/funding/chart.png?fy=2023")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n") and len(response.content) > 5000


# --- CSV and JSON: the CLI's bytes --------------------------------------------------

PARITY = [
    ("/", ["versions"]),
    ("/reports", ["reports"]),
    ("/funding", ["funding"]),
    ("/funding?fy=2023&account=INCLE", ["funding", "--fy", "2023", "--account", "INCLE"]),
    (
        "/funding?from=2015&to=2024&exact=1&status=appropriated&status=reported",
        [
            "funding",
            "--from",
            "2015",
            "--to",
            "2024",
            "--exact",
            "--status",
            "appropriated",
            "--status",
            "reported",
        ],
    ),
    (
        f"/funding?fy=2023&at={OLD}&recipient=Mexico",
        ["funding", "--fy", "2023", "--at", OLD, "--recipient", "Mexico"],
    ),
    ("/funding?by_year=1", ["funding", "--by-year"]),
    ("/funding?by_year=1&account=INCLE", ["funding", "--by-year", "--account", "INCLE"]),
    (f"/diff/{OLD}/{NEW}", ["diff", OLD, NEW]),
    (f"/diff/{OLD}/{NEW}?kind=event", ["diff", OLD, NEW, "--kind", "event"]),
    (f"/diff/{OLD}/{NEW}?change=removed", ["diff", OLD, NEW, "--change", "removed"]),
    (f"/diff/{OLD}/{NEW}?summary=1", ["diff", OLD, NEW, "--summary"]),
    (
        "/fact/IF10578/incle-mexico-fy2023?at=2025-08-14",
        ["show", "incle-mexico-fy2023", "--at", NEW],
    ),
    (f"/fact/IF10578/incle-mexico-fy2022?at={OLD}", ["show", "incle-mexico-fy2022", "--at", OLD]),
    (
        "/fact/IF10578/incle-mexico-fy2023?table=history",
        ["history", "incle-mexico-fy2023", "--report", "IF10578"],
    ),
    ("/timeline", ["events"]),
    (
        f"/timeline?since=2024-07&until=2025&at={OLD}",
        ["events", "--since", "2024-07", "--until", "2025", "--at", OLD],
    ),
    ("/search?q=fentanyl", ["facts", "--search", "fentanyl"]),
    ("/search?q=Mexico&kind=appropriation", ["facts", "appropriation", "--search", "Mexico"]),
    (f"/search?at={OLD}", ["facts", "--at", OLD]),
]


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(("path", "args"), PARITY)
def test_download_is_what_the_cli_prints(
    web: TestClient, kb: Callable[..., Any], shared_url: str, path: str, args: list[str], fmt: str
) -> None:
    joiner = "&" if "?" in path else "?"
    response = web.get(f"{path}{joiner}format={fmt}")
    assert response.status_code == 200, response.text
    cli = kb(*args, "--format", fmt, db=shared_url)
    assert cli.code == 0, cli.err
    assert response.content == cli.out.encode("utf-8")
    assert len(response.content) > 40
    expected = "text/csv" if fmt == "csv" else "application/json"
    assert response.headers["content-type"].startswith(expected)


def test_every_table_page_links_to_its_csv_and_json(web: TestClient) -> None:
    for path in [
        "/",
        "/funding?fy=2023&account=INCLE",
        f"/diff/{OLD}/{NEW}",
        "/fact/IF10578/incle-mexico-fy2023",
        "/timeline",
        "/search?q=fentanyl",
    ]:
        page = web.get(path).text
        links = re.findall(r'href="([^"]*format=(?:csv|json)[^"]*)"', page)
        assert len(links) >= 2, path
        for link in links:
            from html import unescape

            assert web.get(unescape(link)).status_code == 200, link


# --- bad parameters: 400 (or 404) in kb's words ---------------------------------------

BAD = [
    ("/funding?fy=abc", 400, "fy 'abc' is not a fiscal year: give all four digits"),
    ("/funding?fy=1850", 400, "fy 1850 is not a fiscal year: give all four digits, 1900-2100"),
    ("/funding?fy=99999999999999999999", 400, "is not a fiscal year"),
    ("/funding?fy=２０２３", 400, "is not a fiscal year"),
    ("/funding?from=2024&to=2020", 400, "to: 2020 is before the first fiscal year 2024"),
    ("/funding?fy=2023&from=2020", 400, "give one fiscal year or a range"),
    ("/funding?fy=2023&fy=2024", 400, "fy is given 2 times"),
    ("/funding?at=IF10578@2020-01-01", 400, "no version IF10578@2020-01-01; versions of IF10578"),
    ("/funding?at=XX999", 400, "no report XX999"),
    ("/funding?at=not%20a%20ref", 400, "is not a version reference"),
    ("/funding?account=" + "A" * 500, 400, "account is too long (500 characters; at most 200)"),
    ("/funding?recipient=Mex%00ico", 400, "recipient contains a control character"),
    ("/funding?status=granted", 400, "status 'granted' is not a funding status; statuses: appr"),
    ("/funding?exact=maybe", 400, "exact='maybe': use 1 or 0"),
    ("/funding?format=xml", 400, "format='xml': use csv or json"),
    ("/funding/chart.png?fy=abc", 400, "is not a fiscal year"),
    ("/funding?page=0", 400, "page='0': use a page number"),
    ("/funding?page=99", 400, "page=99: these filters give 1 page(s)"),
    (f"/diff/{OLD}/IF10578@2030-01-01", 404, "no version IF10578@2030-01-01"),
    (f"/diff/{OLD}/IF10578@2025-13-01", 400, "is not a date"),
    (f"/diff/{OLD}/{NEW}?kind=rumour", 400, "unknown kind 'rumour'"),
    (f"/diff/{OLD}/{NEW}?change=moved", 400, "unknown change 'moved'"),
    ("/diff/IF10578/" + "X" * 300, 400, "new version is too long"),
    ("/fact/IF10578/incle-mexico-fy2032", 404, "did you mean incle-mexico-fy2023"),
    ("/fact/XX1/incle-mexico-fy2023", 404, "no report XX1"),
    ("/fact/IF10578/incle-mexico-fy2022?at=2025-08-14", 404, "does not state incle-mexico-fy2022"),
    ("/fact/IF10578/incle-mexico-fy2023?table=x", 400, "table='x': use fact or history"),
    ("/timeline?since=July", 400, "since"),
    ("/search?kind=rumour", 400, "unknown kind 'rumour'"),
    ("/search?q=" + "x" * 201, 400, "q is too long"),
    ("/search?at=IF10578@1999-01-01", 400, "no version IF10578@1999-01-01"),
    ("/no-such-page", 404, "no page /no-such-page"),
]


@pytest.mark.parametrize(("path", "status", "message"), BAD)
def test_bad_parameter(web: TestClient, path: str, status: int, message: str) -> None:
    response = web.get(path)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    shown = text_of(response.text)
    assert message in shown
    assert "Traceback" not in response.text


def test_unknown_fact_links_to_what_was_meant(web: TestClient) -> None:
    response = web.get("/fact/IF10578/incle-mexico-fy2032")
    assert response.status_code == 404
    assert 'href="/fact/IF10578/incle-mexico-fy2023"' in response.text
    assert web.get("/fact/IF10578/incle-mexico-fy2023").status_code == 200


def test_only_get(web: TestClient) -> None:
    for path in ["/", "/funding", f"/diff/{OLD}/{NEW}"]:
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            response = web.request(method, path)
            assert response.status_code == 405
            assert response.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/funding?fy=2023",
        "/funding?fy=2023&format=csv",
        "/funding/chart.png?fy=2023",
        "/funding?fy=abc",
        "/nope",
        "/static/kb.css",
        f"/diff/{OLD}/{NEW}?format=json",
    ],
)
def test_security_headers_on_every_response(web: TestClient, path: str) -> None:
    response = web.get(path)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_pages_write_nothing(seeded_url: str) -> None:
    before = snapshot(seeded_url)
    for client in client_for(seeded_url):
        for path, _ in PAGES:
            assert client.get(path).status_code == 200
        for path, _ in PARITY:
            client.get(path + ("&" if "?" in path else "?") + "format=csv")
        for path, _, _ in BAD:
            client.get(path)
    assert snapshot(seeded_url) == before


# --- hostile data: carried as text ----------------------------------------------------

SCRIPT = "<script>alert('kb')</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS = "javascript:alert(document.cookie)"
CONTROL = "\x1b[31mred\u202eevil"
HOSTILE_TEXT = f"""\
Hostile report
Updated March 3, 2025

The page said {SCRIPT} and gave $5 million in FY2023.
Then {IMG} was in the text on 2024-07.
"""
HOSTILE_YAML = f"""\
report: HX7
version: 2025-03-03
title: {json.dumps("Title " + SCRIPT)}
facts:
  - id: hostile-appropriation
    kind: appropriation
    amount_usd: 5000000
    qualifier: exact
    fy_start: 2023
    fy_end: 2023
    recipient: {json.dumps(JS)}
    status: appropriated
    purpose: {json.dumps(IMG)}
    quote: {json.dumps(f"The page said {SCRIPT} and gave $5 million in FY2023.")}
    note: {json.dumps(IMG + " " + CONTROL)}
  - id: hostile-event
    kind: event
    date: 2024-07
    summary: {json.dumps(SCRIPT + " " + JS)}
    actors: [{json.dumps(IMG)}]
    category: {json.dumps(JS)}
    quote: {json.dumps(f"Then {IMG} was in the text on 2024-07.")}
    note: {json.dumps(CONTROL)}
"""
REPORT_YAML = """\
number: HX7
type: In Focus
authors:
  - name: "<b>Mallory</b>"
"""


@pytest.fixture
def hostile(migrated_url: str, tmp_path: Path) -> Iterator[TestClient]:
    folder = tmp_path / "HX7"
    folder.mkdir()
    (folder / "report.yaml").write_text(REPORT_YAML, encoding="utf-8")
    (folder / "2025-03-03.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "2025-03-03.yaml").write_text(HOSTILE_YAML, encoding="utf-8")
    engine = make_engine(migrated_url)
    load_path(engine, folder)
    engine.dispose()
    yield from client_for(migrated_url)


HOSTILE_PAGES = [
    "/",
    "/funding?fy=2023",
    "/funding?recipient=" + JS,
    "/fact/HX7/hostile-appropriation",
    "/fact/HX7/hostile-event",
    "/diff/HX7@2025-03-03/HX7@2025-03-03",
    "/timeline",
    "/search?q=script",
    "/search?q=" + IMG,
]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_values_are_text(hostile: TestClient, path: str) -> None:
    response = hostile.get(path)
    assert response.status_code == 200, response.text
    page = response.text
    # nothing the data holds becomes markup, a link target or a raw control character
    for raw in (SCRIPT, IMG, "<b>Mallory", "<img src=x"):
        assert raw not in page
    assert 'href="javascript:' not in page.lower() and 'src="javascript:' not in page.lower()
    assert "\x1b" not in page and "\u202e" not in page
    # and the visitor still reads it, as text
    shown = text_of(page)
    if path.startswith(("/fact/HX7/hostile-appropriation", "/search?q=script")):
        assert SCRIPT in shown
    if path.startswith("/fact/HX7/hostile-appropriation"):
        assert IMG in shown and JS in shown and "\\x1b[31mred\\u202eevil" in shown
    if path == "/timeline":
        assert SCRIPT in shown and "2024-07" in shown
    # the only scripts are kb's own file; the only tags are the templates'
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/kb.js" defer>']


def test_hostile_downloads_match_the_cli(
    hostile: TestClient, kb: Callable[..., Any], migrated_url: str
) -> None:
    for path, args in [
        ("/funding?fy=2023&format=csv", ["funding", "--fy", "2023", "--format", "csv"]),
        ("/search?q=script&format=json", ["facts", "--search", "script", "--format", "json"]),
        ("/timeline?format=csv", ["events", "--format", "csv"]),
    ]:
        assert hostile.get(path).content == kb(*args, db=migrated_url).out.encode()


# --- the command ------------------------------------------------------------------------


def test_other_commands_do_not_import_the_web_stack(shared_url: str) -> None:
    code = (
        "import sys\n"
        "from kb.cli.main import main\n"
        f"main(['funding', '--fy', '2023', '--db', {shared_url!r}])\n"
        "heavy = [m for m in ('starlette', 'jinja2', 'uvicorn', 'kb.web') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_serve_binds_loopback_and_says_so(shared_url: str) -> None:
    from tests.webserver import kb_serve

    with kb_serve(shared_url) as (base, banner):
        assert banner.startswith(f"kb serve: read-only, {base}/ (loopback only")
        import urllib.request

        with urllib.request.urlopen(base + "/funding?fy=2023") as response:
            assert b"incle-mexico-fy2023" in response.read()


def test_serve_on_a_taken_port_says_so(shared_url: str) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "kb", "serve", "--db", shared_url, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"kb: cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_wheel_carries_the_templates_and_css(installed: Path, tmp_path: Path) -> None:  # noqa: F811
    code = (
        "import kb.web, sys\n"
        "from starlette.testclient import TestClient\n"
        "from kb.ingest.bootstrap import open_engine\n"
        "from kb.web.app import create_app\n"
        f"assert kb.web.__file__.startswith({str(installed)!r}), kb.web.__file__\n"
        "client = TestClient(create_app(open_engine(None)))\n"
        "page = client.get('/funding?fy=2023')\n"
        "assert page.status_code == 200 and 'incle-mexico-fy2023' in page.text\n"
        "assert client.get('/static/kb.css').status_code == 200\n"
        "assert client.get('/static/kb.js').status_code == 200\n"
    )
    env = {**os.environ, "PYTHONPATH": str(installed), "KB_HOME": str(tmp_path)}
    env.pop("KB_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_page_connections_refuse_writes(shared_url: str) -> None:
    """Read-only by construction: a write through a page's connection is refused."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from kb.web.db import snapshot as page_snapshot

    engine = make_engine(shared_url)
    try:
        with page_snapshot(engine) as conn, pytest.raises(DBAPIError) as refused:
            conn.execute(text("UPDATE reports SET type = 'x'"))
        assert "readonly" in str(refused.value).lower().replace("-", "").replace(" ", "")
    finally:
        engine.dispose()


def test_many_versions_are_typed_not_listed(
    web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thousands of versions make no usable list: past MAX_CHOICES the field is typed."""
    assert '<select name="at">' in web.get("/funding").text
    monkeypatch.setattr("kb.web.pages.MAX_CHOICES", 1)
    for path in ["/funding", "/timeline", "/search"]:
        page = web.get(path).text
        assert '<select name="at">' not in page
        assert '<input name="at" size="20" value="" placeholder="REPORT@YYYY-MM-DD">' in page
