"""Alembic environment: runs on the connection (and transaction) the ledger hands it.

The ledger opens the transaction and takes its writer lock first, so two processes opening a
fresh database at once cannot both create the schema.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from landfall.ledger.schema import VERSION_TABLE

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("the ledger migrations run only through landfall.ledger.open_ledger")

context.configure(connection=connection, version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
