"""URL checks that keep credentials on the configured API host."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tap_brightmetrics.errors import ConfigurationError, UnsafeURLError

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> tuple[str, str, int]:
    """Return (scheme, host, port) with the default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    return scheme, host, port


def is_loopback(host: str) -> bool:
    """Tell whether a host name or address is this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redact_userinfo(url: str) -> str:
    """Return the URL with any user name and password replaced by `***`."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}://{authority}{slash}{path}"


def validate_api_url(url: str) -> str:
    """Check the `api_url` setting and return it without a trailing slash.

    Raises:
        ConfigurationError: the URL is malformed, or uses plain http for a
            host other than a loopback address.
    """
    redacted = redact_userinfo(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a non-numeric port
    except ValueError as exc:
        msg = f"api_url {redacted!r} is not a valid URL ({exc})."
        raise ConfigurationError(msg) from None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        msg = (
            f"api_url {redacted!r} is not a valid http(s) URL. Use the OData service "
            "root, for example https://webapp.brightmetrics.com/OData.ashx."
        )
        raise ConfigurationError(msg)
    if parts.query or parts.fragment or parts.username or parts.password:
        msg = (
            f"api_url {redacted!r} must not contain a query, fragment or credentials. "
            "Put credentials in username/password or api_key."
        )
        raise ConfigurationError(msg)
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        msg = (
            f"api_url {redacted!r} uses plain http, which would send credentials "
            "unencrypted. Use https (plain http is allowed only for loopback "
            "addresses such as a local sandbox)."
        )
        raise ConfigurationError(msg)
    return url.rstrip("/")


def check_same_origin(url: str, api_url: str, *, kind: str) -> None:
    """Raise unless `url` has the scheme, host and port of the API root.

    Raises:
        UnsafeURLError: the URL points elsewhere; no request is sent to it.
    """
    if origin_of(url) != origin_of(api_url):
        scheme, host, port = origin_of(url)
        msg = (
            f"Rejected a {kind} to {scheme}://{host}:{port}, which is not "
            f"the configured API host ({api_url}). Credentials are only sent to "
            "api_url; check api_url or report the response to Brightmetrics."
        )
        raise UnsafeURLError(msg)
