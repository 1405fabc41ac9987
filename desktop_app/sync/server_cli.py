"""`gigdesk-server`: run the reference sync server, add accounts.

    gigdesk-server serve [--database URL] [--host 127.0.0.1] [--port 8765] [--files DIR]
                         [--ssl-certfile PEM --ssl-keyfile PEM] [--max-file BYTES]
    gigdesk-server add-account NAME [--expires-in-days N]  (the token is the last line)
    gigdesk-server token rotate NAME [--expires-in-days N] (a new token, the last line;
                                                            the old one stops working)
    gigdesk-server token revoke NAME                       (refuse the token from now on)
    gigdesk-server openapi                                 (print the OpenAPI schema)

Every command but `openapi` takes --database URL and creates or upgrades the
database schema first. Plain HTTP on an address other than loopback is served
with a warning: give a certificate, or put a TLS reverse proxy in front.
The database is SQLite by default; a PostgreSQL URL (postgresql+psycopg://...)
serves a team. `GIGDESK_SERVER_DATABASE` and `GIGDESK_SERVER_FILES` set the defaults.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_REFUSED = 2


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("GigDeskServer", "GigDesk"))


def database_url(given: str | None) -> str:
    url = given or os.environ.get("GIGDESK_SERVER_DATABASE")
    if url:
        return url
    return f"sqlite:///{default_home() / 'server.sqlite'}"


def files_dir(given: Path | None, url: str) -> Path:
    if given is not None:
        return given
    if os.environ.get("GIGDESK_SERVER_FILES"):
        return Path(os.environ["GIGDESK_SERVER_FILES"])
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database).resolve().parent / "files"
    return default_home() / "files"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gigdesk-server",
                                     description="The GigDesk reference sync server.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("serve", help="serve the sync API")
    p.add_argument("--database", help="SQLAlchemy URL (default: SQLite in the user data dir)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--files", type=Path, help="where delivery files are kept")
    p.add_argument("--max-file", type=int, metavar="BYTES",
                   help="the largest delivery file accepted (default: 5 GiB)")
    p.add_argument("--log-level", default="warning")
    p.add_argument("--ssl-certfile", type=Path, help="serve HTTPS with this PEM certificate")
    p.add_argument("--ssl-keyfile", type=Path, help="the certificate's PEM private key")
    p.add_argument("--body-timeout", type=_seconds, default=None,
                   help="seconds a request body may take to arrive (default 60)")
    p.add_argument("--header-timeout", type=_seconds, default=None,
                   help="seconds a request's headers may take to arrive (default 10)")
    p = sub.add_parser("add-account", help="create an account; print its token on the last line")
    p.add_argument("name")
    p.add_argument("--database")
    p.add_argument("--expires-in-days", type=float, help="the token stops working after this")
    token = sub.add_parser("token", help="rotate or revoke an account's token").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = token.add_parser("rotate", help="a new token (printed on the last line); the old one "
                         "stops working")
    p.add_argument("name")
    p.add_argument("--database")
    p.add_argument("--expires-in-days", type=float, help="the token stops working after this")
    p = token.add_parser("revoke", help="refuse the account's token until it is rotated")
    p.add_argument("name")
    p.add_argument("--database")
    sub.add_parser("openapi", help="print the OpenAPI schema as JSON")
    return parser


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("must be between 0 and 3600 seconds")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except Exception as exc:  # noqa: BLE001 - one clear line, not a traceback
        message = _known(exc)
        if message is None:
            raise
        print(f"gigdesk-server: {message}", file=sys.stderr)
        return EXIT_REFUSED


def _known(exc: Exception) -> str | None:
    from sqlalchemy.exc import ArgumentError, OperationalError

    from desktop_app.sync.server.db import AccountError

    if isinstance(exc, AccountError | ArgumentError):
        return str(exc)
    if isinstance(exc, OperationalError):
        return f"cannot use the database: {str(exc.orig).strip().splitlines()[0]}"
    if isinstance(exc, ModuleNotFoundError):
        return f"{exc.name} is missing: install gigdesk[server]"
    return None


def open_engine(url: str):
    from desktop_app.sync.server.db import make_engine, migrate

    engine = make_engine(url)
    migrate(engine)
    return engine


def cmd_serve(args) -> int:
    import uvicorn

    from desktop_app.sync.server.app import create_app
    from desktop_app.sync.server.edges import BODY_TIMEOUT
    from desktop_app.sync.server.http11 import HEADER_TIMEOUT, protocol

    if (args.ssl_certfile is None) != (args.ssl_keyfile is None):
        print("gigdesk-server: --ssl-certfile and --ssl-keyfile go together", file=sys.stderr)
        return EXIT_REFUSED
    for pem in (args.ssl_certfile, args.ssl_keyfile):
        if pem is not None and not pem.is_file():
            print(f"gigdesk-server: cannot read {pem}: no such file", file=sys.stderr)
            return EXIT_REFUSED
    url = database_url(args.database)
    engine = open_engine(url)
    limits = {"max_file": args.max_file} if args.max_file else {}
    app = create_app(engine, files_dir(args.files, url),
                     body_timeout=args.body_timeout or BODY_TIMEOUT, **limits)
    scheme = "https" if args.ssl_certfile else "http"
    if scheme == "http" and not _loopback(args.host):
        print(f"gigdesk-server: warning: serving plain HTTP on {args.host}: tokens and "
              "orders cross the network unencrypted; give --ssl-certfile/--ssl-keyfile "
              "or put a TLS reverse proxy in front", file=sys.stderr, flush=True)
    print(f"gigdesk-server: serving on {scheme}://{args.host}:{args.port}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                http=protocol(args.header_timeout or HEADER_TIMEOUT), timeout_keep_alive=5,
                ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile)
    return 0


def _loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def cmd_add_account(args) -> int:
    from desktop_app.sync.server.db import add_account

    engine = open_engine(database_url(args.database))
    token = add_account(engine, args.name, args.expires_in_days)
    print(f"Account {args.name.strip()!r} created. Its token (shown once; keep it safe):")
    print(token)
    return 0


def cmd_token(args) -> int:
    from desktop_app.sync.server.db import revoke_token, rotate_token

    engine = open_engine(database_url(args.database))
    name = args.name.strip()
    if args.action == "revoke":
        revoke_token(engine, name)
        print(f"The token of {name!r} is revoked; `token rotate` gives the account a new one.")
        return 0
    token = rotate_token(engine, name, args.expires_in_days)
    print(f"A new token for {name!r} (shown once; the old one no longer works):")
    print(token)
    return 0


def cmd_openapi(_args) -> int:
    import tempfile

    from sqlalchemy import create_engine

    from desktop_app.sync.server.app import create_app, dumps_openapi

    with tempfile.TemporaryDirectory() as tmp:
        print(dumps_openapi(create_app(create_engine("sqlite://"), Path(tmp))))
    return 0


COMMANDS = {"serve": cmd_serve, "add-account": cmd_add_account, "token": cmd_token,
            "openapi": cmd_openapi}

if __name__ == "__main__":
    sys.exit(main())
