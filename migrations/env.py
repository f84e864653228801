"""Alembic environment: runs on the engine kb hands over, or on KB_DATABASE_URL."""

from __future__ import annotations

from alembic import context

from kb.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from kb.store.engine import make_engine
        from kb.store.paths import database_url

        engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things; batch mode copies tables instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("kb migrations run online only")
run_migrations_online()
