"""Every fault switch, set in process and through the admin endpoint."""

from __future__ import annotations

import time
import urllib.parse

import pytest
import requests

from tap_brightmetrics.sandbox import DEMO_API_KEY
from tests.sandbox.helpers import report_url

RANGE = (
    "Call_Date_Time ge 2026-11-18T00:00:00Z and Call_Date_Time le 2026-11-21T00:00:00Z"
)
AUTH = {"Authorization": f"Bearer {DEMO_API_KEY}"}


def first_page(sb, http):
    response = http.get(report_url(sb, "Call Detail"), params={"$filter": RANGE})
    assert response.status_code == 200
    return response


def test_fail_next_statuses(sb, http):
    sb.faults.fail_next = [503, 500]
    sb.faults.retry_after = "7"
    first = http.get(sb.url)
    second = http.get(sb.url)
    third = http.get(sb.url)
    assert [first.status_code, second.status_code, third.status_code] == [503, 500, 200]
    assert first.headers["Retry-After"] == "7"
    assert first.json()["error"]["code"] == "ServiceUnavailable"
    assert second.json()["error"]["code"] == "InternalServerError"
    assert sb.faults.fail_next == []


def test_fail_next_429_with_http_date(sb, http):
    sb.faults.fail_next = [429]
    sb.faults.retry_after = "Wed, 21 Oct 2026 07:28:00 GMT"
    response = http.get(sb.url)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "Wed, 21 Oct 2026 07:28:00 GMT"
    assert "error" in response.json()


def test_drop_next(sb):
    sb.faults.drop_next = 1
    with pytest.raises(requests.ConnectionError):
        requests.get(sb.url, headers=AUTH, timeout=10)
    assert requests.get(sb.url, headers=AUTH, timeout=10).status_code == 200
    assert sb.request_log[0]["dropped"] is True
    assert sb.request_log[0]["status"] is None


def test_slow_seconds(sb, http):
    sb.faults.slow_seconds = 0.2
    started = time.perf_counter()
    assert http.get(sb.url).status_code == 200
    assert time.perf_counter() - started >= 0.2


def test_truncate_next(sb, http):
    sb.faults.truncate_next = 1
    assert http.get(sb.url).status_code == 200
    with pytest.raises(
        (requests.exceptions.ChunkedEncodingError, requests.ConnectionError)
    ):
        requests.get(
            report_url(sb, "Call Detail"),
            params={"$filter": RANGE},
            headers=AUTH,
            timeout=10,
        )
    assert sb.faults.truncate_next == 0
    first_page(sb, http).json()


def test_truncate_stream_gives_partial_body(sb):
    sb.faults.truncate_next = 1
    response = requests.get(
        report_url(sb, "Call Detail"),
        params={"$filter": RANGE},
        headers=AUTH,
        stream=True,
        timeout=10,
    )
    pieces: list[bytes] = []

    def read_all() -> None:
        pieces.extend(response.iter_content(1024))

    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        read_all()
    received = b"".join(pieces)
    assert received.startswith(b'{"@odata.context"')
    assert not received.endswith(b"}")


def test_malformed_next(sb, http):
    sb.faults.malformed_next = 1
    response = first_page(sb, http)
    with pytest.raises(requests.JSONDecodeError):
        response.json()
    first_page(sb, http).json()


def test_relative_next_links(sb, http):
    sb.faults.relative_next_links = True
    body = first_page(sb, http).json()
    link = body["@odata.nextLink"]
    assert not link.startswith("http")
    resolved = urllib.parse.urljoin(body["@odata.context"], link)
    assert resolved.startswith(report_url(sb, "Call Detail") + "?$skiptoken=")
    assert http.get(resolved).status_code == 200


def test_odata_401_names(sb, http):
    sb.faults.odata_401_names = True
    body = first_page(sb, http).json()
    assert "@context" in body
    assert "@nextLink" in body
    assert "@odata.context" not in body
    assert "@odata.nextLink" not in body
    assert "@context" in http.get(sb.url).json()


def test_foreign_next_link(sb, http):
    sb.faults.foreign_next_link = "http://127.0.0.2:9"
    body = first_page(sb, http).json()
    assert body["@odata.nextLink"].startswith("http://127.0.0.2:9/OData.ashx/")
    accepted = http.get(
        report_url(sb, "Call Detail"), headers={"Prefer": "respond-async"}
    )
    assert accepted.headers["Location"].startswith(
        "http://127.0.0.2:9/OData.ashx/status/"
    )
    assert accepted.json()["statusUrl"] == accepted.headers["Location"]


def test_next_link_loop(sb, http):
    sb.faults.next_link_loop = True
    first = first_page(sb, http).json()
    second = http.get(first["@odata.nextLink"]).json()
    assert second["@odata.nextLink"] == first["@odata.nextLink"]


def test_expired_tokens(sb, http):
    sb.faults.expired_tokens = True
    link = first_page(sb, http).json()["@odata.nextLink"]
    response = http.get(link)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "ExpiredSkipToken"


def start_export(sb, http):
    response = http.get(
        report_url(sb, "Service Summary"), headers={"Prefer": "respond-async"}
    )
    assert response.status_code == 202
    return response.headers["Location"]


def test_async_fail(sb, http):
    sb.faults.async_fail = True
    response = http.get(start_export(sb, http))
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "AsyncJobFailed"


def test_async_expire(sb, http):
    sb.faults.async_expire = True
    response = http.get(start_export(sb, http))
    assert response.status_code == 404
    assert "error" in response.json()


def test_async_move_location(sb, http):
    sb.faults.async_move_location = True
    location = start_export(sb, http)
    time.sleep(sb.config.async_seconds)
    moved = http.get(location)
    assert moved.status_code == 202
    new_location = moved.headers["Location"]
    assert (
        urllib.parse.urlsplit(new_location).path.rsplit("/", 1)[0]
        != urllib.parse.urlsplit(location).path.rsplit("/", 1)[0]
    )
    assert moved.json() == {"statusUrl": new_location}
    done = http.get(new_location)
    assert done.status_code == 200
    assert done.json()["value"] == sb.rows("Service Summary")


def test_admin_faults_endpoint(sb, http):
    response = requests.post(
        sb.origin + "/_sandbox/faults",
        json={"fail_next": [503], "odata_401_names": True},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.json()["fail_next"] == [503]
    assert http.get(sb.url).status_code == 503
    assert "@context" in http.get(sb.url).json()
    bad = requests.post(
        sb.origin + "/_sandbox/faults", json={"no_such_fault": 1}, timeout=10
    )
    assert bad.status_code == 400
    bad = requests.post(
        sb.origin + "/_sandbox/faults", json={"drop_next": "x"}, timeout=10
    )
    assert bad.status_code == 400
    log = requests.get(sb.origin + "/_sandbox/requests", timeout=10).json()
    assert [entry["status"] for entry in log] == [503, 200]
    assert requests.post(sb.origin + "/_sandbox/reset", timeout=10).status_code == 200
    assert sb.faults.odata_401_names is False
    assert sb.request_log == []
    assert sb.quota_used == 0


def test_failure_between_pages_can_be_retried(sb, http):
    link = first_page(sb, http).json()["@odata.nextLink"]
    sb.faults.fail_next = [503]
    assert http.get(link).status_code == 503
    assert http.get(link).status_code == 200
