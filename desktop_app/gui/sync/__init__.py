"""The sync status, settings, conflicts and rounds with the server."""
