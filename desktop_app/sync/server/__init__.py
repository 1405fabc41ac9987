"""The reference sync server: FastAPI over SQLAlchemy (SQLite or PostgreSQL)."""
