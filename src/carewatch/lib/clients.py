"""Who is asking, as far as public forms need to know: the client's address, and its keyed hashes.

Public forms never store an address: they keep a keyed hash of it and one of its network (an
IPv4 /24, an IPv6 /48), for rate limits and for invalidating signatures from a range later. The
key is the instance's secret, so a hash cannot be reversed by trying every address.

Behind a reverse proxy, set ``CAREWATCH_TRUSTED_PROXIES`` to how many proxies add themselves to
``X-Forwarded-For``: the client is the address that many places from its end. Without it the
header is ignored (a visitor could write anything there).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

#: The address of a client whose address is unknown (none, or not an address).
UNKNOWN = "0.0.0.0"  # noqa: S104  # nosec B104  # an address compared with, never bound to
IPV4_NETWORK = 24
IPV6_NETWORK = 48


@dataclass(frozen=True)
class AddressKeys:
    address: str
    network: str


def client_address(request: HttpRequest) -> str:
    """The client's address: the peer, or the proxies' word for it when they are trusted."""
    trusted = settings.CAREWATCH_TRUSTED_PROXIES
    peer = request.META.get("REMOTE_ADDR", "") or UNKNOWN
    if trusted:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= trusted:
            peer = hops[-trusted]
    try:
        return str(ipaddress.ip_address(peer))
    except ValueError:
        return UNKNOWN


def _keyed(text: str) -> str:
    key = hashlib.sha256(b"carewatch.clients:" + str(settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:32]


def network_of(address: str) -> str:
    ip = ipaddress.ip_address(address)
    prefix = IPV4_NETWORK if ip.version == 4 else IPV6_NETWORK
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def keys_of(address: str) -> AddressKeys:
    """The keyed hashes of ``address`` and of its network."""
    return AddressKeys(address=_keyed(address), network=_keyed(network_of(address)))


def network_keys(cidr: str, *, most: int = 256) -> list[str]:
    """The network hashes a range covers: a /24 (IPv4) or /48 (IPv6) or narrower is one network;
    a wider range is split into its networks, ``most`` at most (ValueError beyond)."""
    network = ipaddress.ip_network(cidr.strip(), strict=False)
    prefix = IPV4_NETWORK if network.version == 4 else IPV6_NETWORK
    if network.prefixlen >= prefix:
        return [_keyed(network_of(str(network.network_address)))]
    if 2 ** (prefix - network.prefixlen) > most:
        raise ValueError(f"{cidr} spans more than {most} networks")
    return [_keyed(str(n)) for n in network.subnets(new_prefix=prefix)]


def address_key(address: str) -> str:
    """The keyed hash of one address (ValueError for something that is not an address)."""
    return _keyed(str(ipaddress.ip_address(address.strip())))
