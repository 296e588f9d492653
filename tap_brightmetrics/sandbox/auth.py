"""Authentication of OData requests against the demo account.

Accepted: Basic with the email and base64(SHA-256(password)); Basic with the
email and "*pass" followed by the password; Bearer with the API key; Basic
with the user name "apikey" and the API key as password. Emails compare
case-insensitively.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from tap_brightmetrics.sandbox.config import (
    DEMO_API_KEY,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_PASSWORD_HASH,
)
from tap_brightmetrics.sandbox.errors import ODataError

BASIC_HASH = "basic-hash"
BASIC_PASS = "basic-pass"
BEARER = "bearer"
BASIC_API_KEY = "basic-apikey"

CHALLENGES = (
    'Basic realm="Brightmetrics OData", charset="UTF-8"',
    'Bearer realm="Brightmetrics OData"',
)

SECRETS = (DEMO_PASSWORD, DEMO_PASSWORD_HASH, DEMO_API_KEY)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _basic(credentials: str) -> str | None:
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, separator, password = decoded.partition(":")
    if not separator:
        return None
    if user.casefold() == "apikey":
        return BASIC_API_KEY if _same(password, DEMO_API_KEY) else None
    if user.strip().casefold() != DEMO_EMAIL.casefold():
        return None
    if password.startswith("*pass"):
        return BASIC_PASS if _same(password[5:], DEMO_PASSWORD) else None
    return BASIC_HASH if _same(password, DEMO_PASSWORD_HASH) else None


def authenticate(header: str | None) -> str | None:
    """Return the method that a valid Authorization header used, else None."""
    if not header:
        return None
    scheme, _, credentials = header.strip().partition(" ")
    scheme = scheme.lower()
    if scheme == "basic":
        return _basic(credentials)
    if scheme == "bearer":
        return BEARER if _same(credentials.strip(), DEMO_API_KEY) else None
    return None


def unauthorized(header: str | None) -> ODataError:
    """Return the 401 error for a missing or rejected Authorization header."""
    if not header:
        message = (
            "Authentication is required: send Basic credentials (email and "
            "password hash, or email and *pass plus password) or a Bearer API key."
        )
    else:
        scheme = header.strip().partition(" ")[0] or "(empty)"
        message = (
            f"The {scheme} credentials are invalid. Check the email, the "
            "password (or its base64 SHA-256 hash) or the API key."
        )
    return ODataError(401, "Unauthorized", message)
