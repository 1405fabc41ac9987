"""Token lifecycle (`gigdesk-server token rotate|revoke`, expiry) and `serve`'s transport
options (TLS, the plain-HTTP warning), through the real command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from desktop_app.sync.server import db as server_db
from tests.sync.server_proc import Server, database_for, free_port, server_cli


def _pull(server: Server, token: str) -> httpx.Response:
    """A request the token alone allows (a new device's registration: 201)."""
    return httpx.post(f"{server.url}/v1/devices", json={"device_id": str(uuid.uuid4())},
                      headers={"Authorization": f"Bearer {token}"}, timeout=10,
                      verify=server.tls())


def _refusal(answer: httpx.Response) -> str:
    assert answer.status_code == 401, answer.text
    assert set(answer.json()) == {"error"}
    return answer.json()["error"]["message"]


def test_rotate_replaces_the_token_and_revoke_stops_it(server):
    first = server.add_account("alice")
    assert _pull(server, first).status_code == 201
    rotated = server_cli("token", "rotate", "alice", "--database", server.database)
    assert rotated.returncode == 0, rotated.stderr
    second = rotated.stdout.strip().splitlines()[-1]
    assert second != first and _pull(server, second).status_code == 201
    assert "not valid" in _refusal(_pull(server, first))

    revoked = server_cli("token", "revoke", "alice", "--database", server.database)
    assert revoked.returncode == 0, revoked.stderr
    assert "revoked" in _refusal(_pull(server, second))
    third = server_cli("token", "rotate", "alice", "--database", server.database)
    assert _pull(server, third.stdout.strip().splitlines()[-1]).status_code == 201


def test_an_expired_token_is_refused_saying_so(server):
    token = server.add_account("brief", "--expires-in-days", str(2 / 86400))
    assert _pull(server, token).status_code == 201
    time.sleep(2.5)
    assert "expired" in _refusal(_pull(server, token))


@pytest.mark.parametrize("args, says", [
    (("token", "revoke", "nobody"), "no account named 'nobody'"),
    (("token", "rotate", "nobody"), "no account named 'nobody'"),
    (("add-account", "x", "--expires-in-days", "0"), "positive number of days"),
])
def test_token_commands_refuse_in_one_sentence(tmp_path, args, says):
    done = server_cli(*args, "--database", f"sqlite:///{tmp_path / 's.sqlite'}")
    assert done.returncode == 2 and says in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_database_of_the_release_before_keeps_its_tokens(tmp_path):
    engine = server_db.make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = Config()
    config.set_main_option("script_location", str(server_db.MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "s0002")
        conn.execute(sa.insert(sa.table("accounts", *map(sa.column, (
            "id", "name", "token_hash", "created_at", "pushes")))).values(
            id=1, name="a", token_hash=server_db.hash_token("old"),
            created_at="2026-01-01T00:00:00.000000Z", pushes=0))
    server_db.migrate(engine)
    assert server_db.account_for_token(engine, "old") == 1
    later = datetime.now(UTC) + timedelta(days=3650)
    assert server_db.account_for_token(engine, "old", later) == 1  # it never expires
    engine.dispose()


def _self_signed(tmp_path) -> tuple[str, str] | None:
    """(certificate, key) PEM files for 127.0.0.1, made here; None without a tool."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        if shutil.which("openssl") is None:
            return None
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(cert)], check=True,
                       capture_output=True, timeout=30)
        return str(cert), str(key)
    import ipaddress

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(private.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(minutes=5))
                   .not_valid_after(now + timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName(
                       [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                                  critical=True)
                   .sign(private, hashes.SHA256()))
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(private.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return str(cert), str(key)


def test_serve_speaks_https_with_a_certificate(tmp_path):
    pems = _self_signed(tmp_path)
    if pems is None:
        pytest.skip("neither the cryptography package nor openssl is here to make a cert")
    cert, key = pems
    srv = Server(f"sqlite:///{tmp_path / 's.sqlite'}", tmp_path / "files",
                 options=("--ssl-certfile", cert, "--ssl-keyfile", key), verify=cert).start()
    try:
        token = srv.add_account("tls")
        answer = _pull(srv, token)
        assert answer.status_code == 201 and srv.url.startswith("https://")
        with pytest.raises(httpx.TransportError):
            httpx.get(srv.url.replace("https", "http") + "/v1/health", timeout=5)
    finally:
        srv.stop()


def test_plain_http_off_loopback_is_served_with_a_warning(tmp_path):
    """192.0.2.1 (TEST-NET-1) is on no interface here: the bind fails after the warning,
    so nothing listens beyond loopback."""
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app.sync.server_cli", "serve", "--host", "192.0.2.1",
         "--port", str(free_port()), "--database", f"sqlite:///{tmp_path / 's.sqlite'}"],
        capture_output=True, text=True, timeout=60, check=False)
    warnings = [line for line in done.stderr.splitlines() if "warning: serving plain HTTP" in line]
    assert len(warnings) == 1, done.stderr
    quiet = server_cli("serve", "--ssl-certfile", str(tmp_path / "missing.pem"),
                       "--ssl-keyfile", str(tmp_path / "missing.pem"),
                       "--database", f"sqlite:///{tmp_path / 's.sqlite'}")
    assert quiet.returncode == 2 and "cannot read" in quiet.stderr


def test_a_server_of_the_release_before_keeps_its_rows_and_scopes_order_ids(backend,
                                                                           tmp_path):
    """s0004 re-keys orders by (account, id) on either database: every row stays, the
    devices of before can claim a key, and two accounts may then hold one order id."""
    url, drop = database_for(backend, tmp_path)
    engine = server_db.make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(server_db.MIGRATIONS))
    stamp = "2026-01-01T00:00:00.000000Z"
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "s0003")
            for n, name in ((1, "a"), (2, "b")):
                conn.execute(sa.text("INSERT INTO accounts (id, name, token_hash, created_at,"
                                     " pushes) VALUES (:n, :name, :h, :t, 0)"),
                             {"n": n, "name": name, "h": f"h{n}", "t": stamp})
            conn.execute(sa.text("INSERT INTO devices VALUES ('d1', 1, 1, :t)"), {"t": stamp})
            conn.execute(sa.text("INSERT INTO orders (id, account_id, ref, state, event_count)"
                                 " VALUES ('o1', 1, 'FO1', '{}', 1)"))
            conn.execute(sa.text("INSERT INTO events (account_id, id, order_id, kind, at, data,"
                                 " device_id, device_seq) VALUES (1, 'e1', 'o1',"
                                 " 'order_created', :t, '{}', 'd1', 1)"), {"t": stamp})
        server_db.migrate(engine)
        with engine.begin() as conn:
            assert conn.execute(sa.text("SELECT account_id, id, ref FROM orders")).all() == [
                (1, "o1", "FO1")]
            assert conn.execute(sa.text("SELECT id, order_id FROM events")).all() == [
                ("e1", "o1")]
            conn.execute(sa.text("INSERT INTO orders (id, account_id, ref, state, event_count)"
                                 " VALUES ('o1', 2, 'FO1', NULL, 0)"))
        from desktop_app.sync.server import devices

        assert devices.register(engine, 1, "d1", datetime.now(UTC))  # claimed by its account
    finally:
        engine.dispose()
        drop()
