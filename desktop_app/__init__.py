"""GigDesk: an offline-first order manager for freelance marketplace sellers."""

__version__ = "0.1.0"
