"""Alembic migrations of the ledger schema, shipped in the package and run on open."""
