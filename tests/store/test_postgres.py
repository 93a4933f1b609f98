"""The contract, on the PostgreSQL store (a scratch schema per test, dropped after the run)."""

from typing import Any

import pytest

from csto.store import EventStore
from csto.store.postgres import PostgresEventStore
from tests.store.conftest import RUN
from tests.store.contract import EventStoreContract


@pytest.mark.postgres
class TestPostgresStore(EventStoreContract):
    __test__ = True

    @pytest.fixture(autouse=True)
    def _server(self, pg_url: str, request: pytest.FixtureRequest) -> None:
        self.url, self.schema = pg_url, f"csto_t{RUN}_{abs(hash(request.node.nodeid)):x}"

    def make_store(self, separate: bool = False, **options: Any) -> EventStore:
        schema = self.schema + ("_b" if separate else "")
        return PostgresEventStore(self.url, schema=schema, pool_size=2, **options)
