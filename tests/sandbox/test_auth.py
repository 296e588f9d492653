"""Authentication methods, the 401 challenge, and secrets kept out of the log."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
import requests

from tap_brightmetrics.sandbox import DEMO_API_KEY, DEMO_EMAIL, DEMO_PASSWORD

PASSWORD_HASH = base64.b64encode(
    hashlib.sha256(DEMO_PASSWORD.encode()).digest()
).decode()


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


ACCEPTED = [
    (basic(DEMO_EMAIL, PASSWORD_HASH), "basic-hash"),
    (basic(DEMO_EMAIL.upper(), PASSWORD_HASH), "basic-hash"),
    (basic(DEMO_EMAIL, "*pass" + DEMO_PASSWORD), "basic-pass"),
    (f"Bearer {DEMO_API_KEY}", "bearer"),
    (f"bearer {DEMO_API_KEY}", "bearer"),
    (basic("apikey", DEMO_API_KEY), "basic-apikey"),
]

REJECTED = [
    None,
    basic(DEMO_EMAIL, DEMO_PASSWORD),
    basic(DEMO_EMAIL, "*passwrong"),
    basic("other@example.com", PASSWORD_HASH),
    basic("apikey", "0" * 32),
    "Bearer 0123",
    f"Token {DEMO_API_KEY}",
    "Basic not-base64!",
]


@pytest.mark.parametrize(("header", "method"), ACCEPTED)
def test_accepted_credentials(sb, header, method):
    response = requests.get(sb.url, headers={"Authorization": header}, timeout=10)
    assert response.status_code == 200
    assert sb.request_log[-1]["auth"] == method


@pytest.mark.parametrize("header", REJECTED)
def test_rejected_credentials(sb, header):
    headers = {"Authorization": header} if header else {}
    response = requests.get(sb.url, headers=headers, timeout=10)
    assert response.status_code == 401
    challenges = response.raw.headers.getlist("WWW-Authenticate")
    assert any(c.startswith("Basic ") for c in challenges)
    assert any(c.startswith("Bearer ") for c in challenges)
    assert response.json()["error"]["code"] == "Unauthorized"
    assert sb.request_log[-1]["auth"] is None
    assert sb.request_log[-1]["status"] == 401


def test_requests_auth_tuple(sb):
    response = requests.get(
        sb.url, auth=(DEMO_EMAIL, "*pass" + DEMO_PASSWORD), timeout=10
    )
    assert response.status_code == 200


def test_metadata_requires_auth(sb):
    assert requests.get(sb.url + "/$metadata", timeout=10).status_code == 401


def test_log_has_no_secret(sb):
    for header, _ in ACCEPTED:
        requests.get(sb.url, headers={"Authorization": header}, timeout=10)
    requests.get(sb.url, params={"key": DEMO_API_KEY, "pw": DEMO_PASSWORD}, timeout=10)
    sb_log = sb.request_log
    assert len(sb_log) == len(ACCEPTED) + 1
    text = json.dumps(sb_log, ensure_ascii=False)
    admin_text = requests.get(sb.origin + "/_sandbox/requests", timeout=10).text
    for secret in (DEMO_PASSWORD, DEMO_API_KEY, PASSWORD_HASH, "Authorization"):
        assert secret not in text
        assert secret not in admin_text
    entry = sb_log[0]
    assert {"method", "path", "query", "auth", "status", "prefer", "headers"} <= set(
        entry
    )
