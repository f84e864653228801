"""Fixtures: every database test runs on SQLite and on a real PostgreSQL server.

PostgreSQL comes from KB_TEST_POSTGRES_URL (a URL whose user may CREATE DATABASE, e.g.
postgresql+psycopg://kb:kb@localhost/postgres).  Without it the PostgreSQL half is
skipped with that reason, except under CI=true, where a missing server is a failure.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from kb.ingest.load import load_path
from kb.store import paths
from kb.store.engine import make_engine, upgrade

SEEDS = paths.seeds_dir()
PG_ADMIN_URL = os.environ.get("KB_TEST_POSTGRES_URL")
IN_CI = os.environ.get("CI") == "true"
BACKENDS = ["sqlite", "postgresql"]


def _require_pg() -> str:
    if PG_ADMIN_URL:
        return PG_ADMIN_URL
    if IN_CI:
        pytest.fail("CI=true but KB_TEST_POSTGRES_URL is not set: PostgreSQL must be tested in CI")
    pytest.skip("KB_TEST_POSTGRES_URL is not set (export it to run the PostgreSQL half)")


def _pg_admin() -> Any:
    return create_engine(_require_pg(), isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    return make_url(_require_pg()).set(database=name).render_as_string(hide_password=False)


def _pg_create(name: str, template: str | None = None) -> str:
    admin = _pg_admin()
    with admin.connect() as conn:
        clause = f" TEMPLATE {template}" if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    admin.dispose()
    return _pg_url(name)


def _pg_drop(name: str) -> None:
    """DROP DATABASE, patiently.  Right after many writes an autovacuum worker may be in the
    database: plain DROP DATABASE stops it, while WITH (FORCE) is refused to a non-superuser
    for that worker ("must be a member of the role whose process is being terminated").  A
    killed client's session may also linger a moment, which FORCE (tried now and then) ends."""
    from sqlalchemy.exc import DBAPIError

    admin = _pg_admin()
    try:
        for attempt in range(60):
            force = " WITH (FORCE)" if attempt % 10 == 9 else ""
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"{force}'))
                return
            except DBAPIError:
                if attempt == 59:
                    raise
                time.sleep(0.2)
    finally:
        admin.dispose()


@pytest.fixture(params=BACKENDS, scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        _require_pg()
    return request.param


@pytest.fixture(scope="session")
def seeded_template(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated and loaded from the bundled seeds, made once per backend."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'seeded.sqlite'}"
        engine = make_engine(url)
        upgrade(engine)
        load_path(engine, SEEDS)
        engine.dispose()
        yield url
        return
    name = f"kb_tpl_{uuid.uuid4().hex[:10]}"
    url = _pg_create(name)
    engine = make_engine(url)
    upgrade(engine)
    load_path(engine, SEEDS)
    engine.dispose()
    yield url
    _pg_drop(name)


# A second report, synthetic (a fictional number, country and text; see its README): kb must
# treat it as it treats IF10578.
SYNTHETIC = Path(__file__).parent / "data" / "synthetic"


@pytest.fixture(scope="session")
def two_reports_template(
    backend: str, seeded_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The seeded database plus the synthetic report XX00001, made once per backend."""
    if backend == "sqlite":
        source = Path(make_url(seeded_template).database or "")
        engine = make_engine(seeded_template)
        with engine.connect() as conn:  # fold the WAL into the file before copying
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        target = tmp_path_factory.mktemp("two") / "two.sqlite"
        shutil.copyfile(source, target)
        url = f"sqlite:///{target}"
    else:
        name = f"kb_two_{uuid.uuid4().hex[:10]}"
        url = _pg_create(name, template=make_url(seeded_template).database)
    engine = make_engine(url)
    load_path(engine, SYNTHETIC)
    engine.dispose()
    yield url
    if backend != "sqlite":
        _pg_drop(make_url(url).database or "")


@pytest.fixture
def two_reports_url(two_reports_template: str) -> str:
    """IF10578 and the synthetic XX00001, for tests that only read."""
    return two_reports_template


@pytest.fixture
def empty_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A brand-new database with nothing in it."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    name = f"kb_t_{uuid.uuid4().hex[:12]}"
    url = _pg_create(name)
    yield url
    _pg_drop(name)


@pytest.fixture
def migrated_url(empty_url: str) -> str:
    """An empty database at the current schema, with no reports."""
    engine = make_engine(empty_url)
    upgrade(engine)
    engine.dispose()
    return empty_url


@pytest.fixture
def seeded_url(backend: str, seeded_template: str, tmp_path: Path) -> Iterator[str]:
    """A private copy of the seeded database that a test may change."""
    if backend == "sqlite":
        source = Path(make_url(seeded_template).database or "")
        target = tmp_path / "seeded.sqlite"
        engine = make_engine(seeded_template)
        with engine.connect() as conn:  # fold the WAL into the file before copying
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"
        return
    name = f"kb_t_{uuid.uuid4().hex[:12]}"
    url = _pg_create(name, template=make_url(seeded_template).database)
    yield url
    _pg_drop(name)


@pytest.fixture
def shared_url(seeded_template: str) -> str:
    """The seeded database itself, for tests that only read."""
    return seeded_template


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        import json
        from decimal import Decimal

        return json.loads(self.out, parse_float=Decimal)  # amounts are exact JSON numbers


class RunKb(Protocol):
    """The type of the ``kb`` fixture: ``kb("facts", "--format", "json", db=url)``."""

    def __call__(self, *args: str, db: str | None = None) -> Result: ...


@pytest.fixture
def kb(capsys: pytest.CaptureFixture[str]) -> RunKb:
    """Run the kb CLI in-process: kb("facts", "--format", "json", db=url)."""
    from kb.cli.main import main

    def run(*args: str, db: str | None = None) -> Result:
        argv = list(args) + (["--db", db] if db else [])
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: to prove a failed command changed nothing."""
    engine = make_engine(url)
    state: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            state[table] = sorted(tuple(map(repr, r)) for r in rows)
    engine.dispose()
    return state


@pytest.fixture
def seed_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A writable copy of one bundled report folder: seed_copy("IF10578")."""

    def copy(number: str = "IF10578") -> Path:
        target = tmp_path / "seeds" / "reports" / number
        shutil.copytree(SEEDS / "reports" / number, target)
        return target

    return copy
