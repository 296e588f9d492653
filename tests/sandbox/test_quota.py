"""Request quota: counting, 429 with Retry-After, and the reset endpoint."""

from __future__ import annotations

import requests

from tap_brightmetrics.sandbox import Sandbox
from tap_brightmetrics.sandbox.quota import Quota
from tests.sandbox.conftest import make_config


def test_quota_counts_every_request_and_resets(http):
    with Sandbox(make_config(quota=5)) as sandbox:
        statuses = [
            http.get(sandbox.url).status_code,
            http.get(sandbox.url + "/nothing").status_code,
            requests.get(sandbox.url, timeout=10).status_code,
            http.get(sandbox.url + "/$metadata").status_code,
            http.get(sandbox.url, params={"$filter": "x"}).status_code,
        ]
        assert statuses == [200, 404, 401, 200, 200]
        assert sandbox.quota_used == 5
        over = http.get(sandbox.url)
        assert over.status_code == 429
        assert over.json()["error"]["code"] == "RequestLimitExceeded"
        assert "5 requests per 24 hours" in over.json()["error"]["message"]
        assert 86_000 < int(over.headers["Retry-After"]) <= 86_400
        assert sandbox.quota_used == 5
        admin = requests.get(sandbox.origin + "/_sandbox/requests", timeout=10)
        assert admin.status_code == 200
        reset = requests.post(sandbox.origin + "/account/reset-quota", timeout=10)
        assert reset.status_code == 200
        assert sandbox.quota_used == 0
        assert http.get(sandbox.url).status_code == 200


def test_default_quota_message_names_150():
    with Sandbox(make_config(quota=150)) as sandbox, requests.Session() as session:
        for _ in range(150):
            session.get(sandbox.url)
        response = session.get(sandbox.url)
        assert response.status_code == 429
        assert "150 requests per 24 hours" in response.json()["error"]["message"]
        sandbox.reset_quota()
        assert session.get(sandbox.url).status_code == 401


def test_rolling_window_frees_old_requests():
    now = [1000.0]
    quota = Quota(2, clock=lambda: now[0])
    assert quota.acquire() is None
    now[0] += 3600
    assert quota.acquire() is None
    assert quota.acquire() == 86_400 - 3600
    now[0] += 86_400 - 3600
    assert quota.acquire() is None
    assert quota.used == 2
