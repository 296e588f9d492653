"""Opaque $skiptoken values that carry a whole paged request.

A token is base64url(JSON) followed by "." and a truncated HMAC-SHA256 of
it, so a client cannot alter the request it encodes. The key derives from the
sandbox seed, so tokens stay valid across restarts with the same seed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import typing

from tap_brightmetrics.sandbox.errors import bad_request

_SIGNATURE_BYTES = 12


def token_key(seed: int) -> bytes:
    """Return the HMAC key of a sandbox seed."""
    return hashlib.sha256(f"brightmetrics-sandbox-token:{seed}".encode()).digest()


def _signature(key: bytes, body: bytes) -> str:
    digest = hmac.new(key, body, hashlib.sha256).digest()[:_SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def encode_token(payload: dict[str, typing.Any], key: bytes) -> str:
    """Return the token of a payload."""
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    body = base64.urlsafe_b64encode(raw).rstrip(b"=")
    return f"{body.decode()}.{_signature(key, body)}"


def decode_token(token: str, key: bytes) -> dict[str, typing.Any]:
    """Return the payload of a token.

    Raises:
        ODataError: 400 InvalidSkipToken when the token is malformed or altered.
    """
    body, _, signature = token.strip().partition(".")
    invalid = bad_request(
        "InvalidSkipToken",
        "The $skiptoken is invalid. Send each nextLink exactly as received, "
        "or restart the query without $skiptoken.",
        "$skiptoken",
    )
    if not body or not hmac.compare_digest(signature, _signature(key, body.encode())):
        raise invalid
    try:
        padded = body + "=" * (-len(body) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded))
    except ValueError:
        raise invalid from None
    if not isinstance(payload, dict):
        raise invalid
    return payload
