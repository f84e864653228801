"""A load killed midway (SIGKILL, after its first rows are written) leaves the database
valid and exactly at its previous state, on SQLite (WAL) and PostgreSQL, and the next
load of the same folder succeeds.

The killed load is `python -m kb load CORPUS --replace` in a subprocess, where CORPUS is
a generated corpus (scripts.synthetic) whose first report replaces a version already loaded
with different content: the replace deletes that version's memberships before any new
row is inserted, so a kill that did not roll everything back would show in the snapshot.
"Rows written" is observed, not guessed: on SQLite the loader holds the write lock (a
probing BEGIN IMMEDIATE fails), on PostgreSQL its session has a transaction id.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kb.store.engine import make_engine, upgrade
from scripts.synthetic import generate
from tests.conftest import _pg_admin, snapshot
from tests.test_robustness import new_database, run_kb

REPORTS, VERSIONS, FACTS = 4, 3, 400  # ~4,800 memberships, ~1,800 contents
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


class WriterProbe:
    """Is another session inside a write transaction on this database?  One connection,
    kept open, so it can be asked every few milliseconds."""

    def __init__(self, backend: str, url: str) -> None:
        self.backend = backend
        self.database = make_url(url).database or ""
        if backend == "sqlite":
            self.sqlite = sqlite3.connect(self.database, timeout=0, isolation_level=None)
        else:
            self.engine = _pg_admin()
            self.conn = self.engine.connect()

    def __call__(self) -> bool:
        if self.backend == "sqlite":
            try:  # the write lock: taken by a writer at its first write, until its commit
                self.sqlite.execute("BEGIN IMMEDIATE")
                self.sqlite.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:  # database is locked
                return True
        # a session gets a transaction id at its first write
        return bool(
            self.conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = :db "
                    "AND backend_type = 'client backend' AND backend_xid IS NOT NULL "
                    "AND pid <> pg_backend_pid()"
                ),
                {"db": self.database},
            ).scalar()
        )

    def close(self) -> None:
        if self.backend == "sqlite":
            self.sqlite.close()
        else:
            self.conn.close()
            self.engine.dispose()


def wait_for_writes(
    proc: subprocess.Popen[str], backend: str, url: str, timeout: float = 60
) -> None:
    probe = WriterProbe(backend, url)
    deadline = time.monotonic() + timeout
    try:
        while not probe():
            if proc.poll() is not None:
                _, err = proc.communicate()
                pytest.fail(f"the load ended (exit {proc.returncode}) before it wrote: {err}")
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the load did not start writing in time")
            time.sleep(0.002)
    finally:
        probe.close()


def _integrity(backend: str, url: str) -> None:
    if backend == "sqlite":
        engine = make_engine(url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        engine.dispose()


def versions_of(url: str) -> list[tuple[Any, ...]]:
    """What a database holds, backend-neutral: every version with its title, text SHA-1
    and number of facts (ids and load times differ between two loads of the same files)."""
    code, out, err = run_kb("versions", "--format", "json", db=url)
    assert code == 0, err
    keys = ("report", "version", "title", "sequence", "facts", "text_sha1")
    return sorted(tuple(v[k] for k in keys) for v in json.loads(out))


@pytest.fixture(scope="module")
def loaded_state(
    corpora: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[Any, ...]]:
    """versions_of() a database after the baseline and then the whole corpus loaded."""
    baseline, corpus = corpora
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'kb.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    for args in ((str(baseline),), (str(corpus), "--replace")):
        code, _, err = run_kb("load", *args, db=url)
        assert code == 0, err
    return versions_of(url)


# Kill points after the first write, in seconds: the first ones land inside the write
# transaction whatever the speed of the loader; the sweep ends when a load gets to commit.
KILL_DELAYS = (0, 0.03, 0.1, 0.3)


def test_sigkill_midway_leaves_the_previous_state(
    fresh_url: str,
    backend: str,
    corpora: tuple[Path, Path],
    loaded_state: list[tuple[Any, ...]],
) -> None:
    """Each kill leaves either exactly the previous state (killed inside the transaction:
    the snapshot of every row of every table is unchanged) or, killed after its commit,
    exactly the loaded one; never anything in between, and always a valid database."""
    baseline, corpus = corpora
    code, _, err = run_kb("load", str(baseline), db=fresh_url)
    assert code == 0, err
    before = snapshot(fresh_url)
    previous_state = versions_of(fresh_url)

    rolled_back = 0
    for delay in KILL_DELAYS:
        proc = start_load(corpus, fresh_url, "--replace")
        wait_for_writes(proc, backend, fresh_url)
        time.sleep(delay)
        if proc.poll() is not None:  # it got to the end first: the sweep is over
            _, err = proc.communicate()
            assert proc.returncode == 0, err
            break
        os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        if proc.returncode == 0:  # it exited between the poll and the kill: the sweep is over
            assert versions_of(fresh_url) == loaded_state
            break
        assert proc.returncode == -signal.SIGKILL, err

        code, out, err = run_kb("verify", "--no-seeds", db=fresh_url)
        assert code == 0, f"after a kill {delay} s into the writes: {out}{err}"
        _integrity(backend, fresh_url)
        state = versions_of(fresh_url)
        if state == loaded_state:  # killed between its commit and its exit
            break
        assert state == previous_state, f"a kill {delay} s into the writes left a mix"
        assert snapshot(fresh_url) == before, f"a kill {delay} s into the writes left changes"
        rolled_back += 1
    assert rolled_back >= 1, "no kill landed inside the load's transaction"

    # And the same load, run to the end, succeeds (or, if one got there, finds it done).
    code, _, err = run_kb("load", str(corpus), "--replace", db=fresh_url)
    assert code == 0, err
    assert versions_of(fresh_url) == loaded_state
    code, out, err = run_kb("verify", "--no-seeds", db=fresh_url)
    assert code == 0, out + err
    _integrity(backend, fresh_url)
