"""A load killed midway (SIGKILL, after its first rows are written) leaves the database
valid and exactly at its previous state, on SQLite (WAL) and PostgreSQL, and the next
load of the same folder succeeds.

The killed load is `python -m kb load CORPUS --replace` in a subprocess, where CORPUS is
a generated corpus (kb.synthetic) whose first report replaces a version already loaded
with different content: the replace deletes that version's memberships before any new
row is inserted, so a kill that did not roll everything back would show in the snapshot.
"Rows written" is observed, not guessed: on SQLite the loader holds the write lock (a
probing BEGIN IMMEDIATE fails), on PostgreSQL its session has a transaction id.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kb.db import make_engine
from kb.synthetic import generate
from tests.conftest import _pg_admin, snapshot
from tests.test_robustness import new_database, run_kb

REPORTS, VERSIONS, FACTS = 4, 3, 400  # ~4,800 memberships: a write phase of ~0.5 s
KILL_DELAY = 0.1  # seconds after the first write; the write phase is several times longer
REPO = Path(__file__).resolve().parent.parent


def _subset(source: Path, target: Path, versions: int) -> None:
    """target/<NUMBER>/ with report.yaml and the first ``versions`` versions of source."""
    target.mkdir(parents=True)
    shutil.copy(source / "report.yaml", target / "report.yaml")
    stems = sorted(p.stem for p in source.glob("*.yaml") if p.name != "report.yaml")
    for stem in stems[:versions]:
        for suffix in (".txt", ".yaml"):
            shutil.copy(source / f"{stem}{suffix}", target / f"{stem}{suffix}")


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_corpora(tmp_path_factory)


def make_corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(baseline, corpus): the first version of the first report; the whole corpus, in
    which that first version has a new title (so loading it needs --replace)."""
    root = tmp_path_factory.mktemp("corpus")
    stats = generate(root / "gen", reports=REPORTS, versions=VERSIONS, facts=FACTS, seed=11)
    first = stats.numbers[0]
    baseline = root / "baseline"
    _subset(root / "gen" / "reports" / first, baseline / first, 1)
    corpus = root / "gen"
    # The loaded version, revised: a new title and without its events (which nothing
    # references), so the replace deletes memberships and the fact count changes.
    version = corpus / "reports" / first / f"{stats.dates[first][0]}.yaml"
    data = yaml.safe_load(version.read_text(encoding="utf-8"))
    data["title"] = "A revised title (replaces the loaded version)"
    data["facts"] = [f for f in data["facts"] if f["kind"] != "event"]
    version.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return baseline / first, corpus


@pytest.fixture
def fresh_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A new database at the current schema, one per test and backend."""
    yield from new_database(backend, tmp_path)


def start_load(folder: Path, url: str, *extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "KB_DATABASE_URL"}
    return subprocess.Popen(
        [sys.executable, "-m", "kb", "load", str(folder), *extra, "--db", url],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def writer_active(backend: str, url: str) -> bool:
    """Is some other session inside a write transaction on this database?"""
    if backend == "sqlite":
        probe = sqlite3.connect(make_url(url).database or "", timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # database is locked: a writer holds it
            return True
        finally:
            probe.close()
    admin = _pg_admin()
    try:
        with admin.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = :db "
                        "AND backend_type = 'client backend' AND backend_xid IS NOT NULL "
                        "AND pid <> pg_backend_pid()"
                    ),
                    {"db": make_url(url).database},
                ).scalar()
            )
    finally:
        admin.dispose()


def wait_for_writes(
    proc: subprocess.Popen[str], backend: str, url: str, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while not writer_active(backend, url):
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the load ended (exit {proc.returncode}) before it wrote: {err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the load did not start writing in time")
        time.sleep(0.005)


def _integrity(backend: str, url: str) -> None:
    if backend == "sqlite":
        engine = make_engine(url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        engine.dispose()


def test_sigkill_midway_leaves_the_previous_state(
    fresh_url: str, backend: str, corpora: tuple[Path, Path]
) -> None:
    baseline, corpus = corpora
    code, _, err = run_kb("load", str(baseline), db=fresh_url)
    assert code == 0, err
    before = snapshot(fresh_url)

    proc = start_load(corpus, fresh_url, "--replace")
    wait_for_writes(proc, backend, fresh_url)
    time.sleep(KILL_DELAY)
    assert proc.poll() is None, "the load finished before the kill: make the corpus bigger"
    os.kill(proc.pid, signal.SIGKILL)
    _, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert "added" not in err, f"the load had committed: {err}"

    # Valid, and exactly as before: the replaced version, its facts, nothing new.
    code, out, err = run_kb("verify", "--no-seeds", db=fresh_url)
    assert code == 0, out + err
    assert snapshot(fresh_url) == before
    _integrity(backend, fresh_url)

    # And the same load, run again (to the end), succeeds.
    code, _, err = run_kb("load", str(corpus), "--replace", db=fresh_url)
    assert code == 0, err
    assert f"{REPORTS * VERSIONS - 1} version(s) added; 1 replaced" in err, err
    code, out, err = run_kb("verify", "--no-seeds", db=fresh_url)
    assert code == 0, out + err
    _integrity(backend, fresh_url)
