"""Reading the site search API (pure functions) and configuring a people_search source."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from crawler.search_api import (epoch_ms, grid_months, more_pages, needs_split, parse_answer, search_body,
                                split_window)
from serieswatch.config import SEARCH_URL, parse_config
from serieswatch.errors import ConfigError, SearchAnswerError

BJ = timezone(timedelta(hours=8))


def answer(records, total=None, code="0"):
    return json.dumps({"code": code, "data": {"records": records, "total": len(records) if total is None else total}},
                      ensure_ascii=False).encode()


RECORD = {"id": "1", "title": "<em>京津冀协同发展</em>十年新篇章", "url": "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html",
          "displayTime": 1713836280000, "inputTime": 1713836000000, "author": "许维娜", "originName": "人民网",
          "belongsName": "财经频道#滚动", "content": "…<em>京津冀</em>…", "domain": "finance.people.com.cn"}


def test_the_request_body_is_the_documented_one_with_integer_epoch_milliseconds():
    body = search_body("京津冀协同发展", 2, start=datetime(2024, 4, 1, tzinfo=BJ), end=None, limit=100)
    assert body == {"key": "京津冀协同发展", "page": 2, "limit": 100, "hasTitle": True, "hasContent": True,
                    "isFuzzy": True, "type": 0, "sortType": 2, "startTime": 1711900800000, "endTime": 0}
    assert epoch_ms(datetime(2024, 3, 31, 16, 0)) == 1711900800000      # naive times are UTC


def test_an_answer_gives_urls_titles_without_highlights_and_times():
    page = parse_answer(answer([RECORD], total=321))
    (hit,) = page.hits
    assert page.total == 321
    assert hit.url == RECORD["url"] and hit.title == "京津冀协同发展十年新篇章"
    assert hit.published_at == datetime(2024, 4, 23, 9, 38, tzinfo=BJ)
    assert hit.channel == "财经频道#滚动"


@pytest.mark.parametrize("body, kind, words", [
    (b"<html><body>502 Bad Gateway</body></html>", "not_json", "not a JSON answer"),
    (b'{"code": "500", "message": "startTime must be an integer"}', "code", "must be an integer"),
    (b'{"code": "0", "data": {"list": []}}', "shape", "data.records"),
    (b'{"code": "0", "data": {"records": []}}', "shape", "data.total"),
    (b'{"status": "ok"}', "shape", "code"),
    (json.dumps({"code": "0", "data": {"records": [{"title": "x"}], "total": 1}}).encode(), "shape", "record 0"),
])
def test_answers_that_are_not_a_page_of_results_say_what_is_wrong(body, kind, words):
    with pytest.raises(SearchAnswerError) as err:
        parse_answer(body)
    assert err.value.kind == kind and words in err.value.reason


def test_paging_stops_at_the_total_or_an_empty_page():
    two = parse_answer(answer([RECORD, RECORD], total=5))
    assert more_pages(2, two) and more_pages(4, two) and not more_pages(5, two)
    assert not more_pages(2, parse_answer(answer([], total=5)))


def test_windows_split_until_every_result_is_reachable_and_months_are_a_fixed_grid():
    start, end = datetime(2024, 4, 1), datetime(2024, 5, 1)
    assert needs_split(start, end, 1001) and not needs_split(start, end, 1000)
    assert not needs_split(start, start + timedelta(minutes=30), 5000)          # too small to split further
    assert split_window(start, end) == [(start, datetime(2024, 4, 16)), (datetime(2024, 4, 16), end)]
    months = grid_months(datetime(2023, 12, 20, tzinfo=BJ), datetime(2024, 2, 10, tzinfo=BJ))
    assert [(a.strftime("%m-%d %H"), b.strftime("%m-%d %H")) for a, b in months] == [
        ("12-19 16", "01-01 00"), ("01-01 00", "02-01 00"), ("02-01 00", "02-09 16")]


def source(**keys):
    return {"name": "search", "kind": "people_search", "keywords": ["京津冀协同发展"], **keys}


def test_a_people_search_source_needs_keywords_and_no_start_urls():
    (s,) = parse_config({"sources": [source()]}, env={}).sources
    assert s.is_search and s.search_url == SEARCH_URL and s.lookback_days == 7 and s.start_urls == ()
    assert s.page_size == 100 and s.max_results_per_window == 1000
    (listing,) = parse_config({"sources": [{"name": "l", "start_urls": ["http://x.people.com.cn/"]}]}, env={}).sources
    assert listing.kind == "listing" and not listing.is_search


@pytest.mark.parametrize("doc, key, words", [
    ({"sources": [source(keywords=[])]}, "sources[0].keywords", "at least one"),
    ({"sources": [source(kind="rss")]}, "sources[0].kind", "listing or people_search"),
    ({"sources": [source(lookback_days=0)]}, "sources[0].lookback_days", ">= 1"),
    ({"sources": [source(search_url="search.people.cn")]}, "sources[0].search_url", "http(s) URL"),
    ({"sources": [source(page_size=500)]}, "sources[0].page_size", "1-100"),
    ({"sources": [{"name": "l", "start_urls": ["http://x.people.com.cn/"], "keywords": ["x"]}]},
     "sources[0].keywords", "only a source with kind: people_search"),
])
def test_search_keys_are_validated_naming_the_key(doc, key, words):
    with pytest.raises(ConfigError) as err:
        parse_config(doc, env={})
    assert err.value.key == key and words in str(err.value)
