"""The People's Daily site search (search.people.cn) as pure functions: request bodies in, hits out.

`search_body()` builds the JSON body of one page of one query over one time window;
`parse_answer()` turns the answer's bytes into a `SearchPage` or raises SearchAnswerError saying
what was wrong (not JSON, an error `code`, fields missing: the answer changed shape);
`split_window()` halves a window whose results are too many to page through. No Scrapy, database
or network here, so tests and the spider share one reading of the API.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from serieswatch.errors import SearchAnswerError

PAGE_SIZE = 100                   # the API's maximum `limit`
MAX_RESULTS_PER_WINDOW = 1000     # a window with more results is split: deep pages are not trusted to exist
MIN_WINDOW = timedelta(hours=1)   # ... down to this; a window this small is paged through whatever its size

_TAG = re.compile(r"<[^>]{0,200}>")


@dataclass(frozen=True)
class SearchHit:
    url: str
    title: str                    # highlight tags removed
    published_at: datetime | None  # displayTime (UTC)
    channel: str | None = None


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    total: int


def epoch_ms(dt: datetime | None) -> int:
    """Epoch milliseconds (an integer, as the API insists), 0 for no bound; naive datetimes are UTC."""
    if dt is None:
        return 0
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(dt.timestamp() * 1000)


def from_ms(value) -> datetime | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        return None
    return datetime.fromtimestamp(value / 1000, tz=timezone.utc)


def search_body(keyword: str, page: int, *, start: datetime | None, end: datetime | None,
                limit: int = PAGE_SIZE) -> dict:
    """One page of `keyword` over [start, end), newest first (sortType 2), title and body searched."""
    return {"key": keyword, "page": page, "limit": limit, "hasTitle": True, "hasContent": True, "isFuzzy": True,
            "type": 0, "sortType": 2, "startTime": epoch_ms(start), "endTime": epoch_ms(end)}


def strip_tags(text: str | None) -> str:
    return _TAG.sub("", text or "").strip()


def parse_answer(body: bytes) -> SearchPage:
    """The hits and total of one answer; SearchAnswerError (kind not_json | code | shape) otherwise."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        start = body[:80].decode("utf-8", "replace").strip()
        raise SearchAnswerError(f"not a JSON answer (starts {start!r})", kind="not_json") from None
    if not isinstance(doc, dict) or "code" not in doc:
        raise SearchAnswerError("answer changed shape: no \"code\" field", kind="shape")
    if str(doc["code"]) != "0":
        message = doc.get("message") or doc.get("msg") or ""
        raise SearchAnswerError(f"search answered code {doc['code']!r}{': ' + str(message) if message else ''}",
                                kind="code")
    data = doc.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise SearchAnswerError("answer changed shape: no data.records list", kind="shape")
    total = data.get("total")
    if isinstance(total, str) and total.isdigit():
        total = int(total)
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise SearchAnswerError(f"answer changed shape: data.total is {total!r}", kind="shape")
    hits = []
    for i, record in enumerate(data["records"]):
        url = record.get("url") if isinstance(record, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise SearchAnswerError(f"answer changed shape: record {i} has no article url", kind="shape")
        hits.append(SearchHit(url=url.strip(), title=strip_tags(record.get("title")),
                              published_at=from_ms(record.get("displayTime") or record.get("inputTime")),
                              channel=record.get("belongsName") or None))
    return SearchPage(tuple(hits), total)


def more_pages(seen: int, result: SearchPage) -> bool:
    """Whether to ask for the next page: this one had results and fewer than `total` were seen so far."""
    return bool(result.hits) and seen < result.total


def needs_split(start: datetime, end: datetime, total: int, most: int = MAX_RESULTS_PER_WINDOW) -> bool:
    return total > most and end - start > MIN_WINDOW


def split_window(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    middle = start + (end - start) / 2
    middle = middle.replace(microsecond=0)
    return [(start, middle), (middle, end)]


def grid_months(since: datetime, until: datetime) -> list[tuple[datetime, datetime]]:
    """[since, until) cut at calendar months (UTC): backfills over overlapping ranges share their windows."""
    since, until = _utc(since), _utc(until)
    out, at = [], since
    while at < until:
        nxt = datetime(at.year + (at.month == 12), at.month % 12 + 1, 1, tzinfo=timezone.utc)
        out.append((at, min(nxt, until)))
        at = nxt
    return out


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)

