"""Amounts are exact on every backend (issue 13.4 and 13.10): boundary values round-trip,
SQL sums over the funding view are exact, verify agrees with load, -0 is 0, and migration
0004 converts SQLite's existing figures (and back)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import text

from kb.store.engine import downgrade, make_engine, upgrade
from tests.conftest import SEEDS

VERSION = "2025-08-14"
BOUNDARY = ["900719925474099.3", "999999999999999.99", "0.01", "12.5", "3600000000"]


def _set_amounts(folder: Path, amounts: list[Any], kind: str = "appropriation",
                 field: str = "amount_usd") -> list[str]:
    """The first len(amounts) facts of ``kind`` of VERSION get these amounts; their ids."""
    path = folder / f"{VERSION}.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    facts = [f for f in data["facts"] if f["kind"] == kind][: len(amounts)]
    assert len(facts) == len(amounts)
    for fact, amount in zip(facts, amounts, strict=True):
        fact[field] = amount
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return [f["id"] for f in facts]


def _amounts(  # type: ignore[no-untyped-def]
    kb, url: str, kind: str = "appropriation", field: str = "amount_usd"
) -> dict[str, str]:
    result = kb("facts", kind, "--at", f"IF10578@{VERSION}", "--format", "json", db=url)
    assert result.code == 0, result.err
    # JSON amounts are exact JSON numbers (read as Decimal); compared as their text
    return {f["id"]: str(f[field]) for f in result.json()}


def test_boundary_amounts_round_trip_and_sum_exactly(
    migrated_url: str, seed_copy, kb
) -> None:  # type: ignore[no-untyped-def]
    """'900719925474099.3' was stored as ...099.2 on SQLite, '999999999999999.99' as 1e15;
    then verify said seed-differs and `load --replace` said nothing to do."""
    folder = seed_copy("IF10578")
    ids = _set_amounts(folder, BOUNDARY)
    result = kb("load", str(folder.parent), db=migrated_url)
    assert result.code == 0, result.err

    stored = _amounts(kb, migrated_url)
    assert [stored[i] for i in ids] == BOUNDARY

    result = kb("verify", "--seeds", str(folder.parent.parent), db=migrated_url)
    assert result.code == 0, result.out + result.err
    result = kb("load", str(folder.parent), "--replace", db=migrated_url)
    assert result.code == 0 and "nothing to do" in result.err

    # kb funding reads the exact figure, and SQL sums over the view are exact.
    result = kb("funding", "--at", f"IF10578@{VERSION}", "--format", "json", db=migrated_url)
    funding = {r["id"]: str(r["amount_usd"]) for r in result.json()}
    assert [funding[i] for i in ids if i in funding] == [
        a for i, a in zip(ids, BOUNDARY, strict=True) if i in funding
    ]
    engine = make_engine(migrated_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, version, fy, amount_cents FROM funding_by_fy")).all()
        rows = [r for r in rows if str(r.version) == VERSION]
        total = conn.execute(
            text("SELECT SUM(amount_cents) FROM funding_by_fy WHERE version_id = :v"),
            {"v": _version_id(conn)},
        ).scalar()
    engine.dispose()
    by_id = {r.id: int(r.amount_cents) for r in rows if r.id in ids}
    assert by_id == {i: int(Decimal(a) * 100) for i, a in zip(ids, BOUNDARY, strict=True)}
    every = [int(r.amount_cents) for r in rows]
    assert int(total) == sum(int(c) for c in every)  # SUM in SQL is the exact sum


def _version_id(conn: Any) -> int:
    ids = conn.execute(text("SELECT id, date FROM versions")).all()
    return next(i for i, date in ids if str(date) == VERSION)


@pytest.mark.parametrize("zero", ["-0", -0.0, "-0.00", 0])
def test_negative_zero_is_zero_for_load_and_verify(
    migrated_url: str, seed_copy, kb, zero: Any
) -> None:  # type: ignore[no-untyped-def]
    """'-0' was stored as 0, and verify then failed for good (seed-differs)."""
    folder = seed_copy("IF10578")
    (fact_id,) = _set_amounts(folder, [zero])
    assert kb("load", str(folder.parent), db=migrated_url).code == 0
    assert _amounts(kb, migrated_url)[fact_id] == "0"
    result = kb("verify", "--seeds", str(folder.parent.parent), db=migrated_url)
    assert result.code == 0, result.out + result.err


def test_a_value_beyond_what_is_stored_exactly_is_refused(
    migrated_url: str, seed_copy, kb
) -> None:  # type: ignore[no-untyped-def]
    """Indicator values have 4 decimal places: 64-bit units hold up to 922337203685477.5807;
    beyond that is refused on both backends (so both hold the same data)."""
    folder = seed_copy("IF10578")
    (fact_id,) = _set_amounts(folder, ["922337203685477.5808"], "indicator", "value")
    result = kb("load", str(folder.parent), db=migrated_url)
    assert result.code == 2, result.err
    assert fact_id in result.err and "value" in result.err and "out-of-range" in result.err
    _set_amounts(folder, ["922337203685477.5807"], "indicator", "value")
    assert kb("load", str(folder.parent), db=migrated_url).code == 0
    assert _amounts(kb, migrated_url, "indicator", "value")[fact_id] == "922337203685477.5807"


def test_migration_0004_converts_existing_figures(seeded_url: str, backend: str, kb) -> None:  # type: ignore[no-untyped-def]
    """Down to 0003 (the old representation: dollars in the NUMERIC column), then up again:
    the same figures, and verify is ok."""
    before = json.loads(kb("facts", "--format", "json", db=seeded_url).out)
    engine = make_engine(seeded_url)
    downgrade(engine, "0003")
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT max(amount_usd) FROM appropriations")).scalar()
    assert Decimal(str(raw)) == Decimal(3600000000)  # dollars, as 0003 stored them
    upgrade(engine)
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT max(amount_usd) FROM appropriations")).scalar()
        cents = conn.execute(text("SELECT max(amount_cents) FROM funding_by_fy")).scalar()
    engine.dispose()
    assert int(cents) == 360000000000
    assert Decimal(str(raw)) == (Decimal(360000000000) if backend == "sqlite" else 3600000000)
    after = json.loads(kb("facts", "--format", "json", db=seeded_url).out)
    # below 0009 a date bound has no column: the round trip keeps every figure and field but
    # the bounds, whose facts verify flags until the seeds are loaded again
    bounded = {(f["version"], f["id"]) for f in before if f.get("date_bound", "on") != "on"}
    assert bounded
    unbound = [{**f, "date_bound": "on"} if "date_bound" in f else f for f in before]
    assert after == unbound
    stale = kb("verify", db=seeded_url)
    assert stale.code == 2 and "seed-differs" in stale.out + stale.err
    assert kb("load", str(SEEDS), "--replace", db=seeded_url).code == 0
    assert json.loads(kb("facts", "--format", "json", db=seeded_url).out) == before
    assert kb("verify", db=seeded_url).code == 0


def test_figures_a_float_rounded_are_marked_for_a_replace_load(
    migrated_url: str, backend: str, seed_copy, kb
) -> None:  # type: ignore[no-untyped-def]
    """A database that kb before 0004 left with '900719925474099.3' stored as a float
    (...099.2): after 0004, verify says seed-differs and `load --replace` writes it again
    exactly (before, it said "nothing to do": there was no way out)."""
    if backend != "sqlite":
        pytest.skip("PostgreSQL's NUMERIC was exact before 0004")
    folder = seed_copy("IF10578")
    (fact_id,) = _set_amounts(folder, ["900719925474099.3"])
    assert kb("load", str(folder.parent), db=migrated_url).code == 0
    engine = make_engine(migrated_url)
    downgrade(engine, "0003")  # dollars as REAL: what kb before 0004 stored
    with engine.connect() as conn:
        raw = conn.execute(text("SELECT max(amount_usd) FROM appropriations")).scalar()
    assert isinstance(raw, float) and Decimal(raw) != Decimal("900719925474099.3")
    upgrade(engine)
    engine.dispose()
    assert _amounts(kb, migrated_url)[fact_id] != "900719925474099.3"  # rounded, not recovered
    seeds = str(folder.parent.parent)
    result = kb("verify", "--seeds", seeds, db=migrated_url)
    assert result.code == 2 and "seed-differs" in result.out + result.err
    result = kb("load", str(folder.parent), "--replace", db=migrated_url)
    assert result.code == 0 and "replaced" in result.err, result.err
    assert _amounts(kb, migrated_url)[fact_id] == "900719925474099.3"
    result = kb("verify", "--seeds", seeds, db=migrated_url)
    assert result.code == 0, result.out + result.err
