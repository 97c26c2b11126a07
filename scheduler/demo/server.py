"""A small threaded HTTP server for a local copy of the site: the demo snapshot and test fixtures.

`SiteServer(root)` serves the files under `root` on 127.0.0.1 (port 0 picks a free port) the way
the real site answers a crawler: `.html` as plain `text/html` with no charset (the meta tag
decides); a strong ETag (hash of the bytes) and Last-Modified (the mtime), with 304 answers to
If-None-Match / If-Modified-Since; 404 for a missing robots.txt, like the real article hosts.
Files are read on every request: replacing one on disk changes what the next request gets.

For tests: `set_headers(path, {...})` overrides headers of one file (None drops a header, e.g. to
force a charset that contradicts the meta tag); `set_route(path, handler)` lets
`handler(request_handler)` write any response (`respond`, `redirect`, `slow` build the usual
ones; POST bodies are read with `read_body()`); `hits` logs every request as (method, path, status), thread-safe.
Standard library only: `serieswatch demo` runs it and the tests import it.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator, NamedTuple
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

Route = Callable[["SiteRequestHandler"], None]


class Hit(NamedTuple):
    """One request the server answered."""
    method: str
    path: str      # as requested, query string included
    status: int


class Hits:
    """Thread-safe log of `Hit`s; iterate, `len()`, or ask `count()` / `paths()`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hits: list[Hit] = []

    def append(self, hit: Hit) -> None:
        with self._lock:
            self._hits.append(hit)

    def snapshot(self) -> list[Hit]:
        with self._lock:
            return list(self._hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        return len(self._hits)

    def clear(self) -> None:
        self._hits.clear()

    def count(self, path: str | None = None, *, method: str | None = None,
              status: int | None = None) -> int:
        """How many hits match every criterion given (`path` ignores the query string)."""
        return sum(1 for h in self.snapshot()
                   if (path is None or urlsplit(h.path).path == path)
                   and (method is None or h.method == method)
                   and (status is None or h.status == status))

    def paths(self, *, status: int | None = None, method: str = "GET") -> list[str]:
        """Requested paths in order, e.g. `paths(status=200)` = what was actually downloaded."""
        return [h.path for h in self.snapshot()
                if h.method == method and (status is None or h.status == status)]


class SiteRequestHandler(BaseHTTPRequestHandler):
    """Serves one request from the owning `SiteServer`; also the object route handlers receive."""

    server_version = "SiteServer/1.0"
    site: "SiteServer"  # set on the per-server subclass

    def send_response(self, code: int, message: str | None = None) -> None:
        self.status = code
        super().send_response(code, message)

    def reply(self, status: int, body: bytes | str = b"", headers: dict | None = None) -> None:
        """Write a complete response (for route handlers)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        # Said outright: without it Twisted may reuse the connection this HTTP/1.0 server closes, which
        # it retries by itself for GET but not for POST (the search API's requests).
        headers = {"Content-Type": "text/plain; charset=utf-8", **(headers or {}),
                   "Content-Length": len(data), "Connection": "close"}
        for name, value in headers.items():
            if value is not None:
                self.send_header(name, str(value))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def serve_file(self) -> None:
        """Answer from the directory, as if no route were set (route handlers may call it)."""
        file = self.site.resolve(self.url_path)
        if file is None:
            self.reply(404, b"not found")
            return
        data = file.read_bytes()
        mtime = int(file.stat().st_mtime)
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        headers = {"Content-Type": self.site.content_type(file), "ETag": etag,
                   "Last-Modified": formatdate(mtime, usegmt=True)}
        headers.update(self.site.headers_for(self.url_path))
        if self._not_modified(etag, mtime):
            self.send_response(304)
            self.send_header("Connection", "close")
            for name in ("ETag", "Last-Modified"):
                if headers.get(name) is not None:
                    self.send_header(name, headers[name])
            self.end_headers()
            return
        self.reply(200, data, headers)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # takes precedence over If-Modified-Since (RFC 9110 13.2.2)
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or etag in tags
        try:
            return mtime <= parsedate_to_datetime(self.headers["If-Modified-Since"]).timestamp()
        except (TypeError, ValueError):  # absent or unparsable
            return False

    def do_GET(self) -> None:
        self.status = 0
        self.url_path = unquote(urlsplit(self.path).path)  # decoded, without the query string
        try:
            route = self.site.route_for(self.url_path)
            (route or SiteRequestHandler.serve_file)(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up (timeouts in tests): nothing to answer
        finally:
            self.site.hits.append(Hit(self.command, self.path, self.status))

    do_HEAD = do_GET
    do_POST = do_GET   # a route reads the body with read_body(); a file answers POST like GET

    def read_body(self) -> bytes:
        """The request body (POST), by Content-Length."""
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def log_message(self, format: str, *args) -> None:
        logger.debug("%s " + format, self.address_string(), *args)


class SiteServer:
    """Serves the directory `root` over HTTP on `host`; a context manager."""

    def __init__(self, root: str | Path, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root).resolve()
        self.host, self.port = host, port
        self.hits = Hits()
        self._routes: dict[str, Route] = {}
        self._headers: dict[str, dict] = {}  # plain dicts: single operations are atomic
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL without trailing slash, e.g. "http://127.0.0.1:54321"."""
        if self._httpd is None:
            raise RuntimeError("SiteServer is not started")
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def start(self) -> "SiteServer":
        """Serve in a daemon thread; returns self."""
        if self._httpd is not None:
            return self
        handler = type("BoundSiteRequestHandler", (SiteRequestHandler,), {"site": self})
        self._httpd = ThreadingHTTPServer((self.host, self.port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        logger.info("serving %s at %s", self.root, self.url)
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
        self._httpd = self._thread = None

    __enter__ = start

    def __exit__(self, *exc) -> None:
        self.stop()

    def url_for(self, path: str) -> str:
        return self.url + "/" + path.lstrip("/")

    def set_route(self, path: str, handler: Route | None) -> None:
        """Let `handler(request_handler)` answer requests for `path` (None removes the route)."""
        if handler is None:
            self._routes.pop(path, None)
        else:
            self._routes[path] = handler

    def set_headers(self, path: str, headers: dict | None) -> None:
        """Override/add response headers for the file at `path` (None clears the override)."""
        if headers is None:
            self._headers.pop(path, None)
        else:
            self._headers[path] = dict(headers)

    def route_for(self, path: str) -> Route | None:
        return self._routes.get(path)

    def headers_for(self, path: str) -> dict:
        return dict(self._headers.get(path, {}))

    def resolve(self, url_path: str) -> Path | None:
        """The file a URL path names inside root (directories → index.html), or None."""
        candidate = (self.root / url_path.lstrip("/")).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            return None  # ../ escapes
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    @staticmethod
    def content_type(file: Path) -> str:
        if file.suffix in (".html", ".htm"):
            return "text/html"  # no charset: the meta tag decides, as on the real site
        return mimetypes.guess_type(file.name)[0] or "application/octet-stream"


def respond(status: int, body: bytes | str = b"", headers: dict | None = None) -> Route:
    """A route answering with a fixed response, e.g. `respond(429, headers={"Retry-After": "2"})`."""
    return lambda handler: handler.reply(status, body, headers)


def redirect(location: str, status: int = 302) -> Route:
    """A route redirecting to `location` (relative or absolute, any scheme)."""
    return respond(status, b"", {"Location": location})


def slow(seconds: float, then: Route | None = None) -> Route:
    """A route that waits `seconds`, then answers with `then` (default: the file itself)."""
    def handler(request_handler: SiteRequestHandler) -> None:
        time.sleep(seconds)
        (then or SiteRequestHandler.serve_file)(request_handler)
    return handler

