"""The contract, on the in-memory store."""

from typing import Any

from csto.store import EventStore, MemoryEventStore
from tests.store.contract import EventStoreContract


class TestMemoryStore(EventStoreContract):
    __test__ = True

    def make_store(self, separate: bool = False, **options: Any) -> EventStore:
        if not separate and set(options) == {"key"} and hasattr(self, "shared"):
            return self.shared.with_key(options["key"])
        if not separate and set(options) == {"key"}:  # the first handle holds the key
            self.shared = MemoryEventStore(**options)
            return self.shared
        if not (separate or options) and hasattr(self, "shared") and self.shared._secret:
            return self.shared.with_key(None)  # a handle without the key
        if separate or options or not hasattr(self, "shared"):
            store = MemoryEventStore(**options)
            if not (separate or options):
                self.shared = store
            return store
        return self.shared
