"""One snapshot per request, as the CLI's ``connect`` gives one per command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A read connection whose queries all see one state of the database.

    A page runs several queries; a ``kb load`` committing between two of them must not
    make the page mix the old and the new version.  PostgreSQL: REPEATABLE READ; SQLite:
    an explicit BEGIN (WAL keeps the read snapshot until the end).  The transaction is
    read-only (PostgreSQL's READ ONLY, SQLite's query_only) and rolled back when the page is
    done: no request can write.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # the engine serves only pages: its connections refuse writes outright
            conn.exec_driver_sql("PRAGMA query_only=ON")
            conn.exec_driver_sql("BEGIN")
        else:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        try:
            yield conn
        finally:
            conn.rollback()
