"""Canonical article URLs: one story, one key, whatever channel, host or tracking tail it came with."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that never change the page: analytics and share tracking.
_TRACKING = re.compile(r"^(utm_\w+|spm|from|isappinstalled|share\w*|wfr|winzoom|fbclid|gclid|_|ivk_sa|source)$", re.I)

# Mobile and alternate hosts that serve the desktop article under the same path.
_HOST_ALIASES = {
    "m.people.cn": "www.people.com.cn",
    "wap.people.com.cn": "www.people.com.cn",
    "people.cn": "www.people.com.cn",
    "www.people.cn": "www.people.com.cn",
}

_CONTENT_ID = re.compile(r"/c\d+-(\d+)(?:-\d+)?\.html?$")


def canonical_url(url: str) -> str:
    """Normalise scheme and host case, drop fragments, tracking parameters and default ports.

    People's Daily serves the same page over http and https; http is kept as the canonical scheme
    because that is what the site itself links to.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    if scheme in ("http", "https"):
        if port in (80, 443):
            port = None
        host = _HOST_ALIASES.get(host, host)
        if host.endswith("people.com.cn") or host.endswith("people.cn"):
            scheme = "http"
    netloc = f"{host}:{port}" if port else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    return urlunsplit((scheme, netloc, path, query, ""))


def content_id(url: str) -> str | None:
    """The CMS id in an article URL: '40221837' from '/n1/2024/0423/c1004-40221837.html'."""
    m = _CONTENT_ID.search(urlsplit(url).path)
    return m.group(1) if m else None
