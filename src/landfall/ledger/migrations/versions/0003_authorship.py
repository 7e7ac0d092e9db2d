"""Who asserted each event, and a secret salt for private rows; both hashed when not NULL.

Rows recorded before this revision keep NULL in both columns, and a NULL column is left out
of the row hash (``events.row_hash``), so their hashes, and ``verify`` on an old ledger, are
unchanged.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both backends: the existing rows are not rewritten.
    op.add_column("events", sa.Column("author", sa.Text))
    op.add_column("events", sa.Column("salt", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("salt")
        batch.drop_column("author")
