"""The contract, on the SQLite store."""

from typing import Any

from csto.store import EventStore, SQLiteEventStore
from tests.store.contract import EventStoreContract


class TestSQLiteStore(EventStoreContract):
    __test__ = True

    def make_store(self, separate: bool = False, **options: Any) -> EventStore:
        return SQLiteEventStore(self.tmp_path / ("other.db" if separate else "csto.db"), **options)
