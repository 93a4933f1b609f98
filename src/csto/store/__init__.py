"""The event store: an append-only, tamper-evident log of events, on SQLite or PostgreSQL.
"""
