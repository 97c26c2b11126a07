"""Shared fixtures: a fixture site on disk (tests/sitekit.py) and a real HTTP server over it."""

import pytest

from scheduler.demo.server import SiteServer
from sitekit import Site


@pytest.fixture
def site(tmp_path):
    """An empty fixture site under tmp_path/site; write pages with site.article(...) etc."""
    return Site(tmp_path / "site")


@pytest.fixture
def site_server(site):
    """A SiteServer on 127.0.0.1 serving `site.root`; stopped after the test."""
    with SiteServer(site.root) as server:
        yield server


# Archives: a fresh one per test, on SQLite and (when SERIESWATCH_TEST_PG_URL is set) on PostgreSQL.
from archive_fixtures import database, db_url  # noqa: E402,F401
