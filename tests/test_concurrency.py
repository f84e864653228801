"""Readers keep working while a load runs, and never see half of it; concurrent loads of
different reports both succeed.

A generated corpus (scripts.synthetic) is loaded by `python -m kb load` in a subprocess while
this process runs `kb versions` and `kb facts` (in-process, through kb.cli.main.main) in a
loop.  Every read must succeed and see the database either as it was before the load or
as it is after it: the pair (number of versions, facts they state) and the number of facts
in the latest versions are each one of two values, never something in between.  The loop
also checks that reads really overlapped the load's write transaction (SQLite in WAL mode
lets readers go on beside a writer; PostgreSQL readers read committed snapshots).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kb.store.engine import make_engine
from scripts.synthetic import generate
from tests.test_crash import WriterProbe, make_corpora, start_load
from tests.test_robustness import new_database, run_kb


@pytest.fixture
def fresh_url(backend: str, tmp_path: Path) -> Iterator[str]:
    yield from new_database(backend, tmp_path)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_corpora(tmp_path_factory)


def state(url: str) -> tuple[int, int, int]:
    """(versions, facts stated by all versions, facts of the latest versions), each read by
    the CLI: `kb versions` is one query, `kb facts` one query per kind."""
    code, out, err = run_kb("versions", "--format", "json", db=url)
    assert code == 0, err
    versions = json.loads(out)
    code, out, err = run_kb("facts", "--format", "json", db=url)
    assert code == 0, err
    return len(versions), sum(v["facts"] for v in versions), len(json.loads(out))


class WriterWatch(threading.Thread):
    """Notes, every few milliseconds, the moments a writer holds its transaction open."""

    def __init__(self, backend: str, url: str) -> None:
        super().__init__(daemon=True)
        self.backend, self.url = backend, url
        self.active: list[float] = []
        self.failure: BaseException | None = None
        self.ready = threading.Event()
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            probe = WriterProbe(self.backend, self.url)  # made in the thread that uses it
        except BaseException as exc:
            self.failure = exc
            self.ready.set()
            return
        self.ready.set()
        try:
            while not self.stopping.is_set():
                if probe():
                    self.active.append(time.monotonic())
                time.sleep(0.002)
        except BaseException as exc:
            self.failure = exc
        finally:
            probe.close()

    def begin(self) -> None:
        self.start()
        self.ready.wait()

    def stop(self) -> None:
        self.stopping.set()
        self.join()
        if self.failure is not None:
            raise self.failure


def test_reads_during_a_load_see_the_old_or_the_new_state(
    fresh_url: str, backend: str, corpora: tuple[Path, Path]
) -> None:
    baseline, corpus = corpora
    code, _, err = run_kb("load", str(baseline), db=fresh_url)
    assert code == 0, err
    old = state(fresh_url)

    watch = WriterWatch(backend, fresh_url)
    watch.begin()
    proc = start_load(corpus, fresh_url, "--replace")
    seen: list[tuple[int, int, int]] = []
    spans: list[tuple[float, float]] = []
    try:
        while proc.poll() is None:
            began = time.monotonic()
            seen.append(state(fresh_url))
            spans.append((began, time.monotonic()))
    finally:
        watch.stop()
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    new = state(fresh_url)
    assert new != old

    mixed = [s for s in seen if s[:2] not in (old[:2], new[:2]) or s[2] not in (old[2], new[2])]
    assert not mixed, f"reads saw a half-loaded database: {mixed} (before {old}, after {new})"
    assert watch.active, "the load's write transaction was never seen"
    # reads in progress while the load held its write transaction open
    during = [span for span in spans if any(span[0] <= t <= span[1] for t in watch.active)]
    assert during, "no read overlapped the load's write transaction"


def test_two_loads_of_different_reports_at_once(
    fresh_url: str, backend: str, tmp_path: Path
) -> None:
    """Two `kb load` processes writing different reports at the same time both succeed.

    PostgreSQL: this test holds a SHARE lock on `reports` until both loads wait for it
    at their first insert, then lets them go together, so their write transactions
    surely overlap.  SQLite has one writer at a time: the second waits for the first."""
    one = generate(tmp_path / "one", reports=2, versions=2, facts=300, seed=1, prefix="A")
    two = generate(tmp_path / "two", reports=2, versions=2, facts=300, seed=2, prefix="B")
    gate = make_engine(fresh_url) if backend == "postgresql" else None
    gate_conn = gate.connect() if gate is not None else None
    if gate_conn is not None:
        gate_conn.execute(text("LOCK TABLE reports IN SHARE MODE"))
    loads = [start_load(tmp_path / "one", fresh_url), start_load(tmp_path / "two", fresh_url)]
    try:
        if gate_conn is not None:
            _wait_until_both_wait(loads, fresh_url)
            gate_conn.commit()  # both go at once
    finally:
        if gate_conn is not None and gate is not None:
            gate_conn.close()
            gate.dispose()
    for load in loads:
        _, err = load.communicate(timeout=120)
        assert load.returncode == 0, err
    code, out, err = run_kb("versions", "--format", "json", db=fresh_url)
    assert code == 0, err
    assert {v["report"] for v in json.loads(out)} == set(one.numbers) | set(two.numbers)
    code, out, err = run_kb("verify", "--no-seeds", db=fresh_url)
    assert code == 0, out + err


def _wait_until_both_wait(loads: list, url: str, timeout: float = 60) -> None:  # type: ignore[type-arg]
    from tests.conftest import _pg_admin

    admin = _pg_admin()
    deadline = time.monotonic() + timeout
    try:
        with admin.connect() as conn:
            while True:
                waiting = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                        "WHERE a.datname = :db AND NOT l.granted"
                    ),
                    {"db": make_url(url).database},
                ).scalar()
                if waiting >= 2:
                    return
                for load in loads:
                    if load.poll() is not None:
                        pytest.fail(f"a load ended early: {load.communicate()[1]}")
                if time.monotonic() > deadline:
                    pytest.fail("the loads did not reach their first insert in time")
                time.sleep(0.01)
    finally:
        admin.dispose()


def test_two_loads_of_the_same_report_at_once(fresh_url: str, backend: str, tmp_path: Path) -> None:
    """Two loads of the same report: one writes it, the other changes nothing and says why
    (or, on SQLite, waits and finds identical content); the database holds one copy."""
    generate(tmp_path / "same", reports=1, versions=2, facts=300, seed=3, prefix="S")
    gate = make_engine(fresh_url) if backend == "postgresql" else None
    gate_conn = gate.connect() if gate is not None else None
    if gate_conn is not None:
        gate_conn.execute(text("LOCK TABLE reports IN SHARE MODE"))
    loads = [start_load(tmp_path / "same", fresh_url), start_load(tmp_path / "same", fresh_url)]
    try:
        if gate_conn is not None:
            _wait_until_both_wait(loads, fresh_url)
            gate_conn.commit()
    finally:
        if gate_conn is not None and gate is not None:
            gate_conn.close()
            gate.dispose()
    outcomes = []
    for load in loads:
        _, err = load.communicate(timeout=120)
        outcomes.append((load.returncode, err))
    assert sorted(code for code, _ in outcomes)[0] == 0, outcomes
    for code, err in outcomes:
        assert code == 0 or "another load wrote" in err, err
        assert "Traceback" not in err
    if backend == "postgresql":  # both read "no such report" before either inserted it
        assert sorted(code for code, _ in outcomes) == [0, 1], outcomes
    code, out, err = run_kb("versions", "--format", "json", db=fresh_url)
    assert code == 0, err
    assert len(json.loads(out)) == 2
    code, out, err = run_kb("verify", "--no-seeds", db=fresh_url)
    assert code == 0, out + err
