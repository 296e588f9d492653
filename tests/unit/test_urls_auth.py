from __future__ import annotations

import base64
import datetime

import pytest
import requests

from tap_brightmetrics.auth import credentials_from_config, hash_password
from tap_brightmetrics.errors import ConfigurationError, UnsafeURLError
from tap_brightmetrics.http_errors import mentions_daily_quota, retry_after_seconds
from tap_brightmetrics.urls import check_same_origin, validate_api_url


def test_hash_matches_vendor_example():
    assert hash_password("abcd1234") == "6c7nGrky/ehjM40Ivk3p3+OeoEm9r7NCzmWexUULaa4="


@pytest.mark.parametrize(
    "url",
    [
        "https://webapp.brightmetrics.com/OData.ashx",
        "http://127.0.0.1:8765/OData.ashx",
        "http://localhost/x",
        "http://[::1]:9/OData.ashx",
    ],
)
def test_valid_api_urls(url):
    assert validate_api_url(url + "/") == url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://webapp.brightmetrics.com/OData.ashx", "plain http"),
        ("ftp://host/x", "not a valid http"),
        ("webapp.brightmetrics.com", "not a valid http"),
        ("https://host:port/x", "not a valid URL"),
        ("https://user:pw@host/x", "credentials"),
        ("https://host/x?a=1", "query"),
    ],
)
def test_invalid_api_urls(url, message):
    with pytest.raises(ConfigurationError, match=message):
        validate_api_url(url)


def test_same_origin_guard():
    root = "https://webapp.brightmetrics.com/OData.ashx"
    check_same_origin(
        "https://WEBAPP.brightmetrics.com:443/OData.ashx/x", root, kind="nextLink"
    )
    for other in [
        "http://webapp.brightmetrics.com/x",
        "https://evil.test/x",
        "https://webapp.brightmetrics.com:8443/x",
    ]:
        with pytest.raises(UnsafeURLError, match="not the configured API host"):
            check_same_origin(other, root, kind="nextLink")


def test_password_is_hashed_before_sending():
    credentials = credentials_from_config({"username": "a@b.c", "password": "secret"})
    request = requests.Request(
        "GET", "https://x/y", auth=credentials.requests_auth()
    ).prepare()
    decoded = base64.b64decode(request.headers["Authorization"].split()[1]).decode()
    assert decoded == "a@b.c:" + hash_password("secret")
    assert "secret" not in credentials.description


def test_api_key_methods():
    bearer = credentials_from_config({"api_key": "k1"}).requests_auth()
    request = requests.Request("GET", "https://x/y", auth=bearer).prepare()
    assert request.headers["Authorization"] == "Bearer k1"
    basic = credentials_from_config(
        {"api_key": "k1", "api_key_auth": "basic"}
    ).requests_auth()
    request = requests.Request("GET", "https://x/y", auth=basic).prepare()
    assert base64.b64decode(request.headers["Authorization"].split()[1]) == b"apikey:k1"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({}, "found none"),
        ({"username": "a", "password": "p", "api_key": "k"}, "found password, api_key"),
        ({"password": "p"}, "username is missing"),
        (
            {"username": "a", "password": "p", "password_hash": "h"},
            "found password, password_hash",
        ),
        ({"username": "a", "api_key": "k"}, "Both api_key and username"),
    ],
)
def test_credential_combinations_rejected(config, message):
    with pytest.raises(ConfigurationError, match=message):
        credentials_from_config(config)


def _response(headers):
    response = requests.Response()
    response.headers.update(headers)
    return response


def test_retry_after_seconds_and_date():
    now = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.timezone.utc)
    assert retry_after_seconds(_response({"Retry-After": "7"})) == 7.0
    assert (
        retry_after_seconds(
            _response({"Retry-After": "Fri, 04 Dec 2026 12:00:30 GMT"}), now=now
        )
        == 30.0
    )
    assert retry_after_seconds(_response({"Retry-After": "soon"})) is None
    assert retry_after_seconds(_response({})) is None


def test_quota_message_detection():
    assert mentions_daily_quota("Limit of 150 requests per 24 hours reached")
    assert not mentions_daily_quota("Too many requests, slow down")


def test_credentials_in_api_url_are_not_echoed():
    with pytest.raises(ConfigurationError) as error:
        validate_api_url("http://user:hunter2@127.0.0.1:9/OData.ashx")
    assert "hunter2" not in str(error.value)
    assert "***@127.0.0.1:9" in str(error.value)


def test_pass_prefix_gets_a_hint():
    credentials = credentials_from_config(
        {"username": "a@b.c", "password": "*passsecret"}
    )
    assert "*pass" in credentials.hint
    assert "secret" not in credentials.hint
    assert (
        credentials_from_config({"username": "a@b.c", "password": "secret"}).hint == ""
    )
