"""A throw-away PostgreSQL server for the tests: ``initdb`` + ``pg_ctl`` in a temporary folder.

Why a real server: the PostgreSQL backend (its German text search, transactional DDL of the Alembic upgrade,
advisory locks between concurrent writers) cannot be checked against SQLite or a mock. The server listens on
loopback only (a free port, no Unix socket), trusts local connections, runs without fsync (nothing in it needs
to survive), and is stopped and deleted at the end of the test session (``conftest.py``).

``initdb`` refuses to run as root; run as root (containers, CI), the server's programs run as the unprivileged
user ``nobody`` and its folder belongs to it. The binaries are those on ``PATH``, else the newest
``/usr/lib/postgresql/*/bin`` (Debian's ``postgresql`` package). :func:`start` raises :class:`Unavailable` with
the reason when no server can be started; the fixture turns that into a skip.
"""
from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
from pathlib import Path

USER = "postgres"                   # the database superuser initdb creates (trust auth: no password)
LOCALES = ("C.UTF-8", "C.utf8", "en_US.UTF-8", "C")   # a UTF-8 locale lower-cases umlauts for text search
SETTINGS = {"listen_addresses": "'127.0.0.1'", "unix_socket_directories": "''", "fsync": "off",
            "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "40",
            "shared_buffers": "32MB", "log_min_messages": "warning"}


class Unavailable(RuntimeError):
    """No server can be started here (the reason says why)."""


def find_bindir() -> Path | None:
    """The folder with ``initdb``, ``pg_ctl`` and ``postgres``."""
    on_path = shutil.which("initdb")
    candidates = [Path(on_path).resolve().parent] if on_path else []
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                    key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    for d in candidates + debian:
        if all((d / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return d
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reachable_by_others(path: Path) -> bool:
    """Whether every folder above ``path`` lets other users through (so ``nobody`` can reach its data)."""
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents])


class PgServer:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_user: tuple[int, int] | None = None
        if os.geteuid() == 0:
            try:
                entry = pwd.getpwnam("nobody")
            except KeyError as exc:
                raise Unavailable("running as root, and there is no user 'nobody' to run PostgreSQL as") from exc
            self.as_user = (entry.pw_uid, entry.pw_gid)
        base = Path(tempfile.gettempdir())
        if self.as_user and not _reachable_by_others(base):
            base = Path("/tmp")
        self.root = Path(tempfile.mkdtemp(prefix="quellen-pg-", dir=base))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self._names = itertools.count(1)
        if self.as_user:
            os.chown(self.root, *self.as_user)

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        kw = {}
        if self.as_user:
            kw = {"user": self.as_user[0], "group": self.as_user[1], "extra_groups": []}
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        return subprocess.run([str(self.bindir / args[0]), *args[1:]], capture_output=True, text=True,
                              timeout=timeout, cwd=self.root, env=env, **kw)

    def start(self) -> None:
        for locale in LOCALES:
            done = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", USER, "-E", "UTF8",
                             f"--locale={locale}", "--no-sync")
            if done.returncode == 0:
                break
            shutil.rmtree(self.data, ignore_errors=True)
        else:
            raise Unavailable(f"initdb failed: {(done.stderr or done.stdout).strip()[-400:]}")
        for _ in range(3):                                 # another process may take the free port first
            self.port = _free_port()
            with open(self.data / "postgresql.auto.conf", "a", encoding="utf-8") as fh:
                for key, value in {**SETTINGS, "port": str(self.port)}.items():
                    fh.write(f"{key} = {value}\n")
            done = self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30")
            if done.returncode == 0:
                return
        tail = self.log.read_text(errors="replace")[-600:] if self.log.exists() else done.stderr
        raise Unavailable(f"pg_ctl start failed: {tail.strip()}")

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t") -> str:
        """A new, empty database; its SQLAlchemy URL."""
        import psycopg

        name = f"{prefix}{next(self._names)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)


def start() -> PgServer:
    """A running server, or :class:`Unavailable` saying why there is none."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise Unavailable(f"the driver psycopg is not installed ({exc}); pip install -e '.[postgres]'") from exc
    bindir = find_bindir()
    if bindir is None:
        raise Unavailable("initdb/pg_ctl not found on PATH or in /usr/lib/postgresql/*/bin "
                          "(Debian: apt-get install postgresql)")
    server = PgServer(bindir)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
