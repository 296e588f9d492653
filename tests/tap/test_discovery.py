from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from tap_brightmetrics.discovery import discover_reports
from tests.tapruns import discover, only, run_tap, sandbox_config

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"


def data_paths(sandbox):
    return [entry["path"] for entry in sandbox.request_log]


def test_discovery_costs_two_requests(sandbox, tmp_path):
    catalog = discover(tmp_path, sandbox_config(sandbox))
    assert data_paths(sandbox) == ["/OData.ashx", "/OData.ashx/$metadata"]
    assert len(catalog["streams"]) == len(sandbox.reports)


def test_catalog_matches_snapshot(sandbox, tmp_path):
    catalog = discover(tmp_path, sandbox_config(sandbox))
    for entry in catalog["streams"]:
        for item in entry["metadata"]:
            item["metadata"].pop("selected", None)
    text = json.dumps(catalog, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8"), (
        "The discovered catalog changed; rerun with UPDATE_SNAPSHOTS=1 if intended."
    )


def test_catalog_keeps_report_id_and_title(sandbox, tmp_path):
    catalog = discover(tmp_path, sandbox_config(sandbox))
    by_name = {entry["tap_stream_id"]: entry for entry in catalog["streams"]}
    for report in sandbox.reports:
        top = next(
            m["metadata"]
            for m in by_name[report.name]["metadata"]
            if not m["breadcrumb"]
        )
        assert top["brightmetrics-report-id"] == report.id
        assert top["brightmetrics-title"] == report.title


def test_detail_and_summary_replication_keys(sandbox, tmp_path):
    catalog = discover(tmp_path, sandbox_config(sandbox))
    keys = {
        entry["tap_stream_id"]: entry.get("replication_key")
        for entry in catalog["streams"]
    }
    for report in sandbox.reports:
        expected = "Call_Date_Time" if report.kind == "detail" else "_interval_start"
        assert keys[report.name] == expected, report.title


def test_catalog_run_sends_no_discovery_request(sandbox, tmp_path):
    catalog = discover(tmp_path, sandbox_config(sandbox))
    sandbox.reset()
    run = run_tap(tmp_path / "sync", sandbox_config(sandbox), catalog=catalog)
    assert run.returncode == 0, run.stderr
    paths = data_paths(sandbox)
    assert "/OData.ashx" not in paths
    assert "/OData.ashx/$metadata" not in paths


def test_reports_setting_selects_by_id_and_title(sandbox, tmp_path):
    detail = next(r for r in sandbox.reports if r.kind == "detail")
    summary = next(r for r in sandbox.reports if r.kind == "summary")
    config = sandbox_config(sandbox, reports=[detail.id, summary.title])
    catalog = discover(tmp_path, config)
    assert sorted(e["tap_stream_id"] for e in catalog["streams"]) == sorted(
        [detail.name, summary.name]
    )


def test_unknown_report_fails_after_service_document(sandbox, tmp_path):
    config = sandbox_config(sandbox, reports=["Call Detial"])
    run = run_tap(tmp_path, config, args=("--discover",))
    assert run.returncode != 0
    assert "'Call Detial'" in run.stderr
    assert "Call Detail" in run.stderr
    assert data_paths(sandbox) == ["/OData.ashx", "/OData.ashx/$metadata"]


class _CannedClient:
    """Returns fixed documents, to show what discovery does with a gap in $metadata."""

    api_url = "https://example.test/OData.ashx"

    def get_json(self, url, *, label):
        return {
            "value": [
                {"name": "Known_1", "title": "Known", "kind": "EntitySet", "url": "1"},
                {
                    "name": "Missing_2",
                    "title": "Missing",
                    "kind": "EntitySet",
                    "url": "2",
                },
            ]
        }

    def get(self, url, *, label):
        class Response:
            content = b"""<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">
              <edmx:DataServices><Schema Namespace="B" xmlns="http://docs.oasis-open.org/odata/ns/edm">
                <EntityType Name="T"><Property Name="A" Type="Edm.String"/></EntityType>
                <EntityContainer Name="C"><EntitySet Name="Known_1" EntityType="B.T"/></EntityContainer>
              </Schema></edmx:DataServices></edmx:Edmx>"""

        return Response()


def test_report_missing_from_metadata_is_left_out(caplog):
    with caplog.at_level(logging.WARNING):
        reports = discover_reports(_CannedClient(), logging.getLogger("test"))
    assert [r.name for r in reports] == ["Known_1"]
    assert "'Missing'" in caplog.text
    assert "not described by $metadata" in caplog.text


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        ({"password": "demo-password"}, "basic-hash"),
        ({"password": None, "password_hash": "DEMO_HASH"}, "basic-hash"),
        ({"username": None, "password": None, "api_key": "DEMO_KEY"}, "bearer"),
        (
            {
                "username": None,
                "password": None,
                "api_key": "DEMO_KEY",
                "api_key_auth": "basic",
            },
            "basic-apikey",
        ),
    ],
)
def test_each_auth_method_discovers(sandbox, tmp_path, auth, expected):
    from tap_brightmetrics.sandbox import DEMO_API_KEY, DEMO_PASSWORD_HASH

    values = {
        key: {"DEMO_HASH": DEMO_PASSWORD_HASH, "DEMO_KEY": DEMO_API_KEY}.get(
            value, value
        )
        for key, value in auth.items()
    }
    catalog = discover(tmp_path, sandbox_config(sandbox, **values))
    assert catalog["streams"]
    assert {entry["auth"] for entry in sandbox.request_log} == {expected}


@pytest.mark.parametrize(
    ("key_properties", "message"),
    [
        ({"Call Detial": ["Call_ID"]}, "'Call Detial'"),
        ({"Call Detail": ["Call_Id"]}, "Call_Id, which the report does not have"),
    ],
)
def test_bad_key_properties_rejected(sandbox, tmp_path, key_properties, message):
    run = run_tap(
        tmp_path,
        sandbox_config(sandbox, key_properties=key_properties),
        args=("--discover",),
    )
    assert run.returncode != 0
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_titles_match_without_case(sandbox, tmp_path):
    catalog = discover(tmp_path, sandbox_config(sandbox, reports=["call detail"]))
    assert [e["tap_stream_id"] for e in catalog["streams"]] == [
        next(r.name for r in sandbox.reports if r.title == "Call Detail")
    ]


def test_summary_key_may_name_interval_start(sandbox, tmp_path):
    summary = next(r for r in sandbox.reports if r.kind == "summary")
    key_properties = {summary.title: ["Queue_Name", "_interval_start"]}
    catalog = discover(
        tmp_path,
        sandbox_config(sandbox, key_properties=key_properties, reports=[summary.title]),
    )
    assert catalog["streams"][0]["key_properties"] == ["Queue_Name", "_interval_start"]


def test_reports_setting_narrows_a_catalog(sandbox, tmp_path, catalog):
    detail = next(r for r in sandbox.reports if r.kind == "detail")
    run = run_tap(
        tmp_path, sandbox_config(sandbox, reports=[detail.title]), catalog=catalog
    )
    assert run.returncode == 0, run.stderr
    assert set(run.record_counts()) == {detail.name}


def test_misspelled_date_filter_is_rejected(sandbox, tmp_path):
    run = run_tap(
        tmp_path,
        sandbox_config(sandbox, date_filter="Call_Date_Tme"),
        args=("--discover",),
    )
    assert run.returncode != 0
    assert "Did you mean Call_Date_Time?" in run.stderr
    assert len(sandbox.request_log) == 2


def test_date_filter_as_the_ui_names_it(sandbox, tmp_path):
    catalog = discover(tmp_path, sandbox_config(sandbox, date_filter="Call Date Time"))
    keys = {
        entry["tap_stream_id"]: entry["replication_key"] for entry in catalog["streams"]
    }
    detail = next(r for r in sandbox.reports if r.kind == "detail")
    assert keys[detail.name] == "Call_Date_Time"


def test_misspelled_date_filter_with_catalog(sandbox, tmp_path, catalog):
    summary = next(r for r in sandbox.reports if r.kind == "summary")
    run = run_tap(
        tmp_path,
        sandbox_config(sandbox, date_filter="Call_Date_Tme"),
        catalog=only(catalog, summary.name),
    )
    assert run.returncode != 0
    assert "Did you mean Call_Date_Time?" in run.stderr
    assert all(e["path"].endswith("$metadata") for e in sandbox.request_log)
