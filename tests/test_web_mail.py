"""Subscribers on the web: RFC 8058 one-click unsubscribe from a digest's header, and the settings page."""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

from mail_fixtures import first_article, make_config, parse, smtp  # noqa: F401
from notifications.cycle import deliver_digests
from storage.subscribers import SubscriberStore
from webkit import live_web  # noqa: F401

BASE = "https://news.example.org/serieswatch"
ONE_CLICK = {"content": b"List-Unsubscribe=One-Click",
             "headers": {"Content-Type": "application/x-www-form-urlencoded"}}


def subscribe(database, email, **kw):
    with database.session() as s:
        return SubscriberStore(s).add(email, **kw).token


def emails(database):
    with database.session() as s:
        return [sub.email for sub in SubscriberStore(s).list()]


def _state(database):
    """What else is in the archive: nothing of it may change when someone unsubscribes."""
    from sqlalchemy import func, select

    from storage.models import Article, FigureRow
    with database.session() as s:
        return s.scalar(select(func.count(Article.id))), s.scalar(select(func.count(FigureRow.id)))


def test_a_digest_carries_the_one_click_link_and_one_post_to_it_unsubscribes(database, smtp, tmp_path, live_web):
    reader = subscribe(database, "reader@example.org")
    subscribe(database, "other@example.org")
    first_article(database)
    config = dataclasses.replace(make_config(tmp_path, smtp_port=smtp.port), web_base_url=BASE)
    assert deliver_digests(config, database, None) == ("ok", None)
    msg = next(parse(raw) for rcpts, raw in smtp.handler.messages if rcpts == ["reader@example.org"])
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = re.findall(r"<([^>]+)>", msg["List-Unsubscribe"])
    assert https == f"{BASE}/unsubscribe/{reader}" and mailto.startswith("mailto:alerts@example.org?subject=")

    web = live_web(config, database)
    before = _state(database)
    path = urlsplit(https).path.removeprefix("/serieswatch")       # the proxy strips its prefix
    assert web.client.get(path).status_code == 200                   # a link scanner's GET changes nothing
    assert emails(database) == ["reader@example.org", "other@example.org"]
    # Exactly what a mail provider sends: no cookie, no form token, no Origin.
    r = web.client.post(path, **ONE_CLICK)
    assert r.status_code == 200 and "reader@example.org" in r.text
    assert emails(database) == ["other@example.org"]
    assert _state(database) == before
    assert web.client.post(path, **ONE_CLICK).status_code == 404     # a repeat finds nobody, harmlessly


def test_without_base_url_digests_keep_the_mailto_only(database, smtp, tmp_path):
    subscribe(database, "reader@example.org")
    first_article(database)
    assert deliver_digests(make_config(tmp_path, smtp_port=smtp.port), database, None) == ("ok", None)
    msg = parse(smtp.handler.messages[0][1])
    assert msg["List-Unsubscribe"].startswith("<mailto:") and "," not in msg["List-Unsubscribe"]
    assert msg["List-Unsubscribe-Post"] is None


def test_the_confirmation_page_posts_a_form_and_other_posts_are_refused(database, tmp_path, live_web):
    token = subscribe(database, "reader@example.org")
    web = live_web(make_config(tmp_path), database)
    page = web.client.get(f"/unsubscribe/{token}").text
    assert "reader@example.org" in page and 'method="post"' in page
    forged = web.client.post(f"/unsubscribe/{token}", data={"anything": "else"})
    assert forged.status_code == 400 and emails(database) == ["reader@example.org"]
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert web.client.post(f"/unsubscribe/{token}", data={"csrf": csrf}).status_code == 200
    assert emails(database) == []


def test_wrong_or_malformed_tokens_find_nobody(database, tmp_path, live_web):
    token = subscribe(database, "reader@example.org")
    web = live_web(make_config(tmp_path), database)
    for bad in [token[:-1] + ("A" if token[-1] != "A" else "B"), "short", "x" * 300, "%27%20OR%201=1"]:
        assert web.client.get(f"/unsubscribe/{bad}").status_code == 404
        assert web.client.post(f"/unsubscribe/{bad}", **ONE_CLICK).status_code == 404
    assert emails(database) == ["reader@example.org"]


def test_a_subscriber_changes_language_and_indicators_with_the_form(database, tmp_path, live_web):
    token = subscribe(database, "reader@example.org")
    web = live_web(make_config(tmp_path), database)
    page = web.client.get(f"/subscription/{token}").text
    assert "reader@example.org" in page and 'value="gdp_jjj"' in page
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert web.client.post(f"/subscription/{token}", data={"language": "en"}).status_code == 403    # no form token
    r = web.client.post(f"/subscription/{token}",
                        data={"csrf": csrf, "language": "en", "indicator": ["gdp_jjj", "not_in_catalog"]})
    assert r.status_code == 200 and "Saved." in r.text
    with database.session() as s:
        sub = SubscriberStore(s).get("reader@example.org")
        assert (sub.language, sub.indicators) == ("en", ["gdp_jjj"])
    assert web.client.post(f"/subscription/{token}", data={"csrf": csrf, "language": "fr"}).status_code == 400
