"""The errors of the exercise's web layer, each with its HTTP status: not signed in (401),
not allowed (403), a request from another site (403), too many requests (429).

They are :class:`~csto.errors.RefusedError` s with codes of their own; :func:`install`
(in :mod:`csto.web.exercise`) renders them as problem documents under ``/api/`` and as
pages elsewhere, with their status.
"""

from __future__ import annotations

from csto.errors import Problem, RefusedError

__all__ = ["AccessError", "CrossSiteError", "ForbiddenError", "NotSignedInError", "TooManyError"]


class AccessError(RefusedError):
    """A request the exercise's access rules refuse (the base: never raised itself)."""

    code = "E250"
    status = 403

    def __init__(
        self,
        message: str,
        problems: tuple[Problem, ...] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message, problems)
        self.headers = dict(headers or {})


class NotSignedInError(AccessError):
    """No session for this exercise, or one that has ended (revoked, replaced)."""

    code = "E251"
    status = 401


class ForbiddenError(AccessError):
    """Signed in, but this seat's role may not do this."""

    code = "E252"
    status = 403


class CrossSiteError(AccessError):
    """A state-changing request without this site's origin or its form token (CSRF)."""

    code = "E253"
    status = 403


class TooManyError(AccessError):
    """Over a rate limit: moves per seat, failed invitation codes per address."""

    code = "E254"
    status = 429

    def __init__(
        self, message: str, retry_after: float, problems: tuple[Problem, ...] = ()
    ) -> None:
        super().__init__(message, problems, {"Retry-After": str(max(1, round(retry_after + 0.5)))})
        self.retry_after = retry_after
