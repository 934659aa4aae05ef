"""Secrets and signatures of webhook messages, after the Standard Webhooks specification
(https://www.standardwebhooks.com/, "Signature scheme").

A secret is ``whsec_`` followed by 32 random bytes in base64; the key is those bytes. A
message is signed by HMAC-SHA256 over ``"{id}.{timestamp}.{body}"`` (``timestamp`` in
whole seconds since the Unix epoch, UTC), and the signature sent as ``v1,<base64>`` in
the ``webhook-signature`` header, beside ``webhook-id`` and ``webhook-timestamp``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    """A fresh secret: ``whsec_`` and 32 random bytes in base64 (50 characters)."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value of one message: ``v1,<base64 HMAC-SHA256>``."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers of one message."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }
