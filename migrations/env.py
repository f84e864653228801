"""Alembic environment: runs on the connection or engine kb hands over, or KB_DATABASE_URL.

Given a connection (kb.store.engine.ddl_transaction), every migration runs inside the
caller's one transaction: Alembic sees it already begun and commits nothing itself."""

from __future__ import annotations

from alembic import context

from kb.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from kb.store.engine import ddl_transaction, make_engine
    from kb.store.paths import database_url

    engine = config.attributes.get("engine")
    if engine is None:
        engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    with ddl_transaction(engine) as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("kb migrations run online only")
run_migrations_online()
