"""The live bench's load generator, in its own process: a class of participants per session,
each following its seat's live stream, and one mover per session making moves over HTTP.

``python -m bench.liveload SPEC_FILE`` where the JSON file holds ``{"port": P, "sessions":
[{"id": ..., "tokens": {seat: token}}], "seconds": 20, "warmup": 3, "rate": 1.0, "seed": 1}``.
Every seat of every session opens its stream (plain asyncio sockets, one connection each);
once all are open, each session's mover makes moves at about ``rate`` a second (the gaps drawn
uniformly between half and one and a half of the mean), in a cycle of public moves and a
private message: a member asks for the floor, the chair gives it, the member speaks, the
member writes to another member. A move's time is taken when its request is sent; a seat's
delivery when its frame is read. After the measured seconds the movers stop and the streams
are given a few seconds to drain. It prints one JSON line: moves acknowledged and their rate,
the latency from a move to the last of its entitled seats seeing it (p50, p99, max; and,
apart, the move's answer and the time from the answer to the last seat), the
deliveries expected, lost (an entitled seat never saw it), duplicated (a seat saw it twice),
unexpected (a seat saw what it may not), and this process's CPU time.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import sys
import time
from dataclasses import dataclass, field
from typing import Any

HOST = "127.0.0.1"
MEMBERS = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")


@dataclass
class Session:
    id: str
    tokens: dict[str, str]
    sent: dict[int, tuple[float, float, frozenset[str] | None]] = field(default_factory=dict)
    seen: dict[int, dict[str, list[float]]] = field(default_factory=dict)
    measured_from: int = 0


async def _headers(reader: asyncio.StreamReader) -> tuple[int, dict[bytes, bytes]]:
    status = int((await reader.readline()).split()[1])
    headers: dict[bytes, bytes] = {}
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            return status, headers
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()


async def _stream(
    port: int, session: Session, seat: str, opened: asyncio.Event, ready: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port, limit=2**20)
    writer.write(
        f"GET /x/{session.id}/live HTTP/1.1\r\nHost: {HOST}\r\n"
        f"Authorization: Bearer {session.tokens[seat]}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    status, _ = await _headers(reader)
    if status != 200:
        raise RuntimeError(f"{session.id} {seat}: the stream answered {status}")
    ready[0] += 1
    if ready[0] == ready[1]:
        opened.set()
    buffer = b""
    try:
        while True:
            size = int((await reader.readline()).strip() or b"0", 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return
            now = time.perf_counter()
            buffer += chunk[:-2]
            *frames, buffer = buffer.split(b"\n\n")
            for frame in frames:
                if frame.startswith(b"id: "):
                    version = int(frame[4 : frame.index(b"\n")])
                    session.seen.setdefault(version, {}).setdefault(seat, []).append(now)
    except (asyncio.IncompleteReadError, ConnectionError):
        return
    finally:
        writer.close()


class Mover:
    """One session's mover: a keep-alive connection and the cycle of moves."""

    def __init__(self, port: int, session: Session, rng: random.Random) -> None:
        self.port, self.session, self.rng = port, session, rng
        self.step = 0
        self.conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.used = 0.0

    async def act(self, seat: str, move: dict[str, Any]) -> int:
        if self.conn is not None and time.monotonic() - self.used > 2.0:
            self.close()  # the server closes a connection idle for 5 s: never race it
            self.conn = None
        if self.conn is None:
            self.conn = await asyncio.open_connection(HOST, self.port)
        reader, writer = self.conn
        body = json.dumps({"move": move}).encode()
        writer.write(
            f"POST /x/{self.session.id}/act HTTP/1.1\r\nHost: {HOST}\r\n"
            f"Authorization: Bearer {self.session.tokens[seat]}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        status, headers = await _headers(reader)
        answer = json.loads(await reader.readexactly(int(headers[b"content-length"])))
        self.used = time.monotonic()
        if status != 200 or not answer["accepted"]:
            raise RuntimeError(f"{self.session.id}: {seat} {move} -> {status} {answer}")
        return int(answer["version"])

    async def next_move(self) -> None:
        member = MEMBERS[(self.step // 4) % len(MEMBERS)]
        kind = self.step % 4
        self.step += 1
        audience: frozenset[str] | None = None
        move: dict[str, Any]
        if kind == 0:
            seat, move = member, {"move": "ask_floor"}
        elif kind == 1:
            seat, move = "chair", {"move": "give_floor"}
        elif kind == 2:
            seat, move = member, {"move": "statement", "text": f"statement {self.step}"}
        else:
            to = MEMBERS[(MEMBERS.index(member) + 1) % len(MEMBERS)]
            seat, move = member, {"move": "message", "to": [to], "text": "between us"}
            audience = frozenset({member, to})
        began = time.perf_counter()
        version = await self.act(seat, move)
        self.session.sent[version] = (began, time.perf_counter(), audience)

    async def run(self, rate: float, until: float) -> None:
        """Moves at ``rate`` a second on average: each due a jittered gap after the last was
        due (not after it was answered), so a slow answer does not slow the rate."""
        due = time.perf_counter()
        while True:
            due += self.rng.uniform(0.5, 1.5) / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if time.perf_counter() >= until:
                return
            await self.next_move()

    def close(self) -> None:
        if self.conn is not None:
            self.conn[1].close()


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("inf")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


async def _run(spec: dict[str, Any]) -> dict[str, Any]:
    port, rng = spec["port"], random.Random(spec.get("seed", 1))
    sessions = [Session(s["id"], s["tokens"]) for s in spec["sessions"]]
    movers = [Mover(port, s, random.Random(rng.random())) for s in sessions]
    for mover in movers:  # the session begins (not measured)
        await mover.act("facilitator", {"move": "start"})
        await mover.act("chair", {"move": "open_item", "item": "request"})
    opened = asyncio.Event()
    ready = [0, sum(len(s.tokens) for s in sessions)]
    streams = [
        asyncio.create_task(_stream(port, s, seat, opened, ready))
        for s in sessions
        for seat in s.tokens
    ]
    await asyncio.wait_for(opened.wait(), timeout=120)
    warm_until = time.perf_counter() + spec.get("warmup", 3.0)
    await asyncio.gather(*(m.run(spec.get("rate", 1.0), warm_until) for m in movers))
    for s in sessions:
        s.measured_from = max(s.sent, default=0)
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    began = time.perf_counter()
    until = began + spec.get("seconds", 20.0)
    await asyncio.gather(*(m.run(spec.get("rate", 1.0), until) for m in movers))
    ended = time.perf_counter()
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    await asyncio.sleep(spec.get("drain", 3.0))
    for task in streams:
        task.cancel()
    await asyncio.gather(*streams, return_exceptions=True)
    for mover in movers:
        mover.close()

    latencies: list[float] = []
    deliveries: list[float] = []
    answers: list[float] = []
    fanout: list[float] = []
    expected = lost = duplicated = unexpected = moves = 0
    for s in sessions:
        for version, (sent_at, answered_at, audience) in s.sent.items():
            if version <= s.measured_from:
                continue
            moves += 1
            answers.append(answered_at - sent_at)
            entitled = [seat for seat in s.tokens if audience is None or seat in audience]
            got = s.seen.get(version, {})
            expected += len(entitled)
            arrivals = []
            for seat in entitled:
                times = got.get(seat, [])
                if not times:
                    lost += 1
                    continue
                duplicated += len(times) - 1
                arrivals.append(times[0] - sent_at)
            unexpected += sum(1 for seat in got if seat not in entitled)
            deliveries += arrivals
            if len(arrivals) == len(entitled):
                latencies.append(max(arrivals))
                fanout.append(max(0.0, max(arrivals) - (answered_at - sent_at)))
        duplicated += sum(
            len(t) - 1
            for v, by_seat in s.seen.items()
            if v not in s.sent and v > s.measured_from
            for t in by_seat.values()
        )
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    return {
        "sessions": len(sessions),
        "streams": ready[1],
        "moves": moves,
        "moves_per_second": moves / (ended - began),
        "p50_ms": _pct(latencies, 50),
        "p99_ms": _pct(latencies, 99),
        "max_ms": _pct(latencies, 100),
        "delivery_p99_ms": _pct(deliveries, 99),
        "answer_p99_ms": _pct(answers, 99),
        "fanout_p99_ms": _pct(fanout, 99),
        "expected": expected,
        "lost": lost,
        "duplicated": duplicated,
        "unexpected": unexpected,
        "cpu_seconds": cpu,
        "cpu_share": cpu / (ended - began),
        "seconds": ended - began,
    }


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    print(json.dumps(asyncio.run(_run(spec))))


if __name__ == "__main__":
    main()
