"""Sending one webhook message over HTTP, to a public address only.

A target is refused (:class:`Refused`, never sent) when its URL is not HTTPS while
``WEBHOOKS_REQUIRE_HTTPS`` is on, or when its host name resolves to an address that is
not public: private (RFC 1918, RFC 4193), loopback, link-local (cloud metadata at
169.254.169.254), shared (RFC 6598), reserved, multicast or unspecified
(``ipaddress``'s ``is_global``), unless ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` (tests,
development). The connection goes to the address that was checked, not to a second
lookup (DNS rebinding): the URL's host name is still sent as ``Host`` and, over HTTPS,
for SNI and the certificate check.

Redirects are never followed (a 3xx is a failure). Timeouts: ``WEBHOOKS_TIMEOUT``
seconds to connect, and as much between two bytes of the answer; the body of the
answer is not read.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext as _

import requests
from requests.adapters import HTTPAdapter

USER_AGENT = "Gouvernail-webhooks/1"


class Refused(Exception):
    """The target may not be sent to (the message says why, in French)."""


def public(address: str) -> bool:
    """Whether an IP address is on the public Internet (an IPv4-mapped IPv6 address is
    judged as its IPv4 address)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> tuple[str, list[str]]:
    """Check a target URL and resolve its host: returns the host name and its addresses.

    Raises :class:`Refused` for a scheme other than HTTP(S), HTTP while HTTPS is
    required, credentials in the URL, a host that does not resolve, or any address that
    is not public (unless private addresses are allowed).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(_("L’adresse doit être une URL HTTP ou HTTPS."))
    if parts.scheme != "https" and settings.WEBHOOKS_REQUIRE_HTTPS:
        raise Refused(_("L’adresse doit commencer par https:// (HTTPS obligatoire)."))
    if parts.username or parts.password:
        raise Refused(_("L’adresse ne doit pas contenir d’identifiant ni de mot de passe."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as error:
        raise Refused(
            _("Le nom « %(host)s » ne correspond à aucune adresse.") % {"host": parts.hostname}
        ) from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not public(address):
                raise Refused(
                    _(
                        "L’adresse mène à un réseau privé, local ou réservé (%(address)s) : "
                        "elle est refusée."
                    )
                    % {"address": address}
                )
    return parts.hostname, addresses


class PinnedAdapter(HTTPAdapter):
    """Connects to the address in the URL, presenting ``hostname`` for TLS (SNI and the
    certificate's name); never retries by itself."""

    def __init__(self, hostname: str):
        self.hostname = hostname
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["server_hostname"] = self.hostname
        kwargs["assert_hostname"] = self.hostname
        super().init_poolmanager(*args, **kwargs)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST ``body`` (JSON) to ``url`` with ``headers``; returns the answer's status code.

    Raises :class:`Refused` (see :func:`check_url`) or ``requests.RequestException``
    (connection refused, timeout, TLS error).
    """
    hostname, addresses = check_url(url)
    parts = urlsplit(url)
    address = addresses[0]
    netloc = f"[{address}]" if ":" in address else address
    if parts.port:
        netloc += f":{parts.port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    with requests.Session() as session:
        session.trust_env = False  # no proxy from the environment, no .netrc
        session.mount(f"{parts.scheme}://", PinnedAdapter(hostname))
        response = session.post(
            pinned,
            data=body,
            headers={
                **headers,
                "Host": parts.netloc,
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
            },
            timeout=(settings.WEBHOOKS_TIMEOUT, settings.WEBHOOKS_TIMEOUT),
            allow_redirects=False,
            stream=True,
        )
        response.close()
        return response.status_code
