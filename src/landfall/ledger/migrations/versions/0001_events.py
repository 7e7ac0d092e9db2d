"""The events table: append-only, hash-chained, bitemporal.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.Integer().with_variant(sa.BigInteger(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", Id, primary_key=True, autoincrement=False),
        sa.Column("event_key", sa.String(64), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("company", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("valid_from", sa.String(40)),
        sa.Column("valid_day", sa.String(10)),
        sa.Column("valid_at", sa.String(27)),
        sa.Column("recorded_at", sa.String(27), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("refers_to", Id),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("event_key", name="uq_events_event_key"),
    )
    op.create_index("ix_events_company_recorded", "events", ["company", "recorded_at"])
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_refers_to", "events", ["refers_to"])


def downgrade() -> None:
    op.drop_table("events")
