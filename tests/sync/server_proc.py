"""A real sync server for tests: `gigdesk-server serve` in a subprocess on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

PG_ENV = "GIGDESK_TEST_PG_URL"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop_app.sync.server_cli", *args],
                          capture_output=True, text=True, timeout=60, check=False)


def database_for(backend: str, tmp: Path) -> tuple[str, object]:
    """(URL of a fresh empty database, a callable that drops it)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'server.sqlite'}", lambda: None
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set: the PostgreSQL tests must run in CI")
        pytest.skip(f"{PG_ENV} is not set (run .ci/postgres.sh)")
    name = f"gigdesk_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()

    return url, drop


class Server:
    """`options` go to `serve` as they are (--body-timeout 1, --ssl-certfile ...);
    `verify` is the CA file an HTTPS server's health is checked with."""

    def __init__(self, database: str, files: Path, port: int | None = None,
                 options: tuple[str, ...] = (), verify: str | None = None):
        self.database = database
        self.files = files
        self.options = options  # more `serve` options, e.g. ("--max-file", "1000")
        self.port = port or free_port()
        self.verify = verify
        self.url = f"{'https' if verify else 'http'}://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def tls(self) -> ssl.SSLContext | bool:
        """What httpx should verify this server's certificate with."""
        return ssl.create_default_context(cafile=self.verify) if self.verify else True

    def start(self) -> Server:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "desktop_app.sync.server_cli", "serve", "--database",
             self.database, "--host", "127.0.0.1", "--port", str(self.port), "--files",
             str(self.files), *self.options],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode()}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1,
                             verify=self.tls()).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("server did not start in 30 s")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def add_account(self, name: str, *options: str) -> str:
        done = server_cli("add-account", name, "--database", self.database, *options)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    def peak_rss(self) -> int:
        """The server process's largest resident set so far, in bytes (Linux)."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        kib = next(line.split()[1] for line in status.splitlines()
                   if line.startswith("VmHWM:"))
        return int(kib) * 1024
