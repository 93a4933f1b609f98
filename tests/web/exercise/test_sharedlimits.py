"""Rate limits shared through PostgreSQL (:mod:`csto.web.exercise.sharedlimits`): two
limiters over two pools (two workers) draw on one bucket per key; takes made at once are
counted exactly; buckets refill with the database's clock; the table holds no key as given;
a database that stops answering leaves the process's own limit in force; and ``csto serve
--workers 2`` refuses the eleventh wrong invitation code whichever worker each guess
reached."""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from csto.web.exercise.errors import TooManyError
from csto.web.exercise.ratelimit import KINDS, Limiter
from csto.web.exercise.sharedlimits import PostgresBuckets, SharedLimiter, shared_limits
from tests.store.conftest import PG_URL, RUN
from tests.web.exercise.serving import Server, server_env

pytestmark = pytest.mark.postgres


@pytest.fixture
def schema(pg_url: str) -> str:
    """A scratch schema, dropped with the run's others (``tests.store.conftest.pg_url``)."""
    name = f"csto_t{RUN}_rl{uuid.uuid4().hex[:6]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    return name


@pytest.fixture
def workers(schema: str) -> Iterator[tuple[PostgresBuckets, PostgresBuckets]]:
    """Two pools on one schema, as two worker processes have."""
    first, second = PostgresBuckets(PG_URL, schema), PostgresBuckets(PG_URL, schema)
    yield first, second
    first.close()
    second.close()


def _rows(schema: str) -> list[tuple[str, str, float]]:
    with psycopg.connect(PG_URL) as conn:
        found = conn.execute(f"SELECT what, key, tokens FROM {schema}.csto_rate_buckets")
        return [(str(w), str(k), float(t)) for w, k, t in found.fetchall()]


def test_two_workers_draw_on_one_bucket_per_key(
    workers: tuple[PostgresBuckets, PostgresBuckets],
) -> None:
    a = SharedLimiter(workers[0], "guesses", 4, 1e-6)
    b = SharedLimiter(workers[1], "guesses", 4, 1e-6)
    for limiter in (a, b, a, b):
        limiter.take("203.0.113.7")
    for limiter in (a, b):
        with pytest.raises(TooManyError) as refused:
            limiter.take("203.0.113.7")
        assert refused.value.retry_after > 1000, "a bucket that refills slowly says so"
        assert int(refused.value.headers["Retry-After"]) > 1000
        with pytest.raises(TooManyError):
            limiter.check("203.0.113.7")
    b.take("203.0.113.8")  # another key has its own bucket
    a.check("203.0.113.8")  # a check takes nothing


def test_takes_made_at_once_on_two_workers_are_counted_exactly(
    workers: tuple[PostgresBuckets, PostgresBuckets],
) -> None:
    limiters = [SharedLimiter(w, "moves", 10, 1e-6) for w in workers]
    taken: list[int] = []
    refused: list[int] = []
    start = threading.Barrier(8)

    def hammer(i: int) -> None:
        start.wait()
        for _ in range(5):
            try:
                limiters[i % 2].take("seat-credential")
                taken.append(i)
            except TooManyError:
                refused.append(i)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(hammer, range(8)))
    assert len(taken) == 10, "the burst, not twice it"
    assert len(refused) == 30


def test_a_bucket_refills_with_the_databases_clock(
    workers: tuple[PostgresBuckets, PostgresBuckets],
) -> None:
    a = SharedLimiter(workers[0], "moves", 1, 4.0)  # a token back in 0.25 s
    b = SharedLimiter(workers[1], "moves", 1, 4.0)
    a.take("k")
    with pytest.raises(TooManyError) as refused:
        b.take("k")
    assert 0 < refused.value.retry_after <= 0.25
    time.sleep(0.6)  # more than two tokens' worth, capped at the burst of one
    b.take("k")
    with pytest.raises(TooManyError):
        a.take("k")


def test_the_table_holds_no_key_as_given_and_full_buckets_are_swept(
    workers: tuple[PostgresBuckets, PostgresBuckets], schema: str
) -> None:
    secret = "cstox_a-seat-credential-never-stored"
    SharedLimiter(workers[0], "moves", 30, 2.0).take(secret)
    SharedLimiter(workers[0], "codes", 2, 1000.0).take("198.51.100.1")
    rows = _rows(schema)
    assert len(rows) == 2
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for _, key, _ in rows)
    assert not any(secret in key or "198.51.100.1" in key for _, key, _ in rows)
    time.sleep(0.01)  # the code bucket (1000 a second) is full again; the move's is not
    workers[0].sweep("codes", 2, 1000.0)
    workers[0].sweep("moves", 30, 2.0)
    assert [what for what, _, _ in _rows(schema)] == ["moves"]


def test_takes_sweep_the_full_buckets_now_and_then(
    workers: tuple[PostgresBuckets, PostgresBuckets],
    schema: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from csto.web.exercise import sharedlimits

    monkeypatch.setattr(sharedlimits, "SWEEP_EVERY", 3)
    limiter = SharedLimiter(workers[0], "codes", 2, 5.0)  # a token back in 0.2 s
    limiter.take("198.51.100.1")
    limiter.take("198.51.100.2")
    time.sleep(0.3)  # both full again
    assert len(_rows(schema)) == 2
    limiter.take("198.51.100.3")  # the third take sweeps, then its own bucket stays
    assert len(_rows(schema)) == 1


def test_a_database_that_stops_answering_leaves_the_processs_own_limit(
    workers: tuple[PostgresBuckets, PostgresBuckets], caplog: pytest.LogCaptureFixture
) -> None:
    buckets = workers[0]
    limiter = SharedLimiter(buckets, "moves", 2, 1e-6)
    buckets.close()  # every later statement fails
    limiter.take("k")
    limiter.take("k")
    with pytest.raises(TooManyError):
        limiter.take("k")
    assert "did not answer" in caplog.text
    assert isinstance(limiter.local, Limiter)


def test_shared_limits_have_every_kind_and_close(schema: str) -> None:
    limits = shared_limits(PG_URL, schema)
    try:
        for name, (what, burst, rate) in KINDS.items():
            limit = getattr(limits, name)
            assert isinstance(limit, SharedLimiter)
            assert (limit.what, limit.burst, limit.rate) == (what, burst, rate)
    finally:
        limits.close()


def test_an_unknown_schema_name_is_refused() -> None:
    from csto.errors import StoreError

    with pytest.raises(StoreError, match="schema name"):
        PostgresBuckets(PG_URL, "public; DROP TABLE x")


def _guess(url: str, code: str) -> int:
    """A new browser: the join page (its form token and the token's cookie), then a guessed
    code, with the headers a browser sends from the site's own form."""
    with urllib.request.urlopen(f"{url}/exercise/join", timeout=30) as page:
        text = page.read().decode()
        cookies = [c.split(";", 1)[0] for c in page.headers.get_all("set-cookie") or []]
    token = re.search(r'name="csrf" value="([^"]+)"', text)
    assert token, text[:500]
    request = urllib.request.Request(
        f"{url}/exercise/join",
        data=urllib.parse.urlencode({"csrf": token.group(1), "code": code}).encode(),
        headers={"Origin": url, "Sec-Fetch-Site": "same-origin", "Cookie": "; ".join(cookies)},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        refused.close()
        return int(refused.code)


@pytest.mark.slow
def test_two_workers_refuse_the_eleventh_wrong_code_from_one_address(
    tmp_path: Path, pg_database: str
) -> None:
    args = ["--database-url", pg_database, "--workers", "2"]
    server = Server(args, server_env(tmp_path), tmp_path / "serve.log")
    server.start()
    try:
        _guess(server.url, "AAAA-AAAA-AAAA")  # installs the exercise in whichever worker
        began = time.monotonic()

        def guesses(i: int) -> list[int]:
            return [_guess(server.url, f"BBBB-{i:04d}-{j:04d}") for j in range(4)]

        with ThreadPoolExecutor(10) as pool:
            statuses = [status for some in pool.map(guesses, range(10)) for status in some]
        elapsed = time.monotonic() - began
    finally:
        server.kill()
    burst, rate = KINDS["codes"][1:]
    refilled = int(elapsed * rate) + 1  # tokens that can come back while the test runs
    wrong = statuses.count(401)
    assert set(statuses) <= {401, 429}, statuses
    # the first guess took a token; with a bucket per worker, two workers would let about
    # twice the burst through
    assert burst - 1 <= wrong <= burst - 1 + refilled, (wrong, elapsed)
    assert statuses.count(429) == 40 - wrong
