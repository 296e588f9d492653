"""Asynchronous export: 202, polling the status URL, the result, expiry."""

from __future__ import annotations

import csv
import io
import time

from tap_brightmetrics.sandbox import Sandbox
from tests.sandbox.conftest import make_config
from tests.sandbox.helpers import report_url

RANGE = (
    "Call_Date_Time ge 2026-11-18T00:00:00Z and Call_Date_Time le 2026-11-21T00:00:00Z"
)
ASYNC = {"Prefer": "respond-async"}


def start_export(sandbox, http, title="Call Detail", **params):
    response = http.get(
        report_url(sandbox, title), params={"$filter": RANGE, **params}, headers=ASYNC
    )
    assert response.status_code == 202, response.text
    return response


def test_accepted_response(sb, http):
    response = start_export(sb, http)
    location = response.headers["Location"]
    assert location.startswith(sb.origin + "/OData.ashx/status/")
    assert response.json() == {"statusUrl": location}
    assert response.headers["Retry-After"] == "1"
    assert response.headers["OData-Version"] == "4.0"
    assert response.headers["Content-Type"] == (
        "application/json; odata.metadata=minimal; odata.streaming=true"
    )
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert sb.request_log[-1]["prefer"] == "respond-async"


def test_poll_then_result(sb, http):
    location = start_export(sb, http).headers["Location"]
    pending = http.get(location, headers=ASYNC)
    assert pending.status_code == 202
    assert pending.headers["Location"] == location
    assert pending.json() == {"statusUrl": location}
    time.sleep(sb.config.async_seconds)
    done = http.get(location)
    assert done.status_code == 200
    body = done.json()
    assert "@odata.nextLink" not in body
    assert body["@odata.context"].endswith("#" + sb.report("Call Detail").name)
    expected = sb.rows("Call Detail", filters=RANGE)
    assert len({row["Call_Date"] for row in expected}) > 1
    assert body["value"] == expected
    assert http.get(location).status_code == 200
    assert sb.quota_used == 4


def test_async_csv_result(sb, http):
    location = start_export(
        sb, http, **{"$format": "csv", "timezone": "Tokyo Standard Time"}
    ).headers["Location"]
    time.sleep(sb.config.async_seconds)
    done = http.get(location)
    assert done.status_code == 200
    assert done.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(done.text)))
    expected = sb.rows("Call Detail", filters=RANGE, timezone="Tokyo Standard Time")
    assert [row["Call_Date_Time"] for row in rows] == [
        row["Call_Date_Time"] for row in expected
    ]


def test_async_summary(sb, http):
    location = start_export(sb, http, title="Service Summary").headers["Location"]
    time.sleep(sb.config.async_seconds)
    body = http.get(location).json()
    assert body["value"] == sb.rows("Service Summary", filters=RANGE)


def test_async_rejects_bad_filter_at_once(sb, http):
    response = http.get(
        report_url(sb, "Call Detail"), params={"$filter": "Foo eq 'x'"}, headers=ASYNC
    )
    assert response.status_code == 400


def test_status_url_expires(http):
    with Sandbox(make_config(async_seconds=0.0, async_expiry_seconds=0.3)) as sandbox:
        location = start_export(sandbox, http).headers["Location"]
        assert http.get(location).status_code == 200
        time.sleep(0.35)
        expired = http.get(location)
        assert expired.status_code == 404
        assert expired.json()["error"]["code"] == "AsyncJobExpired"
