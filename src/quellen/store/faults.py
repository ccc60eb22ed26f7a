"""What a database error means for the batch: the machine is at fault, or only the one document is.

The reliability contract (``quellen.errors``) needs the two told apart at the store, the only place that knows:

* the **environment** — the disk is full or failing, the file is read-only, cannot be opened, is locked by another
  process past the busy timeout, or is not (or no longer) a database. Every later document would fail the same
  way, so this is an :class:`~quellen.errors.EnvironmentFault` with code ``Q103`` (``STORAGE``) that stops the run
  with one message saying what happened and what to do;
* the **document** — anything else that goes wrong while one document is written (text that cannot be encoded,
  a duplicate id inside it, a malformed item): a :class:`StoreError` naming its source, so the caller records
  that one document as failed (stage ``store``) and goes on.

Either way the transaction was rolled back, so nothing of the document is half-written.

SQLite is recognised by its result code (``sqlite3.Error.sqlite_errorcode``, Python >= 3.11) and, where a driver
does not give one, by its message; the primary code is the low byte (``SQLITE_IOERR_WRITE`` is ``SQLITE_IOERR``).
"""
from __future__ import annotations

import sqlite3

from ..errors import STORAGE, EnvironmentFault, as_environment_fault


class StoreError(ValueError):
    """One document (or failure record) could not be stored for a reason of its own; the database is fine.

    The caller records the document as failed (stage ``store``) and goes on with the batch."""


_AGAIN = "What was stored before is intact; run again afterwards."

# SQLite primary result codes (sqlite3.h) that mean the file or the disk is at fault: (plain reason, what to do).
_ENVIRONMENT: dict[int, tuple[str, str]] = {
    13: ("the disk is full (SQLite: database or disk is full)",
         "Free disk space, or give --db a path on a disk with room. " + _AGAIN),
    10: ("the disk reported an I/O error (SQLite: disk I/O error); it may be full, over a file-size limit, "
         "removed, or failing", "Check the disk and its free space. " + _AGAIN),
    22: ("the file is over the largest size this system allows (SQLite: large file support is disabled)",
         "Give --db a path on another file system. " + _AGAIN),
    8: ("the file is read-only (SQLite: attempt to write a readonly database)",
        "Make the file and its folder writable, or choose another --db."),
    3: ("access to the file is denied (SQLite: access permission denied)",
        "Make the file and its folder writable, or choose another --db."),
    14: ("the file cannot be opened (SQLite: unable to open database file); the path may be a folder, its folder "
         "may be missing or not writable, or too many files are open", "Check the path and its permissions."),
    5: ("another process holds its lock (SQLite: database is locked) and did not let go within {timeout}",
        "Let the other run that uses this database finish, or choose another --db."),
    6: ("a table in it is locked (SQLite: database table is locked) and was not let go within {timeout}",
        "Let the other run that uses this database finish, or choose another --db."),
    26: ("it is not a SQLite database (SQLite: file is not a database)",
         "Choose another --db path; this file is not a quellen database."),
    11: ("the file is damaged (SQLite: database disk image is malformed)",
         "Restore it from a backup or recover it (sqlite3 FILE .recover), or choose another --db."),
    7: ("SQLite ran out of memory (SQLite: out of memory)", "Lower --workers or --max-chars. " + _AGAIN),
}

# The same, for drivers that give a message only.
_MESSAGES = (("database or disk is full", 13), ("disk i/o error", 10), ("large file support", 22),
             ("readonly database", 8), ("access permission denied", 3), ("unable to open database file", 14),
             ("database is locked", 5), ("database table is locked", 6), ("file is not a database", 26),
             ("disk image is malformed", 11), ("out of memory", 7))

# PostgreSQL SQLSTATE classes that mean the server or its disk is at fault (08 connection, 53 insufficient
# resources such as a full disk, 57 operator intervention such as a shutdown, 58 system error); checked by class.
_PG_ENVIRONMENT = ("08", "53", "57", "58")
# ... and SQLSTATEs that mean this database refuses every write: a read-only transaction (a standby, or
# default_transaction_read_only), a user without the right. Tested in tests/test_store_pg.py.
_PG_REFUSED = ("25006", "42501")


def _chain(exc: BaseException):
    """``exc`` and what it wraps (SQLAlchemy's ``.orig``, then the ``raise … from`` chain)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code behind ``exc``, or ``None`` when it is not a SQLite error."""
    for e in _chain(exc):
        if isinstance(e, sqlite3.Error):
            code = getattr(e, "sqlite_errorcode", None)
            if isinstance(code, int):
                return code & 0xFF
            msg = str(e).lower()
            return next((c for text, c in _MESSAGES if text in msg), None)
    return None


def driver_message(exc: BaseException) -> str:
    """The database's own words for ``exc`` (without SQLAlchemy's SQL and parameters), on one line."""
    for e in _chain(exc):
        if isinstance(e, sqlite3.Error) or type(e).__module__.split(".")[0] in ("psycopg", "psycopg2"):
            return f"{type(e).__name__}: {_one_line(str(e))}"
    return f"{type(exc).__name__}: {_one_line(str(exc))}"


def environment_fault(exc: BaseException, where: str, busy_timeout: float) -> EnvironmentFault | None:
    """The ``Q103`` fault that ``exc`` stands for (or the general one for memory), ``None`` for a data error."""
    if isinstance(exc, EnvironmentFault):
        return exc
    if isinstance(exc, MemoryError):
        return as_environment_fault(exc)
    code = sqlite_code(exc)
    if code in _ENVIRONMENT:
        reason, todo = _ENVIRONMENT[code]
        return EnvironmentFault(STORAGE, f"cannot write the database {where}: "
                                         f"{reason.format(timeout=f'{busy_timeout:g} s')}. {todo}")
    sqlstates = [s for s in (str(getattr(e, "sqlstate", None) or getattr(e, "pgcode", None) or "")
                             for e in _chain(exc)) if s]
    if any(s in _PG_REFUSED for s in sqlstates):
        return EnvironmentFault(STORAGE, f"cannot write the database {where}: the server refuses writes to it "
                                         f"({driver_message(exc)}). Use a database and a user that may write, or "
                                         "choose another --db.")
    if getattr(exc, "connection_invalidated", False) or any(s[:2] in _PG_ENVIRONMENT for s in sqlstates):
        return EnvironmentFault(STORAGE, f"cannot write the database {where}: the database server failed "
                                             f"({driver_message(exc)}). Check the server and its disk. {_AGAIN}")
    if isinstance(exc, OSError):
        return EnvironmentFault(STORAGE, f"cannot write the database {where}: {exc.strerror or exc}. "
                                         "Check the path, its permissions and the free space.")
    return None


def classify(exc: BaseException, where: str, what: str, busy_timeout: float) -> EnvironmentFault | StoreError:
    """What the caller must do about ``exc``, raised while writing ``what`` (``document <source>``)."""
    fault = environment_fault(exc, where, busy_timeout)
    if fault is not None:
        return fault
    return StoreError(f"cannot store {printable(what)}: {printable(driver_message(exc))}")


def printable(s: object) -> str:
    """``s`` as text that any terminal and any database accept: lone surrogates (from undecodable file names)
    become ``\\udcxx`` escapes instead of failing the print or the insert that should report them."""
    s = str(s)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _one_line(s: str) -> str:
    return " ".join(s.split())


__all__ = ["StoreError", "classify", "environment_fault", "sqlite_code", "driver_message", "printable"]
