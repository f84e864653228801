"""Migrations on both backends: one head, up/down/up, and models == migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from kb.db import HEAD_REVISION, alembic_config, downgrade, make_engine, schema_revision, upgrade
from kb.models import Base


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
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0000'")
    engine.dispose()
    result = kb("reports", db=migrated_url)
    assert result.code == 2
    assert "run `kb migrate`" in result.err


def test_view_text_matches_the_migration() -> None:
    """kb.views describes the view the newest migration creates."""
    import importlib.util

    from kb import paths
    from kb.views import FUNDING_BY_FY_SQL

    path = paths.migrations_dir() / "versions" / "0002_funding_view.py"
    spec = importlib.util.spec_from_file_location("m0002", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.FUNDING_BY_FY_SQL == FUNDING_BY_FY_SQL
