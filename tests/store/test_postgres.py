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

    def test_a_read_only_handle_never_writes(self) -> None:
        import psycopg

        from csto.errors import NoStoreError, StoreError
        from tests.store.contract import events

        with pytest.raises(NoStoreError, match="holds no csto store"):
            PostgresEventStore(self.url, schema=self.schema + "_none", create=False)
        with psycopg.connect(self.url) as conn:
            found = conn.execute(
                "SELECT count(*) FROM pg_namespace WHERE nspname = %s", (self.schema + "_none",)
            ).fetchone()
        assert found == (0,)  # no schema was made
        writer = self.open()
        writer.append("a", events(1), expected_version=0)
        reader = PostgresEventStore(self.url, schema=self.schema, create=False)
        self.opened.append(reader)
        assert reader.verify().ok
        with pytest.raises(StoreError, match="read-only"):
            reader.append("a", events(2), expected_version=1)
        assert writer.head() == 1
