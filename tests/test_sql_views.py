"""The views for SQL and BI users: Datasette's facets filter them, and they answer what the
commands answer, on both backends."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kb.domain.vocabulary import FUNDING_STAGES
from kb.query.diff import diff_versions
from kb.store.engine import downgrade, make_engine, upgrade
from kb.store.sql_views import latest_views

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"
FACETED = ["funding_by_fy", "timeline", "fact_changes", "funding_lineage"]


def _rows(url: str, sql: str, **params: Any) -> list[Any]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    engine.dispose()
    return rows


def _follow_facet(path: Path, view: str) -> tuple[int, int]:
    """(rows Datasette's ?is_latest=1 facet link says it has, rows that link returns)."""
    from datasette.app import Datasette

    async def run() -> tuple[int, int]:
        ds = Datasette([str(path)])
        db = path.stem
        page = (await ds.client.get(f"/{db}/{view}.json?_facet=is_latest&_size=0")).json()
        facet = next(r for r in page["facet_results"]["is_latest"]["results"] if r["value"] == 1)
        link = urlsplit(facet["toggle_url"])
        # the link as Datasette made it, asking for every row as a JSON array
        query = [(k, v) for k, v in parse_qsl(link.query) if k != "_size"]
        query += [("_shape", "array"), ("_size", "max")]
        response = await ds.client.get(f"{link.path}?{urlencode(query)}")
        assert response.status_code == 200, response.text
        return facet["count"], len(response.json())

    return asyncio.run(run())


def _sqlite_file(url: str) -> Path:
    engine = make_engine(url)
    with engine.connect() as conn:  # Datasette opens the file itself: fold the WAL in first
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return Path(make_url(url).database or "")


@pytest.mark.parametrize("view", FACETED)
def test_datasette_is_latest_facet_filters(seeded_url: str, backend: str, view: str) -> None:
    if backend != "sqlite":
        pytest.skip("Datasette serves SQLite files")
    counted, returned = _follow_facet(_sqlite_file(seeded_url), view)
    assert counted > 0
    assert returned == counted


@pytest.mark.parametrize(
    "view, column, value",
    [
        ("funding_by_fy", "fy", "2023"),
        ("funding_lineage", "stage_order", str(FUNDING_STAGES.index("reported") + 1)),
        ("latest_appropriations", "amount_usd", "48000000"),
        ("timeline", "date_precision", "month"),
        ("fact_changes", "change", "revised"),
    ],
)
def test_datasette_column_filters(
    seeded_url: str, backend: str, view: str, column: str, value: str
) -> None:
    """Datasette binds every filter value as text; each column compares as its SQL does."""
    if backend != "sqlite":
        pytest.skip("Datasette serves SQLite files")
    from datasette.app import Datasette

    path = _sqlite_file(seeded_url)

    async def run() -> int:
        ds = Datasette([str(path)])
        query = urlencode({column: value, "_shape": "array", "_size": "max"})
        return len((await ds.client.get(f"/{path.stem}/{view}.json?{query}")).json())

    expected = _rows(seeded_url, f"SELECT 1 FROM {view} WHERE {column} = :v", v=value)
    typed = _rows(seeded_url, f"SELECT 1 FROM {view} WHERE CAST({column} AS TEXT) = :v", v=value)
    assert asyncio.run(run()) == len(typed) > 0
    assert len(expected) == len(typed)


def test_the_old_view_is_what_failed(seeded_url: str, backend: str) -> None:
    """At 0003 the same link found nothing: the test above fails without migration 0005."""
    if backend != "sqlite":
        pytest.skip("type affinity is SQLite's")
    engine = make_engine(seeded_url)
    downgrade(engine, "0003")
    engine.dispose()
    counted, returned = _follow_facet(_sqlite_file(seeded_url), "funding_by_fy")
    assert counted > 0 and returned == 0
    engine = make_engine(seeded_url)
    upgrade(engine)
    engine.dispose()


def test_fact_changes_is_what_kb_diff_says(shared_url: str) -> None:
    engine = make_engine(shared_url)
    with engine.connect() as conn:
        diff = diff_versions(conn, OLD, NEW)
    engine.dispose()
    ours = {(c.kind, c.id): (c.change, c.removal) for c in diff.changes}
    rows = _rows(
        shared_url,
        "SELECT kind, id, change, removal, is_latest FROM fact_changes "
        "WHERE report = 'IF10578' AND to_version = :v",
        v=NEW[-10:],
    )
    assert {(r.kind, r.id): (r.change, r.removal) for r in rows} == ours
    assert {r.is_latest for r in rows} == {1}
    # the first version has no version before it: no changes listed from nothing
    assert not _rows(shared_url, "SELECT 1 FROM fact_changes WHERE to_version = :v", v=OLD[-10:])


def test_latest_views_hold_the_latest_facts(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    facts = kb("facts", "--at", NEW, "--format", "json", db=shared_url).json()
    for kind, view in latest_views.items():
        rows = _rows(shared_url, f"SELECT report, version, id FROM {view.name}")
        expected = {f["id"] for f in facts if f["kind"] == kind}
        assert {r.id for r in rows} == expected, kind
        assert {(r.report, str(r.version)) for r in rows} <= {("IF10578", NEW[-10:])}
    amounts = _rows(
        shared_url, "SELECT amount_usd FROM latest_appropriations WHERE id = 'incle-mexico-fy2023'"
    )
    assert [int(r.amount_usd) for r in amounts] == [48_000_000]


def test_timeline_has_dates_with_precision(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    events = kb("events", "--format", "json", db=shared_url).json()
    rows = _rows(
        shared_url,
        "SELECT kind, id, date, date_precision FROM timeline WHERE is_latest = 1",
    )
    assert {(r.kind, r.id, r.date, r.date_precision) for r in rows} == {
        (e["kind"], e["id"], e["date"], e["precision"]) for e in events
    }
    mayo = _rows(
        shared_url, "SELECT date, date_precision FROM timeline WHERE id = 'el-mayo-arrest'"
    )
    assert [(r.date, r.date_precision) for r in mayo] == [("2024-07", "month")]
