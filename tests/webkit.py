"""Test kit for the web view: the app served by a real uvicorn on 127.0.0.1, in a thread.

Import in a test module: `from webkit import live_web  # noqa: F401` and ask for `live_web(config, db)`.
"""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from web.app import create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving the web view of one archive; `.url` is its address, `.client` an httpx client."""

    def __init__(self, config, db):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cfg = uvicorn.Config(create_app(config, db), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(cfg)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web view did not start")
            time.sleep(0.02)
        self.client = httpx.Client(base_url=self.url, timeout=20, follow_redirects=False)
        return self

    def stop(self) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join(timeout=20)


@pytest.fixture
def live_web():
    started = []

    def start(config, db) -> LiveServer:
        server = LiveServer(config, db).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
