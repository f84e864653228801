"""Engines per backend, the schema revision, what a database holds, and Alembic upgrades.

First use (create, migrate and seed an empty database) is a bootstrap step above the
store: see ``kb.ingest.bootstrap``.  Every schema change here runs in one transaction on
both backends (``ddl_transaction``), so an interrupted one leaves the database as it was.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url

from kb.domain.problems import DatabaseRefused
from kb.store import paths

# The newest migration.  tests/test_migrations.py asserts it equals Alembic's head,
# so opening a database can check the schema without importing Alembic.
HEAD_REVISION = "0009"


SQLITE_CACHE_SIZE = -65536  # KiB when negative
SQLITE_BUSY_TIMEOUT = 30.0  # seconds a SQLite connection waits for another's write lock

# pg_advisory_xact_lock key for schema changes and first use ("kb" in ASCII): simultaneous
# first uses of one PostgreSQL database wait for each other, then find it ready.
SCHEMA_LOCK_KEY = 0x6B62


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except Exception:  # sqlalchemy.exc.ArgumentError, ValueError
        raise DatabaseRefused(
            f"cannot read the database URL {url!r}: write a path to a SQLite file, "
            "sqlite:///PATH, or postgresql://USER:PASSWORD@HOST/DATABASE"
        ) from None


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for another backend or an in-memory database."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def make_engine(url: str) -> Engine:
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except Exception as exc:  # NoSuchModuleError: mysql://, a driver that is not installed
        raise DatabaseRefused(
            f"kb cannot use {safe_url(url)} ({type(exc).__name__}): kb works with SQLite "
            "(a file path or sqlite:///PATH) and PostgreSQL (postgresql://USER@HOST/DATABASE)"
        ) from None


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers go on while a load writes; NORMAL is durable at checkpoints in WAL.
    # (kb.ingest.bootstrap opens a database with this engine only once it is kb's: a foreign
    # or half-made file is refused before, and keeps its journal mode.)
    _set_wal(cur)
    cur.execute("PRAGMA synchronous=NORMAL")
    # 64 MiB of page cache instead of SQLite's 2 MiB: a query over a large corpus (funding
    # over every report) otherwise rereads the same pages from the OS (19 ms -> 12 ms).
    cur.execute(f"PRAGMA cache_size={SQLITE_CACHE_SIZE}")
    cur.close()


def _set_wal(cur: sqlite3.Cursor) -> None:
    """Switch a new file to WAL, waiting like the busy timeout.  SQLite does not call its
    busy handler for this switch: while another connection held a write lock (a second
    first use, a reader's BEGIN IMMEDIATE) it failed at once with "database is locked"."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision of the database, None when it has no kb schema."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


# --- what a database holds ------------------------------------------------------

Status = Literal["empty", "current", "behind", "newer", "half-made", "unversioned", "foreign"]

# The tables only kb makes together: a database with these and an alembic_version is kb's.
CORE_TABLES = ("reports", "versions", "facts", "version_facts")


@dataclass(frozen=True)
class DatabaseState:
    """What kb found in a database, before using it.

    empty: no tables or views; current: kb's, at HEAD_REVISION; behind: kb's, at an older
    revision; newer: kb's tables at a revision this kb does not know; half-made: some of
    kb's tables, no revision and no reports (an interrupted first use of an older kb);
    unversioned: kb's tables with reports but no revision; foreign: anything else."""

    status: Status
    revision: str | None = None
    tables: tuple[str, ...] = field(default_factory=tuple)  # what was found, sorted

    def listing(self, limit: int = 6) -> str:
        shown = ", ".join(self.tables[:limit])
        more = len(self.tables) - limit
        return shown + (f" and {more} more" if more > 0 else "")


@cache
def known_revisions() -> frozenset[str]:
    """The revisions of kb's migrations, read from their files (no Alembic import)."""
    found = set()
    for script in (paths.migrations_dir() / "versions").glob("*.py"):
        match = re.search(r'^revision = "([^"]+)"', script.read_text("utf-8"), re.M)
        if match:
            found.add(match.group(1))
    return frozenset(found)


@cache
def _kb_names() -> frozenset[str]:
    from kb.store.models import Base
    from kb.store.sql_views import view_metadata

    return frozenset({*Base.metadata.tables, *view_metadata.tables, "alembic_version"})


# Columns that migrations after 0001 added to its tables (0006: version_facts.reviewed).
ADDED_AFTER_0001: dict[str, set[str]] = {"version_facts": {"reviewed"}}


def classify(
    names: set[str],
    columns: Callable[[str], set[str]],
    revision: Callable[[], str | None],
    has_reports: Callable[[], bool],
) -> DatabaseState:
    """The state of a database from its table and view names (the readers are lazy, so
    opening a current database costs one query)."""
    if "alembic_version" in names:
        rev = revision()
        if rev == HEAD_REVISION:
            return DatabaseState("current", rev)
    found = tuple(sorted(names))
    if not names:
        return DatabaseState("empty")
    from kb.store.models import Base

    has_core = all(t in names for t in CORE_TABLES)
    if "alembic_version" in names:
        if rev in known_revisions() and has_core:
            return DatabaseState("behind", rev, found)
        if rev is not None and has_core:
            return DatabaseState("newer", rev, found)
        if rev is None and names <= _kb_names():
            unfinished: Status = (
                "unversioned" if "reports" in names and has_reports() else "half-made"
            )
            return DatabaseState(unfinished, None, found)
        return DatabaseState("foreign", rev, found)
    if not names <= _kb_names():
        return DatabaseState("foreign", None, found)
    # Only kb's names: kb's own tables (an interrupted first use) or another program's
    # table that happens to be called "reports"?  kb's have kb's columns.
    for name in names & set(Base.metadata.tables):
        # An interrupted first use made its tables as migration 0001 does: without the
        # columns later migrations added.
        expected = {c.name for c in Base.metadata.tables[name].columns} - ADDED_AFTER_0001.get(
            name, set()
        )
        if not expected <= columns(name):
            return DatabaseState("foreign", None, found)
    if "reports" in names and has_reports():
        return DatabaseState("unversioned", None, found)
    return DatabaseState("half-made", None, found)


def database_state(conn: Connection) -> DatabaseState:
    """What ``conn``'s database holds (any backend, through SQLAlchemy's inspector)."""
    inspector = inspect(conn)
    names = set(inspector.get_table_names()) | set(inspector.get_view_names())
    names = {n for n in names if not n.startswith("sqlite_")}
    return classify(
        names,
        lambda t: {c["name"] for c in inspector.get_columns(t)},
        lambda: conn.execute(text("SELECT max(version_num) FROM alembic_version")).scalar(),
        lambda: conn.execute(text("SELECT 1 FROM reports LIMIT 1")).first() is not None,
    )


def sqlite_file_state(path: Path) -> DatabaseState:
    """What a SQLite file holds, read without changing it: read-only, no pragmas (the
    journal mode of a foreign file stays as it is), and no file created if there is none."""
    if not path.exists() or path.stat().st_size == 0:
        return DatabaseState("empty")
    from urllib.parse import quote

    try:
        raw = sqlite3.connect(f"file:{quote(str(path.absolute()))}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseRefused(f"cannot open {path} as a SQLite database: {exc}") from None
    try:
        rows = raw.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        names = {r[0] for r in rows}
        return classify(
            names,
            lambda t: {r[1] for r in raw.execute(f'PRAGMA table_info("{t}")')},
            lambda: raw.execute("SELECT max(version_num) FROM alembic_version").fetchone()[0],
            lambda: raw.execute("SELECT 1 FROM reports LIMIT 1").fetchone() is not None,
        )
    except sqlite3.DatabaseError as exc:  # "file is not a database"
        raise DatabaseRefused(f"{path} is not a SQLite database ({exc}); kb leaves it be") from None
    finally:
        raw.close()


# --- schema changes, each in one transaction -------------------------------------


@contextmanager
def ddl_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction for schema changes and what goes with them (first use's seeds).

    PostgreSQL's DDL is transactional; an advisory lock makes simultaneous first uses and
    migrations wait for each other.  SQLite's DDL is transactional too, but pysqlite runs
    DDL outside any transaction unless one is begun explicitly: BEGIN IMMEDIATE takes the
    write lock at once (others wait, up to the 30 s busy timeout) and COMMIT ends it."""
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            with conn.begin():
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
                yield conn
            return
        conn.execution_options(isolation_level="AUTOCOMMIT")  # pysqlite: no implicit BEGINs
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.exec_driver_sql("ROLLBACK")
            raise
        conn.exec_driver_sql("COMMIT")


def alembic_config(target: Engine | Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    cfg.attributes["engine" if isinstance(target, Engine) else "connection"] = target
    return cfg


def upgrade(target: Engine | Connection, revision: str = "head") -> None:
    """Upgrade to ``revision`` in one transaction (on the caller's, given a Connection)."""
    from alembic import command

    if isinstance(target, Engine):
        with ddl_transaction(target) as conn:
            command.upgrade(alembic_config(conn), revision)
        return
    command.upgrade(alembic_config(target), revision)


def downgrade(target: Engine | Connection, revision: str = "base") -> None:
    from alembic import command

    if isinstance(target, Engine):
        with ddl_transaction(target) as conn:
            command.downgrade(alembic_config(conn), revision)
        return
    command.downgrade(alembic_config(target), revision)


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(an unreadable URL)"
