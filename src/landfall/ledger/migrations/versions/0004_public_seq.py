"""A public sequence number: a dense count over the public rows, in chain order.

The public role must not see internal ids: their gaps would tell how many private events
were appended between two public ones, and when. Each public row gets the next number of
its own sequence when it is appended (in the append's transaction); a private row has NULL.
The column is not hashed: it follows from the chain (the n-th public row in id order has
number n) and ``verify`` checks that it does, so rows written before this revision keep
their hashes. The upgrade numbers the public rows already stored, in id order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    op.add_column("events", sa.Column("public_seq", sa.BigInteger))
    events = sa.table(
        "events",
        sa.column("id", sa.BigInteger),
        sa.column("public", sa.Boolean),
        sa.column("public_seq", sa.BigInteger),
    )
    conn = op.get_bind()
    public = conn.execute(
        sa.select(events.c.id).where(events.c.public.is_(True)).order_by(events.c.id)
    ).scalars()
    numbered = [{"row": row, "seq": seq} for seq, row in enumerate(public, start=1)]
    update = (
        events.update()
        .where(events.c.id == sa.bindparam("row"))
        .values(public_seq=sa.bindparam("seq"))
    )
    for start in range(0, len(numbered), _BATCH):
        conn.execute(update, numbered[start : start + _BATCH])
    # Unique, and an index for the public role's reads; NULLs (private rows) do not collide.
    op.create_index("ix_events_public_seq", "events", ["public_seq"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_events_public_seq", "events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("public_seq")
