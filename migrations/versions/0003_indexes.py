"""indexes for funding over many reports and for diffs: memberships by fact and covering

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

`kb funding --fy Y` over every report's latest version finds the appropriations whose
range covers Y first, then their memberships in the versions in scope:

- version_facts (fact_id, version_id) replaces (fact_id): the version of a membership is
  read from the index, not from the table row;
- appropriations (fy_end, fy_start): "fy_end >= Y" is selective for recent years, where
  the existing (fy_start, fy_end) index would scan nearly every figure;
- version_facts (version_id, slug, fact_id): pairing two versions' facts by id (kb diff)
  and listing a version's facts read the index alone, not a table row per membership.

ANALYZE gives the query planners the tables' sizes (SQLite has no statistics until it runs).

Each step tolerates its own effect already being there (if_exists / if_not_exists): before
kb ran migrations in one transaction on SQLite, an interrupted 0003 could leave some of its
indexes made and alembic_version at 0002, and `kb migrate` then stopped at "already exists".
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_version_facts_fact_id", table_name="version_facts", if_exists=True)
    op.create_index(
        "ix_version_facts_fact_id_version_id",
        "version_facts",
        ["fact_id", "version_id"],
        if_not_exists=True,
    )
    op.create_index(
        "ix_appropriations_fy_end", "appropriations", ["fy_end", "fy_start"], if_not_exists=True
    )
    op.create_index(
        "ix_version_facts_version_id_slug_fact_id",
        "version_facts",
        ["version_id", "slug", "fact_id"],
        if_not_exists=True,
    )
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_version_facts_version_id_slug_fact_id", table_name="version_facts")
    op.drop_index("ix_appropriations_fy_end", table_name="appropriations")
    op.drop_index("ix_version_facts_fact_id_version_id", table_name="version_facts")
    op.create_index("ix_version_facts_fact_id", "version_facts", ["fact_id"])
