"""PublicAddressResolver: host names are checked where they are resolved, at connection time.

SafeTargetMiddleware sees only the URL, so `http://intranet.example/` (or a redirect to it) that
resolves to 10.0.0.5, 127.0.0.1 or fe80::1 would pass it. This resolver (Scrapy's
TWISTED_DNS_RESOLVER) drops every resolved address that is not public — loopback, private, link-local,
shared, multicast, reserved or unspecified, IPv4 and IPv6, IPv4-mapped IPv6 unwrapped first — unless
private hosts are allowed (SERIESWATCH_ALLOW_PRIVATE_HOSTS, or automatically when a start URL is
itself such an address). A name left with no address fails like a DNS error; the spider reads the
refusal from `refused_hosts` and records "refused: … resolves to …".
"""

from __future__ import annotations

import ipaddress
import logging

from scrapy.resolver import CachingHostnameResolver
from twisted.internet.interfaces import IResolutionReceiver
from zope.interface import provider

logger = logging.getLogger(__name__)

refused_hosts: dict[str, str] = {}      # host name → the first non-public address it resolved to


def is_public_address(address: str) -> bool:
    """True for an address a crawler of a public site may connect to."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def refusal(host: str) -> str:
    """The failure reason of a request to a host that resolved to non-public addresses only."""
    return (f"refused: {host} resolves to {refused_hosts.get(host, 'a non-public address')}, a loopback, "
            f"private or link-local address (set crawl.allow_private_hosts to crawl it)")


@provider(IResolutionReceiver)
class _PublicOnly:
    def __init__(self, receiver, host: str):
        self.receiver, self.host = receiver, host

    def resolutionBegan(self, resolution) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address) -> None:
        ip = getattr(address, "host", "")
        if is_public_address(ip):
            self.receiver.addressResolved(address)
            return
        if self.host not in refused_hosts:
            refused_hosts[self.host] = ip
            logger.warning("refused: %s resolves to %s, a loopback, private or link-local address", self.host, ip)

    def resolutionComplete(self) -> None:
        self.receiver.resolutionComplete()


class PublicAddressResolver(CachingHostnameResolver):
    """Scrapy's caching IPv4/IPv6 resolver, passing on public addresses only (see module docstring)."""

    def __init__(self, reactor, cache_size: int, *, allow_private: bool):
        super().__init__(reactor, cache_size)
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler, reactor):
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        explicit = settings.get("SERIESWATCH_ALLOW_PRIVATE_HOSTS")
        allow = bool(explicit) if explicit is not None else settings.getbool("SERIESWATCH_PRIVATE_START_URLS")
        return cls(reactor, cache_size, allow_private=allow)

    def resolveHostName(self, resolutionReceiver, hostName, portNumber=0, addressTypes=None,
                        transportSemantics="TCP"):
        if not self.allow_private:
            resolutionReceiver = _PublicOnly(resolutionReceiver, hostName)
        return super().resolveHostName(resolutionReceiver, hostName, portNumber, addressTypes, transportSemantics)
