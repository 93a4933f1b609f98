"""The contract, on the SQLite store."""

from pathlib import Path
from typing import Any

from csto.store import EventStore, SQLiteEventStore
from tests.store.contract import EventStoreContract


class TestSQLiteStore(EventStoreContract):
    __test__ = True

    def make_store(self, separate: bool = False, **options: Any) -> EventStore:
        return SQLiteEventStore(self.tmp_path / ("other.db" if separate else "csto.db"), **options)

    def test_a_read_only_handle_never_writes(self) -> None:
        import pytest

        from csto.errors import StoreError
        from tests.store.contract import events

        writer = self.open()
        writer.append("a", events(1), expected_version=0)
        writer.close()
        path = self.tmp_path / "csto.db"
        for side in ("-wal", "-shm"):
            Path(f"{path}{side}").unlink(missing_ok=True)
        before = path.read_bytes()
        reader = SQLiteEventStore(path, create=False)
        self.opened.append(reader)
        assert reader.verify().ok
        with pytest.raises(StoreError, match="read-only"):
            reader.append("a", events(2), expected_version=1)
        assert path.read_bytes() == before
