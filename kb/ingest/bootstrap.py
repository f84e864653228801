"""First use and migration: open a database, creating its schema and loading the bundled
seeds if it is empty; refuse, saying what was found, any database that is not kb's.

This sits above the store (it loads seeds through ``kb.ingest.load``) and is the one place
that decides when seeding happens.  First use is one transaction (schema and seeds; see
``kb.store.engine.ddl_transaction``): a first use killed at any point leaves the database
empty, and simultaneous first uses wait for each other, then find the database ready.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from kb.domain.problems import (
    DatabaseRefused,
    DatabaseUnavailable,
    EnvironmentFailure,
    KbError,
)
from kb.store import paths
from kb.store.engine import (
    HEAD_REVISION,
    DatabaseState,
    database_state,
    ddl_transaction,
    make_engine,
    parse_url,
    safe_url,
    sqlite_file_state,
    sqlite_path,
    upgrade,
)


def open_engine(
    url: str | None = None,
    *,
    seed: bool = True,
    notify: Callable[[str], None] | None = None,
) -> Engine:
    """An engine on a kb database at the current schema.

    An empty database is given the kb schema and, unless ``seed`` is False, the bundled
    seeds, in one transaction, with a one-line note.  Anything else that is not a kb
    database at the current schema is refused with what was found and what to do.
    """
    resolved = resolve(url)
    engine, state = _inspect(resolved)
    if state.status == "current":
        return engine or make_engine(resolved)
    if state.status != "empty":
        if engine is not None:
            engine.dispose()
        raise refusal(resolved, state)
    engine = engine or make_engine(resolved)
    try:
        with ddl_transaction(engine) as conn:
            # Under the lock: another first use may have made it meanwhile.
            state = database_state(conn)
            if state.status == "current":
                return engine
            if state.status != "empty":
                raise refusal(resolved, state)
            upgrade(conn)
            message = f"kb: created the kb schema in {safe_url(resolved)}"
            if seed:
                from kb.ingest.load import load_path

                result = load_path(conn, paths.seeds_dir())
                message += f" and loaded the bundled seeds ({result.summary()})"
    except DBAPIError as exc:  # a file that cannot be created, a role without CREATE
        engine.dispose()
        raise DatabaseUnavailable(
            f"cannot create the kb schema in {safe_url(resolved)} (nothing was changed): "
            f"{_first_line(exc.orig)}"
        ) from None
    except BaseException:
        engine.dispose()
        raise
    (notify or _stderr)(message)
    return engine


def migrate(
    url: str | None = None,
    revision: str = "head",
    notify: Callable[[str], None] | None = None,
) -> str:
    """Upgrade a kb database to ``revision`` in one transaction; an empty database gets the
    schema (no seeds).  A half-made one (kb tables, no revision, no reports: an interrupted
    first use of an older kb) is rebuilt: its leftovers dropped, then the first use that was
    interrupted is done again (schema and bundled seeds).  Returns the revision reached."""
    from alembic.util import CommandError

    resolved = resolve(url)
    engine, state = _inspect(resolved)
    try:
        _refuse_for_migrate(resolved, state)
        engine = engine or make_engine(resolved)
        with ddl_transaction(engine) as conn:
            state = database_state(conn)
            _refuse_for_migrate(resolved, state)
            rebuild = state.status == "half-made"
            if rebuild:
                _drop_kb_objects(conn)
            try:
                upgrade(conn, revision)
                if rebuild:
                    from kb.ingest.load import load_path

                    result = load_path(conn, paths.seeds_dir())
                    (notify or _stderr)(
                        f"kb: rebuilt the half-made database {safe_url(resolved)}: "
                        f"created the kb schema and loaded the bundled seeds ({result.summary()})"
                    )
            except CommandError as exc:
                raise DatabaseRefused(
                    f"cannot migrate to {revision}: {exc} (this kb's migrations end at "
                    f"{HEAD_REVISION}; `kb migrate` alone upgrades to it)"
                ) from None
            except DBAPIError as exc:
                raise DatabaseRefused(
                    f"migrating {safe_url(resolved)} from schema "
                    f"{state.revision or 'none'} failed, and was rolled back (the database is "
                    f"as it was): {_first_line(exc.orig)}"
                ) from None
            return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())
    finally:
        if engine is not None:
            engine.dispose()


def resolve(url: str | None) -> str:
    """The database URL (--db, $KB_DATABASE_URL, the default file), with its folder checked:
    kb creates the folder of its default file, never one of a path the user wrote."""
    resolved = paths.database_url(url)
    path = sqlite_path(resolved)
    if path is not None and not path.parent.is_dir():
        if resolved == paths.default_database_url():
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            raise DatabaseRefused(
                f"no such folder {path.parent} for the SQLite database {path}: "
                "create it first, or name a file in an existing folder"
            )
    return resolved


def _inspect(resolved: str) -> tuple[Engine | None, DatabaseState]:
    """The database's state, found without changing it.  SQLite: read-only, before any
    engine exists (the engine's first connection switches the file to WAL)."""
    path = sqlite_path(resolved)
    if path is not None:
        return None, sqlite_file_state(path)
    from sqlalchemy.exc import OperationalError

    engine = make_engine(resolved)
    try:
        with engine.connect() as conn:
            return engine, database_state(conn)
    except OperationalError as exc:  # the server is unreachable or refuses the login
        engine.dispose()
        raise DatabaseUnavailable(connect_failure(resolved, exc.orig)) from None
    except BaseException:
        engine.dispose()
        raise


def connect_failure(resolved: str, error: object) -> str:
    """One line in kb's words for a failed connection: server, user, what failed (the
    driver's own text has tabs, several lines and a link)."""
    url = parse_url(resolved)
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    user = url.username or "(the default user)"
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    reason = re.split(r"failed: ", lines[0])[-1] if lines else type(error).__name__
    reason = re.sub(r"^(FATAL|ERROR):\s*", "", reason)
    hint = f" ({lines[1][0].lower()}{lines[1][1:]})" if len(lines) > 1 else ""
    return (
        f"cannot connect to the PostgreSQL server {server} (database {url.database}) "
        f"as user {user}: {reason}{hint}"
    )


def refusal(resolved: str, state: DatabaseState) -> KbError:
    where = safe_url(resolved)
    if state.status == "behind":
        # the environment, not the user's input: exit 1 (kb.domain.problems)
        return EnvironmentFailure(
            f"database {where} is at schema {state.revision}, kb needs {HEAD_REVISION}: "
            "run `kb migrate` to upgrade it"
        )
    if state.status == "newer":
        return DatabaseRefused(
            f"database {where} is at schema {state.revision}, which this kb does not know: it "
            f"was made by a newer kb (this one knows schemas up to {HEAD_REVISION}); "
            "upgrade kb to use it"
        )
    if state.status == "half-made":
        return DatabaseRefused(
            f"database {where} is half-made: it has some of kb's tables ({state.listing()}) "
            "but no schema revision and no reports, as an interrupted first use of an older "
            "kb leaves it; run `kb migrate` to rebuild it"
        )
    if state.status == "unversioned":
        return DatabaseRefused(
            f"database {where} has kb's tables and reports but no schema revision (no "
            "alembic_version row), so kb cannot tell which schema it has; restore it from a "
            "backup, or load its seed folders into a new database"
        )
    return DatabaseRefused(
        f"database {where} is not a kb database: it holds {state.listing()}"
        + (f" (Alembic revision {state.revision})" if state.revision else "")
        + "; kb creates its schema only in an empty database: name a new file or "
        "database with --db"
    )


def _refuse_for_migrate(resolved: str, state: DatabaseState) -> None:
    if state.status in ("foreign", "unversioned", "newer"):
        raise refusal(resolved, state)


def _drop_kb_objects(conn: Connection) -> None:
    """A half-made database's kb tables (no reports in them), so the migrations start over."""
    from sqlalchemy import inspect

    from kb.store.models import Base
    from kb.store.sql_views import view_metadata

    inspector = inspect(conn)
    views = set(inspector.get_view_names())
    tables = set(inspector.get_table_names())
    preparer = conn.dialect.identifier_preparer
    for name in view_metadata.tables:
        if name in views:
            conn.exec_driver_sql(f"DROP VIEW {preparer.quote(name)}")
    for table in reversed(Base.metadata.sorted_tables):
        if table.name in tables:
            conn.exec_driver_sql(f"DROP TABLE {preparer.quote(table.name)}")
    if "alembic_version" in tables:
        conn.exec_driver_sql("DROP TABLE alembic_version")


def _first_line(exc: object) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)
