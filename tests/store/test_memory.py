"""The contract, on the in-memory store."""

from typing import Any

from csto.store import EventStore, MemoryEventStore
from tests.store.contract import EventStoreContract


class TestMemoryStore(EventStoreContract):
    __test__ = True

    def make_store(self, separate: bool = False, **options: Any) -> EventStore:
        if separate or options or not hasattr(self, "shared"):
            store = MemoryEventStore(**options)
            if not (separate or options):
                self.shared = store
            return store
        return self.shared
