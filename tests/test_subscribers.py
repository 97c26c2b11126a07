"""Subscribers: addresses refused when they cannot be safe, watermarks set so nobody gets the whole past."""

from __future__ import annotations

from datetime import timedelta

import pytest
import yaml

from mail_fixtures import first_article, second_article  # noqa: F401
from scheduler.cli import main
from serieswatch.errors import DuplicateSubscriber, InvalidAddress
from storage.articles import utcnow
from storage.deliveries import DeliveryStore
from storage.models import FigureRow
from storage.subscribers import SubscriberStore, validate_address


@pytest.mark.parametrize("bad", [
    "reader@example.org\r\nBcc: victim@example.org",
    "reader@example.org\n",
    "reader\r@example.org",
    "reader.example.org",
    "reader@@example.org",
    "a@b@example.org",
    "@example.org",
    "reader@",
    "reader@-bad-.org",
    "two words@example.org",
    "x" * 245 + "@example.org",          # 257 characters
    "reader@exa mple.org",
])
def test_unsafe_or_malformed_addresses_are_refused(bad):
    with pytest.raises(InvalidAddress):
        validate_address(bad)


def test_address_of_exactly_254_characters_is_fine_and_255_is_not():
    domain = "b" * 61 + "." + "c" * 61 + "." + "d" * 53 + ".example.org"     # 189 characters
    ok = f"{'a' * 64}@{domain}"
    assert len(ok) == 254 and validate_address(ok) == ok
    with pytest.raises(InvalidAddress, match="254"):
        validate_address(f"{'a' * 64}@e{domain}")


@pytest.mark.parametrize("good", ["reader@example.org", "Reader.Name+jjj@Mail.Example.ORG", "root@localhost",
                                  "o'brien@example.co.uk"])
def test_ordinary_addresses_are_accepted_lower_cased(good):
    assert validate_address(good) == good.lower()


def test_duplicates_are_refused_case_insensitively(database):
    with database.session() as s:
        SubscriberStore(s).add("reader@example.org")
    with pytest.raises(DuplicateSubscriber), database.session() as s:
        SubscriberStore(s).add("READER@example.org")


def test_every_subscriber_gets_an_unsubscribe_token(database):
    with database.session() as s:
        a = SubscriberStore(s).add("a@example.org")
        b = SubscriberStore(s).add("b@example.org", language="en", indicators=["gdp_jjj"])
        assert a.token and b.token and a.token != b.token and len(a.token) >= 20
        assert SubscriberStore(s).by_token(b.token).email == "b@example.org"
        assert b.indicators == ["gdp_jjj"] and b.language == "en"


def test_joining_before_the_first_crawl_starts_at_zero(database):
    with database.session() as s:
        sub = SubscriberStore(s).add("early@example.org")
        assert (sub.figure_watermark, sub.article_watermark) == (0, 0)


def test_joining_an_existing_archive_starts_at_its_newest_figure(database):
    first_article(database)
    with database.session() as s:
        newest = max(r.id for r in s.query(FigureRow))
        sub = SubscriberStore(s).add("late@example.org")
        assert sub.figure_watermark == newest


def test_lookback_days_reaches_back_to_figures_first_seen_in_that_window(database):
    first_article(database)
    with database.session() as s:
        for row in s.query(FigureRow):
            row.first_seen_at = utcnow() - timedelta(days=10)
    second_article(database)
    with database.session() as s:
        ids = sorted(r.id for r in s.query(FigureRow))
        three_days = SubscriberStore(s).add("three@example.org", lookback_days=3)
        thirty = SubscriberStore(s).add("thirty@example.org", lookback_days=30)
        assert three_days.figure_watermark == ids[2]        # the 10-day-old figures are behind, the new ones ahead
        assert thirty.figure_watermark == 0


def test_remove_drops_the_subscriber_and_unsent_digests(database):
    with database.session() as s:
        sub = SubscriberStore(s).add("gone@example.org")
        DeliveryStore(s).create(sub, run_id=None, message_id="<x@example.org>", subject="s", raw=b"x",
                                figure_watermark=0, article_watermark=0, figure_count=1)
    with database.session() as s:
        assert SubscriberStore(s).remove("GONE@example.org")
        assert not SubscriberStore(s).remove("gone@example.org")
        assert DeliveryStore(s).pending_count() == 0


# --------------------------------------------------------------------------- command line

@pytest.fixture
def config_file(tmp_path, db_url):
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"storage": {"url": db_url}, "data_dir": str(tmp_path / "data"),
                                    "email": {"outbox_dir": str(tmp_path / "outbox")}}), encoding="utf-8")
    return path


def run_cli(config_file, *args):
    with pytest.raises(SystemExit) as exit_info:
        main(["--config", str(config_file), *args])
    return exit_info.value.code


def test_cli_add_list_remove(config_file, capsys):
    assert run_cli(config_file, "subscribers", "add", "reader@example.org", "--lang", "en",
                   "--indicator", "gdp_jjj") == 0
    capsys.readouterr()
    assert run_cli(config_file, "subscribers", "list", "--format", "json") == 0
    import json
    rows = json.loads(capsys.readouterr().out)
    assert [(r["email"], r["language"], r["indicators"]) for r in rows] == [("reader@example.org", "en", ["gdp_jjj"])]
    assert run_cli(config_file, "subscribers", "list", "--format", "csv") == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("id,email,language")
    assert run_cli(config_file, "subscribers", "remove", "reader@example.org") == 0
    capsys.readouterr()
    assert run_cli(config_file, "subscribers", "list", "--format", "json") == 0
    assert capsys.readouterr().out.strip() == "[]"


@pytest.mark.parametrize("address, message", [
    ("reader@example.org\r\nBcc: x@example.org", "line break"),
    ("no-at-sign.example.org", "@"),
    ("x" * 250 + "@example.org", "254"),
])
def test_cli_refuses_bad_addresses_with_exit_2(config_file, capsys, address, message):
    assert run_cli(config_file, "subscribers", "add", address) == 2
    assert message in capsys.readouterr().err


def test_cli_refuses_duplicates_unknown_indicators_and_unknown_removals(config_file, capsys):
    assert run_cli(config_file, "subscribers", "add", "reader@example.org") == 0
    assert run_cli(config_file, "subscribers", "add", "reader@example.org") == 2
    assert "subscribed already" in capsys.readouterr().err
    assert run_cli(config_file, "subscribers", "add", "other@example.org", "--indicator", "no_such_thing") == 2
    assert "no_such_thing" in capsys.readouterr().err
    assert run_cli(config_file, "subscribers", "remove", "nobody@example.org") == 2
    assert "not a subscriber" in capsys.readouterr().err
