"""First use and the databases kb refuses, on SQLite and PostgreSQL.

First use (schema and bundled seeds) is one transaction: a `kb reports` killed at any point
of it leaves the database empty (the next command does the first use again) or complete,
never half-made or migrated-but-unseeded; simultaneous first uses wait for each other.
A database that is not kb's, is half-made, or was made by a newer kb is refused with what
was found (exit 2) and left exactly as it was.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kb.store.engine import HEAD_REVISION, make_engine, upgrade
from tests.conftest import snapshot

REPO = Path(__file__).resolve().parent.parent


def _kb_process(url: str, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "KB_DATABASE_URL"}
    return subprocess.Popen(
        [sys.executable, "-m", "kb", *(args or ("reports",)), "--db", url],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _execute(url: str, *statements: str) -> None:
    """Run SQL on a database without kb's engine (no WAL switch on SQLite)."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(make_url(url).database or "")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.close()
        return
    engine = make_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


def _journal_mode(url: str) -> str:
    conn = sqlite3.connect(make_url(url).database or "")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    return str(mode)


def _tables(url: str) -> set[str]:
    return set(_snapshot(url))


def _snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """conftest's snapshot, without kb's engine on SQLite (which would switch it to WAL)."""
    if not url.startswith("sqlite"):
        return snapshot(url)
    path = make_url(url).database or ""
    if not Path(path).exists():
        return {}
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    state = {n: sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"'))) for n in sorted(names)}
    conn.close()
    return state  # type: ignore[return-value]


def _assert_complete(kb, url: str) -> None:  # type: ignore[no-untyped-def]
    """A complete first use: the seeds are there and verify."""
    result = kb("versions", "--format", "json", db=url)
    assert result.code == 0, result.err
    assert {(v["report"], v["version"]) for v in result.json()} == {
        ("IF10578", "2024-10-01"),
        ("IF10578", "2025-08-14"),
    }
    result = kb("verify", db=url)
    assert result.code == 0, result.out + result.err


# --- half-made, foreign and newer databases ---------------------------------------

VERSION_FACTS_DDL = (
    "CREATE TABLE version_facts (version_id INTEGER NOT NULL, slug VARCHAR(120) NOT NULL, "
    "fact_id INTEGER NOT NULL, PRIMARY KEY (version_id, slug))"
)


def test_a_pre_created_kb_table_is_half_made_and_kb_migrate_rebuilds_it(
    empty_url: str, kb
) -> None:  # type: ignore[no-untyped-def]
    """13.1: a `version_facts` table in an empty database (what a first use of an older kb
    interrupted after its first CREATE TABLE leaves) made every later command fail with
    "table version_facts already exists", `kb migrate` included."""
    _execute(empty_url, VERSION_FACTS_DDL)
    before = snapshot(empty_url)
    result = kb("reports", db=empty_url)
    assert result.code == 2, result.err
    assert "half-made" in result.err and "version_facts" in result.err
    assert "kb migrate" in result.err
    assert snapshot(empty_url) == before

    result = kb("migrate", db=empty_url)
    assert result.code == 0, result.err
    assert "rebuilt the half-made database" in result.err
    _assert_complete(kb, empty_url)


@pytest.mark.parametrize(
    "ddl, found",
    [
        ("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)", "users"),
        # a foreign table that happens to share a name with one of kb's
        ("CREATE TABLE reports (id INTEGER PRIMARY KEY, title TEXT, body TEXT)", "reports"),
    ],
)
def test_a_foreign_database_is_refused_and_left_as_it_was(
    empty_url: str, backend: str, kb, ddl: str, found: str
) -> None:  # type: ignore[no-untyped-def]
    """13.6: a read command added kb's 14 tables to a database holding only `users`, loaded
    the seeds and switched the file to WAL; with a foreign `reports` it added alembic_version."""
    _execute(empty_url, ddl)
    before = _snapshot(empty_url)
    mode = _journal_mode(empty_url) if backend == "sqlite" else None
    for command in (("reports",), ("funding", "--fy", "2023"), ("migrate",)):
        result = kb(*command, db=empty_url)
        assert result.code == 2, (command, result.err)
        assert "is not a kb database" in result.err and found in result.err
        assert "Traceback" not in result.err
    assert _snapshot(empty_url) == before
    if backend == "sqlite":
        assert _journal_mode(empty_url) == mode == "delete"
        assert not Path(f"{make_url(empty_url).database}-wal").exists()


def test_a_database_made_by_a_newer_kb_says_so(migrated_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    """13.12: an unknown revision was told "run `kb migrate`", and `kb migrate` then failed
    with Alembic's "Can't locate revision"."""
    _execute(migrated_url, "UPDATE alembic_version SET version_num = '0099'")
    before = snapshot(migrated_url)
    for command in ("reports", "migrate"):
        result = kb(command, db=migrated_url)
        assert result.code == 2, result.err
        assert "0099" in result.err and "made by a newer kb" in result.err
        assert "Can't locate" not in result.err and "run `kb migrate`" not in result.err
    assert snapshot(migrated_url) == before


def test_no_alembic_version_table_is_told_not_guessed(seeded_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    """13.20: kb's tables with data but no alembic_version: kb cannot tell the schema."""
    _execute(seeded_url, "DROP TABLE alembic_version")
    before = snapshot(seeded_url)
    for command in ("reports", "migrate"):
        result = kb(command, db=seeded_url)
        assert result.code == 2, result.err
        assert "no schema revision" in result.err and "OperationalError" not in result.err
    assert snapshot(seeded_url) == before


def test_a_half_applied_migration_is_finished_by_kb_migrate(empty_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    """13.20: alembic_version at 0002 with one of 0003's indexes already made (an
    interrupted 0003 before migrations were transactional on SQLite): `kb migrate` stopped
    at a raw "index ... already exists"."""
    engine = make_engine(empty_url)
    upgrade(engine, "0002")
    engine.dispose()
    _execute(
        empty_url,
        "CREATE INDEX ix_appropriations_fy_end ON appropriations (fy_end, fy_start)",
        "DROP INDEX ix_version_facts_fact_id",
    )
    result = kb("reports", db=empty_url)
    assert result.code == 1 and "at schema 0002" in result.err and "kb migrate" in result.err
    result = kb("migrate", db=empty_url)
    assert result.code == 0, result.err
    assert f"schema at {HEAD_REVISION}" in result.err
    result = kb("load", str(REPO / "seeds"), db=empty_url)
    assert result.code == 0, result.err
    _assert_complete(kb, empty_url)


def test_a_failed_migration_is_rolled_back_and_told(empty_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    """A migration that fails midway (0002's fiscal_years already exists, made by hand)
    leaves the database exactly as it was, on SQLite too, with a one-line message."""
    engine = make_engine(empty_url)
    upgrade(engine, "0001")
    engine.dispose()
    _execute(empty_url, "CREATE TABLE fiscal_years (fy INTEGER PRIMARY KEY)")
    before = snapshot(empty_url)
    result = kb("migrate", db=empty_url)
    assert result.code == 2, result.err
    assert "rolled back" in result.err and "from schema 0001" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert snapshot(empty_url) == before


# --- an interrupted first use --------------------------------------------------


def _state(kb, url: str) -> str:  # type: ignore[no-untyped-def]
    """"empty" (no kb tables: the next command does the first use) or "complete"."""
    tables = _tables(url) - {"sqlite_stat1"}
    if not tables:
        return "empty"
    _assert_complete(kb, url)
    return "complete"


def test_first_use_killed_at_any_point_leaves_it_empty_or_complete(
    empty_url: str, backend: str, kb
) -> None:  # type: ignore[no-untyped-def]
    """13.1 and 13.7: a first use killed once it has begun writing (seen by a probe: the
    SQLite write lock is held, the PostgreSQL session has a transaction id), at the start
    and at random points after, leaves an empty database or a complete one; with kb before,
    1 kill in 40 left SQLite failing for good and 1 in 20 left an unseeded database."""
    from tests.test_crash import wait_for_writes

    rng = random.Random(13)
    delays = [0.0, 0.05, *sorted(rng.uniform(0.1, 1.5) for _ in range(4))]
    outcomes = []
    for delay in delays:
        proc = _kb_process(empty_url)
        wait_for_writes(proc, backend, empty_url)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
        outcome = _state(kb, empty_url)
        outcomes.append((round(delay, 2), proc.returncode, outcome))
        if outcome == "complete":
            _reset(empty_url)
    killed_inside = [o for o in outcomes if o[1] == -signal.SIGKILL and o[2] == "empty"]
    assert killed_inside, f"no kill landed inside the first use: {outcomes}"
    # And the next command after a kill does the whole first use.
    result = kb("reports", db=empty_url)
    assert result.code == 0, result.err
    _assert_complete(kb, empty_url)


def _reset(url: str) -> None:
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{make_url(url).database}{suffix}").unlink(missing_ok=True)
        return
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def test_simultaneous_first_uses_wait_and_find_it_ready(empty_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    """13.9: four simultaneous `kb reports` on a new database: on PostgreSQL 2-3 failed with
    a raw UniqueViolation every round; on SQLite one in ten rounds left it half-made."""
    for round_ in range(2):
        procs = [_kb_process(empty_url) for _ in range(4)]
        results = [(p.wait(), *p.communicate()) for p in procs]
        assert [code for code, _, _ in results] == [0, 0, 0, 0], results
        assert all("IF10578" in out for _, out, _ in results)
        created = [err for _, _, err in results if "created the kb schema" in err]
        assert len(created) == 1, results
        _assert_complete(kb, empty_url)
        if round_ < 1:
            _reset(empty_url)


def test_migrating_to_an_unknown_revision_is_told(migrated_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(migrated_url)
    result = kb("migrate", "0099", db=migrated_url)
    assert result.code == 2, result.err
    assert "cannot migrate to 0099" in result.err and f"end at {HEAD_REVISION}" in result.err
    assert snapshot(migrated_url) == before


def test_first_use_waits_for_a_write_lock_held_on_the_new_file(tmp_path: Path, kb) -> None:  # type: ignore[no-untyped-def]
    """A new SQLite file write-locked by another connection (a second first use, a reader's
    BEGIN IMMEDIATE) when kb opens it: kb waits, as for any lock, and does the first use.
    Before, the switch to WAL failed at once, "database is locked" (1 CI run in 3)."""
    path = tmp_path / "locked.sqlite"
    url = f"sqlite:///{path}"
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    proc = _kb_process(url)
    time.sleep(1.0)  # kb has started and is waiting for the lock (its import takes ~0.3 s)
    assert proc.poll() is None, proc.communicate()
    holder.execute("ROLLBACK")
    holder.close()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "created the kb schema" in err and "IF10578" in out
    _assert_complete(kb, url)
