"""funding_latest, the derived table `kb funding` reads for every report's latest version:
kept equal to the funding_by_fy view by every load, checked by kb verify (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from kb.query.funding import funding
from kb.query.refs import scope
from kb.store.engine import make_engine
from tests.conftest import RunKb


def _both_ways(url: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        derived = funding(conn)  # no scope given: the derived table
        through_view = funding(conn, versions=scope(conn, None))
    engine.dispose()
    key = lambda r: tuple(r.as_row().values())  # noqa: E731
    return [key(r) for r in derived], [key(r) for r in through_view]


def test_the_derived_table_answers_as_the_view(shared_url: str) -> None:
    derived, through_view = _both_ways(shared_url)
    assert derived and derived == through_view


def test_a_load_keeps_it_current(
    kb: RunKb, migrated_url: str, seed_copy: Callable[[str], Path]
) -> None:
    folder = seed_copy("IF10578")
    newer = {p.name: p.read_bytes() for p in folder.glob("2025-08-14.*")}
    for name in newer:
        (folder / name).unlink()
    assert kb("load", str(folder), db=migrated_url).code == 0
    rows = kb("funding", "--format", "json", db=migrated_url).json()
    assert {r["version"] for r in rows} == {"2024-10-01"}
    for name, data in newer.items():  # the next revision comes out
        (folder / name).write_bytes(data)
    assert kb("load", str(folder), db=migrated_url).code == 0
    rows = kb("funding", "--format", "json", db=migrated_url).json()
    assert {r["version"] for r in rows} == {"2025-08-14"}
    derived, through_view = _both_ways(migrated_url)
    assert derived == through_view
    assert kb("verify", "--no-seeds", db=migrated_url).code == 0


def test_verify_finds_a_stale_index(kb: RunKb, seeded_url: str) -> None:
    engine = make_engine(seeded_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE funding_latest SET amount_cents = 1 WHERE fy = 2023"))
    engine.dispose()
    result = kb("verify", "--no-seeds", "--format", "json", db=seeded_url)
    assert result.code == 2
    assert [p["code"] for p in result.json()] == ["funding-index-stale"]
