"""The Alembic environment of the quellen database (``env.py``, ``versions/``); run by :mod:`quellen.store.migrate`."""
