"""Seat credentials: random tokens of at least 128 bits, kept only as SHA-256 hashes.

The core makes a token from entropy it is given (:func:`new_token`: the edge passes
``secrets.token_bytes(32)``, 256 bits) and compares hashes; it never reads randomness or the
clock. A token is shown once, when it is issued; the exercise's log holds its hash only, so a
copy of the log cannot act for anyone. Revoking a seat drops its hash: the next call with the
old token is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from csto.errors import InputError, Problem

__all__ = ["MIN_ENTROPY_BYTES", "PREFIX", "check_token", "new_token", "token_hash", "tokens_match"]

#: at least 128 bits (OWASP ASVS V7.2.3); the edges give 256
MIN_ENTROPY_BYTES = 16
PREFIX = "cstox_"
_SHAPE = re.compile(r"^cstox_[A-Za-z0-9_-]{22,128}$")


def new_token(entropy: bytes) -> str:
    """A credential from ``entropy`` (at least :data:`MIN_ENTROPY_BYTES` random bytes)."""
    if len(entropy) < MIN_ENTROPY_BYTES:
        raise ValueError(f"a credential needs at least {MIN_ENTROPY_BYTES} random bytes")
    return PREFIX + base64.urlsafe_b64encode(entropy).decode("ascii").rstrip("=")


def token_hash(token: str) -> str:
    """What the log keeps of a credential: ``sha256:`` and the hex digest."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def tokens_match(stored_hash: str, token: str) -> bool:
    """Whether ``token`` is the credential ``stored_hash`` was made from (constant time)."""
    return hmac.compare_digest(stored_hash, token_hash(token))


def check_token(token: object) -> str:
    """``token`` if it has a credential's shape; an InputError that never echoes it otherwise."""
    if not isinstance(token, str) or not _SHAPE.match(token.strip()):
        raise InputError(
            "that is not an exercise credential",
            (
                Problem(
                    "a credential is 'cstox_' and at least 22 letters, digits, '-' or '_'",
                    field="credential",
                    fix="use the file 'csto exercise new' or 'csto exercise seats --issue' wrote",
                ),
            ),
        )
    return token.strip()
