"""Alembic's entry point for the quellen schema.

:mod:`quellen.store.migrate` runs the revisions on a connection that is already inside the one write transaction
of the upgrade (passed as ``config.attributes["connection"]``), so that a crash or an error leaves the database
as it was: Alembic then begins and commits nothing itself. Without such a connection (``alembic`` run by hand
with ``-x url=…`` or a ``sqlalchemy.url`` option) the environment opens its own, with one transaction for all
revisions.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from quellen.store import schema

config = context.config


def _run(connection) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    context.configure(connection=connection, target_metadata=schema.metadata, transaction_per_migration=False,
                      transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
