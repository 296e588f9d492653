"""Credentials: the password hash the API accepts, Basic and Bearer authorization."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import requests.auth

from tap_brightmetrics.errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Mapping

API_KEY_USERNAME = "apikey"


def hash_password(password: str) -> str:
    """Return base64(SHA-256(password)), the form of password the API accepts."""
    digest = hashlib.sha256(password.encode("utf-8")).digest()
    return base64.b64encode(digest).decode("ascii")


class BearerAuth(requests.auth.AuthBase):
    """Sends an API key as `Authorization: Bearer <key>`.

    A plain `AuthBase` rather than the SDK's authenticators, which re-encode
    the query string and so would rewrite `$filter` and opaque nextLinks.
    """

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Add the Authorization header to a prepared request."""
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "BearerAuth(<redacted>)"


@dataclass(frozen=True)
class Credentials:
    """One authentication method, resolved from the settings.

    `description` names the user and the method for messages; it never
    contains a secret.
    """

    method: str
    username: str | None
    _secret: str = field(repr=False)
    hint: str = ""

    @property
    def description(self) -> str:
        """The user and the method, safe to log."""
        if self.username and self.method.startswith("basic-password"):
            return f"user {self.username!r} with {self.method.replace('-', ' ')}"
        return self.method.replace("-", " ")

    def requests_auth(self) -> requests.auth.AuthBase:
        """Build the `requests` auth object for this method."""
        if self.method == "api-key-bearer":
            return BearerAuth(self._secret)
        username = API_KEY_USERNAME if self.method == "api-key-basic" else self.username
        return requests.auth.HTTPBasicAuth(username or "", self._secret)

    def secrets(self) -> list[str]:
        """Return every form of the secret that must never reach a log line."""
        values = {self._secret}
        if self.username:
            basic = f"{self.username}:{self._secret}".encode()
            values.add(base64.b64encode(basic).decode("ascii"))
        if self.method == "api-key-basic":
            basic = f"{API_KEY_USERNAME}:{self._secret}".encode()
            values.add(base64.b64encode(basic).decode("ascii"))
        return sorted(values)


def credentials_from_config(config: Mapping[str, Any]) -> Credentials:
    """Resolve exactly one authentication method from the settings.

    A plain `password` is hashed here, so the password itself never leaves
    the machine: the API accepts the base64 SHA-256 in its place.

    Raises:
        ConfigurationError: no method, or more than one, is configured.
    """
    username = config.get("username")
    password = config.get("password")
    password_hash = config.get("password_hash")
    api_key = config.get("api_key")
    configured = [
        key for key in ("password", "password_hash", "api_key") if config.get(key)
    ]

    if api_key and not (password or password_hash):
        if username:
            msg = (
                "Both api_key and username are set. Remove username to use the "
                "API key, or remove api_key to sign in with username and password."
            )
            raise ConfigurationError(msg)
        if config.get("api_key_auth", "bearer") == "basic":
            return Credentials("api-key-basic", None, api_key)
        return Credentials("api-key-bearer", None, api_key)

    if len(configured) != 1:
        found = ", ".join(configured) if configured else "none of them"
        msg = (
            "Set exactly one credential: username with password, username with "
            f"password_hash, or api_key (found {found})."
        )
        raise ConfigurationError(msg)

    if not username:
        msg = (
            f"{configured[0]} is set but username is missing. Set username to the "
            "email address you sign in to Brightmetrics with."
        )
        raise ConfigurationError(msg)

    if password:
        hint = (
            " The password starts with *pass, the API's prefix for a plain password: "
            "give the password alone, because the tap sends only its hash."
            if password.startswith("*pass")
            else ""
        )
        return Credentials(
            "basic-password-hash", username, hash_password(password), hint
        )
    return Credentials("basic-password-hash", username, str(password_hash))
