"""What keeps the web view safe to expose: security headers, unsubscribe tokens, form tokens (CSRF).

Subscriber tokens are the only credentials: they are looked up, then compared in constant time, and
a form token is an HMAC of the subscriber's token, so a page on another site cannot forge a form
post without knowing the subscriber's link. RFC 8058 one-click unsubscribe is a bare POST with
`List-Unsubscribe=One-Click` (mail providers send nothing else), so it needs the link alone.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ONE_CLICK = ("List-Unsubscribe", "One-Click")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def plausible_token(token: str) -> bool:
    """Tokens are token_urlsafe(24): anything else is refused before the archive is asked."""
    return bool(_TOKEN.match(token or ""))


def subscriber_for(store, token: str):
    """The subscriber whose token this is, compared in constant time, or None."""
    if not plausible_token(token):
        return None
    sub = store.by_token(token)
    if sub is None or not hmac.compare_digest(sub.token.encode(), token.encode()):
        return None
    return sub


def form_token(subscriber_token: str, purpose: str) -> str:
    return hmac.new(subscriber_token.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def form_token_ok(subscriber_token: str, purpose: str, given: str | None) -> bool:
    return hmac.compare_digest(form_token(subscriber_token, purpose).encode(), (given or "").encode())


def is_one_click(form) -> bool:
    return form.get(ONE_CLICK[0]) == ONE_CLICK[1]
