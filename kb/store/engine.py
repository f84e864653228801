"""Engines per backend, the schema revision, and Alembic upgrades and downgrades.

First use (create, migrate and seed an empty database) is a bootstrap step above the
store: see ``kb.ingest.bootstrap``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from kb.store import paths

# The newest migration.  tests/test_migrations.py asserts it equals Alembic's head,
# so opening a database can check the schema without importing Alembic.
HEAD_REVISION = "0007"


SQLITE_CACHE_SIZE = -65536  # KiB when negative


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers go on while a load writes; NORMAL is durable at checkpoints in WAL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # 64 MiB of page cache instead of SQLite's 2 MiB: a query over a large corpus (funding
    # over every report) otherwise rereads the same pages from the OS (19 ms -> 12 ms).
    cur.execute(f"PRAGMA cache_size={SQLITE_CACHE_SIZE}")
    cur.close()


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision of the database, None when it has no kb schema."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(engine: Engine):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
