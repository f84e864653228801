"""review flag on memberships: drafted facts loaded with `kb load --accept-draft`

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

version_facts.reviewed is false for a fact a version states from a draft nobody has reviewed
yet (kb draft's `review: revised` or `review: new`); `kb facts --unreviewed` lists them and
`kb verify` counts them.  Every existing membership is reviewed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch (table copy) on SQLite: the funding_by_fy view reads
# version_facts, and SQLite refuses to rename a table a view depends on.  Both backends add a
# NOT NULL column with a constant default, and drop it (SQLite >= 3.35), in place.


def upgrade() -> None:
    op.add_column(
        "version_facts",
        sa.Column("reviewed", sa.Boolean(), server_default=sa.true(), nullable=False),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE version_facts DROP COLUMN reviewed")
