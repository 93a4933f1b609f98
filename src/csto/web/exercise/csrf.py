"""Cross-site request forgery: no state changes from another site.

Every state-changing request (a POST) passes two checks:

1. **Origin.** A browser names the page a request comes from: ``Origin`` must be this site
   (its host and port), and ``Sec-Fetch-Site``, when sent, ``same-origin`` (or ``none``: the
   user typed it). The site sends ``Referrer-Policy: no-referrer``, under which a browser
   sends ``Origin: null`` with its own forms: then ``Sec-Fetch-Site: same-origin`` is
   required. A request from another site is refused (OWASP ASVS 5.0 V3.5.1-V3.5.3).
2. **The form token** (double submit): the browser holds a random token in an ``HttpOnly``,
   ``SameSite=Strict`` cookie (``__Host-csto-csrf``) and every form the site renders carries
   the same token in a hidden field (``csrf``; or the ``X-CSRF-Token`` header). Checked
   whenever the request is a form or is signed in by cookie.

A request signed in by an ``Authorization: Bearer`` header is exempt from the token (a
browser never adds that header by itself); JSON bodies cannot be sent cross-site without a
CORS preflight, which this site never grants.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from csto.errors import Problem
from csto.web.exercise.errors import CrossSiteError
from csto.web.exercise.sessions import secure_request

__all__ = ["FIELD", "HEADER", "check_origin", "check_token", "form_token", "keep_token"]

FIELD = "csrf"
HEADER = "x-csrf-token"
_NAME = "csto-csrf"


def _cookie(request: Request) -> str | None:
    return request.cookies.get("__Host-" + _NAME) or request.cookies.get(_NAME)


def form_token(request: Request) -> str:
    """The token to put in this page's forms (the browser's, or a new one to set)."""
    found = _cookie(request)
    if found and 20 <= len(found) <= 100:
        return found
    cached: str | None = getattr(request.state, "csrf_new", None)
    if cached is None:
        cached = secrets.token_urlsafe(32)
        request.state.csrf_new = cached
    return cached


def keep_token(request: Request, response: Response) -> None:
    """Set the token's cookie on ``response`` if this request made a new one."""
    new: str | None = getattr(request.state, "csrf_new", None)
    if new is None:
        return
    secure = secure_request(request)
    response.set_cookie(
        ("__Host-" if secure else "") + _NAME,
        new,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )


def _refuse(why: str) -> CrossSiteError:
    return CrossSiteError(
        "this request did not come from this site's own pages, so nothing was changed",
        (Problem(why, field="request", fix="reload the page and send the form again"),),
    )


def check_origin(request: Request) -> None:
    """Refuse a request another site's page sent (see the module docstring)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise _refuse(f"Sec-Fetch-Site is {site!r}")
    origin = request.headers.get("origin")
    if origin == "null":
        # the site's Referrer-Policy (no-referrer) makes a browser send "null" for its own
        # forms: then the browser's Sec-Fetch-Site must say so
        if site != "same-origin":
            raise _refuse("Origin is 'null' and Sec-Fetch-Site does not say same-origin")
    elif origin is not None:
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            raise _refuse("the Origin header names another site")


def check_token(request: Request, sent: str | None) -> None:
    """Refuse a request whose form token is not the browser's."""
    kept = _cookie(request)
    sent = sent or request.headers.get(HEADER)
    if not kept or not sent or not hmac.compare_digest(kept.encode(), sent.encode()):
        raise _refuse("the form token is missing or is not this browser's")
