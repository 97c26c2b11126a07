"""A local stand-in for People's Daily's site search (search.people.cn), for tests and benchmarks.

    api = SearchApi()
    api.add(url, title="京津冀协同发展…", published=datetime(...))   # a record the search knows
    server.set_route(SEARCH_PATH, api)                                 # on a SiteServer
    api.fail_with(respond(500, "oops"), times=1)                       # the next answer is a failure

It speaks the documented shape: POST JSON `{"key", "page", "limit" (<= 100), "startTime",
"endTime" (epoch ms integers, 0 = unbounded), …}`, answers `{"code": "0", "data": {"records":
[...], "total": N}}` newest first, with `<em>` highlights in `title` and `content`. Like a real
search engine it pages only so deep (`max_reachable` results per query); the rest of a large
total is unreachable unless the time window is narrowed. `requests` logs every body it was sent.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

SEARCH_PATH = "/search-platform/front/search"


@dataclass(frozen=True)
class Record:
    url: str
    title: str
    published: datetime
    content: str = ""
    channel: str = "财经频道#滚动"
    id: str = "0"

    @property
    def ms(self) -> int:
        return int(self.published.timestamp() * 1000)


def _highlight(text: str, key: str) -> str:
    return text.replace(key, f"<em>{key}</em>") if key else text


class SearchApi:
    """A route handler (`SiteServer.set_route(SEARCH_PATH, api)`) answering like the site search."""

    def __init__(self, *, max_reachable: int = 1000):
        self.records: list[Record] = []
        self.max_reachable = max_reachable
        self.requests: list[dict] = []
        self._failures: list = []
        self._lock = threading.Lock()

    def add(self, url: str, *, title: str, published: datetime, content: str = "", channel: str = "财经频道#滚动") -> Record:
        if published.tzinfo is None:
            published = published.replace(tzinfo=timezone.utc)
        record = Record(url, title, published, content or title, channel, str(len(self.records) + 1))
        self.records.append(record)
        return record

    def fail_with(self, route, *, times: int = 1) -> None:
        """The next `times` requests are answered by `route` (e.g. respond(500)) instead of results."""
        with self._lock:
            self._failures.extend([route] * times)

    def __call__(self, handler) -> None:
        if handler.command != "POST":
            handler.reply(405, "POST only")
            return
        try:
            body = json.loads(handler.read_body() or b"{}")
        except ValueError:
            handler.reply(400, json.dumps({"code": "400", "message": "bad JSON"}), {"Content-Type": "application/json"})
            return
        with self._lock:
            self.requests.append(body)
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            failure(handler)
            return
        handler.reply(200, json.dumps(self.answer(body), ensure_ascii=False),
                      {"Content-Type": "application/json;charset=UTF-8"})

    def answer(self, body: dict) -> dict:
        for name in ("page", "limit", "startTime", "endTime"):
            if not isinstance(body.get(name), int) or isinstance(body.get(name), bool):
                return {"code": "500", "message": f"{name} must be an integer", "data": None}
        key, page, limit = str(body.get("key") or ""), body["page"], min(body["limit"], 100)
        start, end = body["startTime"], body["endTime"]
        hits = [r for r in self.records
                if (not key or key in r.title or key in r.content)
                and (not start or r.ms >= start) and (not end or r.ms < end)]
        hits.sort(key=lambda r: r.ms, reverse=True)
        reachable = hits[:self.max_reachable]
        chunk = reachable[(page - 1) * limit: page * limit] if page >= 1 else []
        records = [{"id": r.id, "title": _highlight(r.title, key), "url": r.url, "displayTime": r.ms,
                    "inputTime": r.ms, "author": "", "originName": "人民网", "belongsName": r.channel,
                    "content": _highlight(r.content[:120], key), "domain": r.url.split("/")[2]}
                   for r in chunk]
        return {"code": "0", "data": {"records": records, "total": len(hits)}, "message": "success"}
