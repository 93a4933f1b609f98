"""Invitations: the short-lived, single-use codes a facilitator hands each participant.

A code is 12 characters of Crockford's base32 (60 random bits), shown as
``XXXX-XXXX-XXXX`` and typed in by hand (``O`` reads as ``0``, ``I`` and ``L`` as ``1``,
case and dashes do not matter). The participant sends it with a POST; the server checks it
and has the engine grant the seat a new credential, which becomes the browser's session
cookie (:mod:`csto.web.exercise.sessions`). A code is never put in a URL and never grants
anything by itself being seen.

A code works **once**, for **30 minutes** (the facilitator may choose 1 to 240), and only
while it is its seat's newest: issuing another for the seat, or revoking the seat, voids it.
The store keeps only its SHA-256, in one stream (``exercise-invitations``) shared by every
exercise of the store, so a code alone says which exercise it opens and every worker sees
the same codes. Redeeming appends with the stream's version as the expected version: of
two requests racing with one code, one wins. Wrong codes are rate-limited per address
(:mod:`csto.web.exercise.ratelimit`); a wrong, used, expired or voided code all get the same
answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from csto.errors import ConcurrencyError, Problem
from csto.store import ANY, EventStore, NewEvent
from csto.web.exercise.errors import NotSignedInError

__all__ = [
    "LIFETIME_MINUTES",
    "STREAM",
    "InvalidCodeError",
    "Invitation",
    "issue",
    "normalise",
    "open_invitations",
    "redeem",
    "void",
]

STREAM = "exercise-invitations"
ISSUED = "InvitationIssued"
REDEEMED = "InvitationRedeemed"
VOIDED = "InvitationsVoided"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
LENGTH = 12
LIFETIME_MINUTES = 30
_READS = {"O": "0", "I": "1", "L": "1"}


class InvalidCodeError(NotSignedInError):
    """An invitation code that opens nothing: unknown, used, expired or voided (401: the
    code is what signs a participant in)."""


@dataclass(frozen=True)
class Invitation:
    """An issued code (shown once), the seat it opens, and when it stops working."""

    code: str
    exercise: str
    seat: str
    expires: dt.datetime


def _hash(code: str) -> str:
    return "sha256:" + hashlib.sha256(code.encode("ascii")).hexdigest()


def _at(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).isoformat(timespec="seconds")


def normalise(text: object) -> str | None:
    """The code as issued (12 base32 characters), or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    bare = "".join(ch for ch in text.upper() if ch not in " -\t")
    bare = "".join(_READS.get(ch, ch) for ch in bare)
    if len(bare) != LENGTH or any(ch not in ALPHABET for ch in bare):
        return None
    return bare


def _show(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4))


def issue(
    store: EventStore,
    exercise: str,
    seat: str,
    *,
    by: str,
    now: dt.datetime,
    minutes: int = LIFETIME_MINUTES,
    choose: Callable[[str], str] = secrets.choice,
) -> Invitation:
    """A new code for ``seat`` (its older codes stop working)."""
    code = "".join(choose(ALPHABET) for _ in range(LENGTH))
    expires = now + dt.timedelta(minutes=minutes)
    data = {
        "exercise": exercise,
        "seat": seat,
        "hash": _hash(code),
        "expires": _at(expires),
        "at": _at(now),
        "by": by,
    }
    store.append(STREAM, [NewEvent(ISSUED, data)], expected_version=ANY)
    return Invitation(_show(code), exercise, seat, expires)


def void(store: EventStore, exercise: str, seat: str, *, by: str, now: dt.datetime) -> None:
    """Void every open code of ``seat`` (the seat was revoked)."""
    data = {"exercise": exercise, "seat": seat, "at": _at(now), "by": by}
    store.append(STREAM, [NewEvent(VOIDED, data)], expected_version=ANY)


def _open(store: EventStore) -> tuple[int, dict[tuple[str, str], dict[str, str]]]:
    """The stream's version and each seat's open code (its issue event's data)."""
    version = 0
    current: dict[tuple[str, str], dict[str, str]] = {}
    for entry in store.read_stream(STREAM):
        version = entry.version
        data = entry.data
        key = (str(data.get("exercise")), str(data.get("seat")))
        if entry.type == ISSUED:
            current[key] = dict(data)
        elif entry.type == VOIDED:
            current.pop(key, None)
        elif entry.type == REDEEMED and current.get(key, {}).get("hash") == data.get("hash"):
            del current[key]
    return version, current


def open_invitations(store: EventStore, exercise: str, now: dt.datetime) -> dict[str, str]:
    """Each seat of ``exercise`` with a code that still works, and when it expires."""
    _, current = _open(store)
    return {
        seat: data["expires"]
        for (ex, seat), data in current.items()
        if ex == exercise and dt.datetime.fromisoformat(data["expires"]) > now
    }


def _invalid() -> InvalidCodeError:
    return InvalidCodeError(
        "that code opens nothing: it is mistyped, used, expired or replaced",
        (
            Problem(
                "not a code that works now",
                field="code",
                expected="the 12 characters your facilitator gave you (XXXX-XXXX-XXXX)",
                fix="check it, or ask for a new one",
            ),
        ),
    )


def redeem(store: EventStore, text: object, *, now: dt.datetime) -> tuple[str, str]:
    """Use a code: the exercise and seat it opens (InvalidCodeError if none). Once only."""
    code = normalise(text)
    if code is None:
        raise _invalid()
    wanted = _hash(code)
    for _ in range(20):
        version, current = _open(store)
        found = next(
            (key for key, data in current.items() if data["hash"] == wanted),
            None,
        )
        if found is None or dt.datetime.fromisoformat(current[found]["expires"]) <= now:
            raise _invalid()
        data = {"exercise": found[0], "seat": found[1], "hash": wanted, "at": _at(now)}
        try:
            store.append(STREAM, [NewEvent(REDEEMED, data)], expected_version=version)
        except ConcurrencyError:
            continue  # the stream moved: look again (the code may be gone)
        return found
    raise _invalid()
