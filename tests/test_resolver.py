"""The private-address guard looks at resolved addresses, not only at the URL's host."""

from __future__ import annotations

import socket

import pytest
from sitekit import Link

from crawler.resolver import is_public_address
from crawler.safety import is_private_host
from storage.queries import list_articles, run_failures
from test_crawl import _doc, crawl, series_article
from serieswatch.config import parse_config


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "240.0.0.1", "255.255.255.255",
    "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
])
def test_non_public_addresses_are_refused_ipv4_ipv6_and_ipv4_mapped(address):
    assert not is_public_address(address)
    assert is_private_host(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "202.108.22.5", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address):
    assert is_public_address(address)
    assert not is_private_host(address)


def loopback_name() -> str:
    """A host name (not an address, not 'localhost') that this machine resolves to a private address."""
    name = socket.gethostname()
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, 80, proto=socket.IPPROTO_TCP)}
    except OSError:
        pytest.skip(f"{name} does not resolve")
    if not addresses or any(is_public_address(a) for a in addresses):
        pytest.skip(f"{name} resolves to a public address")
    return name


def test_a_host_name_resolving_to_a_private_address_is_refused_at_connection_time(
        site, site_server, database, db_url, tmp_path):
    name = loopback_name()
    series_article(site, "/n1/2024/0423/c1004-40221111.html")
    site.listing("/GB/8198/index.html", [Link("x", "/n1/2024/0423/c1004-40221111.html")])
    doc = _doc(site_server, db_url, tmp_path, allow_private_hosts=False)
    start = site_server.url.replace("127.0.0.1", name) + "/GB/8198/index.html"
    doc["sources"][0]["start_urls"] = [start]
    config = parse_config(doc, env={})

    outcome = crawl(config, database)

    assert len(site_server.hits) == 0               # never connected
    with database.session() as s:
        failures = run_failures(s, outcome.run_id)
        assert list_articles(s) == []
    assert [(f.kind, f.url) for f in failures] == [("refused", start)]
    assert f"{name} resolves to 127." in failures[0].reason
    assert outcome.status == "failed"
