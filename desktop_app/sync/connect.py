"""A client for a server by URL, or for the one this data dir is set up with.

The window's rounds, `gigdesk sync` and the first use of a delivery file another
device sent (Open folder, `gigdesk check`) all connect the same way: the URL checked
(no plain http to another machine unless the seller agreed), the token from
GIGDESK_SYNC_TOKEN or the keyring.
"""

from __future__ import annotations

from desktop_app.services import sync
from desktop_app.storage.db import Database
from desktop_app.sync.client import SyncClient, check_url, resolve_token


def connect(server: str, allow_insecure: bool = False, **options) -> SyncClient:
    """Raises SyncError (a bad URL, no token) before any request."""
    url = check_url(server, allow_insecure)
    return SyncClient(url, resolve_token(url), **options)


def configured(db: Database, **options) -> SyncClient | None:
    """A client for the server set up in the settings (or last synced with); None when
    there is none. Raises SyncError as connect does."""
    server, allow_insecure = sync.configured_server(db)
    return None if server is None else connect(server, allow_insecure, **options)
