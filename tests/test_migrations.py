"""Migrations on both backends: one head, up/down/up, and models == migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from kb.store.engine import (
    HEAD_REVISION,
    alembic_config,
    downgrade,
    make_engine,
    schema_revision,
    upgrade,
)
from kb.store.models import Base


def test_exactly_one_head_and_kb_knows_it() -> None:
    engine = make_engine("sqlite://")
    heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    assert heads == [HEAD_REVISION]


def test_upgrade_downgrade_upgrade(empty_url: str) -> None:
    engine = make_engine(empty_url)
    upgrade(engine)
    assert schema_revision(engine) == HEAD_REVISION
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert {"reports", "versions", "facts", "version_facts", "appropriations"} <= tables
    downgrade(engine, "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert schema_revision(engine) == HEAD_REVISION
    engine.dispose()


def test_models_and_migrations_agree(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_database_behind_is_refused(migrated_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(migrated_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")
    engine.dispose()
    result = kb("reports", db=migrated_url)
    assert result.code == 1  # the environment, not the user's input (EnvironmentFailure)
    assert "run `kb migrate`" in result.err


def test_views_match_their_descriptions(migrated_url: str) -> None:
    """kb.store.sql_views describes the views the migrations create, column for column."""
    from kb.store.sql_views import view_metadata

    engine = make_engine(migrated_url)
    with engine.connect() as conn:
        inspector = inspect(conn)
        assert set(inspector.get_view_names()) == set(view_metadata.tables)
        for name, table in view_metadata.tables.items():
            assert [c["name"] for c in inspector.get_columns(name)] == [c.name for c in table.c]
    engine.dispose()
