"""The Brightmetrics tap: settings, discovery from the API or from the catalog."""

from __future__ import annotations

import datetime
import difflib
import json
import signal
import sys
from collections.abc import Sequence
from functools import cached_property
from pathlib import PurePath
from types import FrameType
from typing import Any, ClassVar

import simplejson
from singer_sdk import Tap
from singer_sdk.contrib.msgspec import MsgSpecWriter
from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.helpers.capabilities import (
    CapabilitiesEnum,
    PluginCapabilities,
    TapCapabilities,
)

from tap_brightmetrics.client import ODataClient
from tap_brightmetrics.config import TapConfig, load_config
from tap_brightmetrics.discovery import discover_reports, fetch_filter_properties
from tap_brightmetrics.errors import BrightmetricsError, ConfigurationError
from tap_brightmetrics.odata.filters import select_filter_spec, unmatched_filter_keys
from tap_brightmetrics.odata.identifiers import to_identifier
from tap_brightmetrics.records import format_utc
from tap_brightmetrics.reports import Report, report_from_catalog_entry
from tap_brightmetrics.settings import config_jsonschema
from tap_brightmetrics.streams import ReportStream
from tap_brightmetrics.timezones import zone_for


class TapBrightmetrics(Tap):
    """Singer tap for saved Brightmetrics reports."""

    name = "tap-brightmetrics"
    dynamic_catalog = True
    message_writer_class = MsgSpecWriter
    config_jsonschema = config_jsonschema()
    # No BATCH: batch files would be written ahead of the page-by-page STATE
    # messages that make a run resumable.
    capabilities: ClassVar[list[CapabilitiesEnum]] = [
        TapCapabilities.CATALOG,
        TapCapabilities.STATE,
        TapCapabilities.DISCOVER,
        PluginCapabilities.ABOUT,
        PluginCapabilities.STREAM_MAPS,
        PluginCapabilities.FLATTENING,
        PluginCapabilities.STRUCTURED_LOGGING,
    ]

    def __init__(
        self,
        *,
        config: dict | PurePath | str | list[PurePath | str] | None = None,
        catalog: PurePath | str | dict | None = None,
        state: PurePath | str | dict | None = None,
        parse_env_config: bool = False,
        validate_config: bool = True,
        setup_mapper: bool = True,
        **kwargs: Any,
    ) -> None:
        if isinstance(catalog, (str, PurePath)):
            catalog = _read_json_file(catalog, "catalog")
        if isinstance(state, (str, PurePath)):
            state = _read_json_file(state, "state")
        # The SDK's catalog classes drop unknown metadata keys; keep the raw
        # document for the tap's own `brightmetrics-*` keys.
        self._raw_catalog: dict | None = catalog if isinstance(catalog, dict) else None
        self._tap_config: TapConfig | None = None
        self.run_started = datetime.datetime.now(datetime.timezone.utc)
        super().__init__(
            config=config,
            catalog=catalog,
            state=state,
            parse_env_config=parse_env_config,
            validate_config=validate_config,
            setup_mapper=setup_mapper,
            **kwargs,
        )

    # Settings

    def _validate_config(self, *, raise_errors: bool = True) -> list[str]:
        # async_export is a string setting, so that an environment variable of
        # "auto" stays "auto"; JSON booleans in a config file mean the same.
        value = self._config.get("async_export")
        if isinstance(value, bool):
            self._config["async_export"] = str(value).lower()
        errors = super()._validate_config(raise_errors=raise_errors)
        if errors:
            return errors
        try:
            self._tap_config = load_config(self.config)
        except ConfigurationError as exc:
            if raise_errors:
                raise ConfigValidationError(
                    "Config validation failed", errors=[str(exc)]
                ) from None
            return [str(exc)]
        return []

    @property
    def tap_config(self) -> TapConfig:
        """The settings, parsed and checked."""
        if self._tap_config is None:
            try:
                self._tap_config = load_config(self.config)
            except ConfigurationError as exc:
                raise ConfigValidationError(
                    "Config validation failed", errors=[str(exc)]
                ) from None
        return self._tap_config

    @cached_property
    def sync_end(self) -> datetime.datetime:
        """The inclusive end of every window and interval of this run, whole seconds.

        It is end_date, but at most now less `delay_minutes`: a bookmark in
        the future would skip the calls that arrive before it.
        """
        delay = datetime.timedelta(minutes=float(self.config.get("delay_minutes", 0)))
        latest = self.run_started - delay
        end = self.tap_config.end_date or latest
        if end > latest:
            self.logger.warning(
                "end_date %s is later than now less delay_minutes; syncing up to %s "
                "so that later data is read by the next run.",
                self.config.get("end_date"),
                format_utc(latest.replace(microsecond=0)),
            )
            end = latest
        return end.replace(microsecond=0)

    @cached_property
    def zone(self) -> datetime.tzinfo:
        """The calendar summary intervals follow: the configured timezone, else UTC."""
        name = self.tap_config.timezone
        return zone_for(name) if name else datetime.timezone.utc

    @cached_property
    def client(self) -> ODataClient:
        """The one HTTP client of this run."""
        return ODataClient(
            self.tap_config.api_url,
            self.tap_config.credentials,
            logger=self.logger,
            max_requests=self.tap_config.max_requests,
            max_tries=int(self.config.get("max_tries", 5)),
            max_retry_wait=float(self.config.get("max_retry_wait", 300)),
            timeout=float(self.config.get("request_timeout", 300)),
        )

    # Discovery

    def discover_streams(self) -> Sequence[ReportStream]:
        """Build one stream per report, from the catalog when it has what is needed.

        With a catalog written by this tap's discovery no request is sent.
        Without one, discovery costs two requests (the service document and
        `$metadata`) plus one `<report>/$metadata` per report with filters.
        """
        reports = self._reports_from_catalog()
        if reports is not None:
            reports = self._select_configured(reports, source="the catalog")
        else:
            discovered = discover_reports(self.client, self.logger)
            self._check_date_filter(discovered)
            self._check_filter_keys(discovered)
            reports = self._select_configured(discovered, source="the service document")
            self._read_filters_of_filtered(reports)
        return [ReportStream(self, report) for report in reports]

    def _reports_from_catalog(self) -> list[Report] | None:
        if not self._raw_catalog:
            return None
        entries = self._raw_catalog.get("streams", [])
        reports = [report_from_catalog_entry(entry) for entry in entries]
        if not entries or any(report is None for report in reports):
            self.logger.info(
                "The catalog lacks brightmetrics-report-id metadata for some "
                "streams; discovering reports from the API."
            )
            return None
        return [report for report in reports if report is not None]

    def _select_configured(self, reports: list[Report], *, source: str) -> list[Report]:
        references = self.config.get("reports") or []
        if not references:
            return reports
        unknown = [
            ref for ref in references if not any(r.matches(ref) for r in reports)
        ]
        if unknown:
            available = "; ".join(f"{r.title} ({r.id})" for r in reports) or "none"
            msg = (
                f"reports lists {', '.join(map(repr, unknown))}, which {source} "
                f"does not have. Available reports: {available}. "
                "Use an id or a title exactly as listed (`brightmetrics reports`)."
            )
            raise ConfigurationError(msg)
        return [r for r in reports if any(r.matches(ref) for ref in references)]

    def _check_date_filter(self, reports: list[Report]) -> None:
        """Reject a date_filter that is a near miss of the reports' date columns.

        Only detail reports carry the date filter as a column. A date_filter
        that no report has but that is close to one of their date-time columns
        is most likely misspelled, and it would make every report a full read.
        """
        date_filter = to_identifier(self.config.get("date_filter") or "Call_Date_Time")
        if any(report.has_column(date_filter) for report in reports):
            return
        date_columns = sorted(
            {
                name
                for report in reports
                for name, schema in report.schema.get("properties", {}).items()
                if schema.get("format") == "date-time"
            }
        )
        close = difflib.get_close_matches(date_filter, date_columns, n=1)
        if close:
            msg = (
                f"date_filter {date_filter!r} is a column of no report. Did you mean "
                f"{close[0]}? Set date_filter to the reports' date filter, as "
                "`brightmetrics filters REPORT` lists it."
            )
            raise ConfigurationError(msg)

    def _check_filter_keys(self, reports: list[Report]) -> None:
        """Reject filters and key_properties entries that name no report."""
        unmatched = {
            "filters": unmatched_filter_keys(
                self.config.get("filters") or {},
                [(r.id, r.name, r.title) for r in reports],
            ),
            "key_properties": [
                key
                for key in self.config.get("key_properties") or {}
                if not any(r.matches(key) for r in reports)
            ],
        }
        for setting, keys in unmatched.items():
            if keys:
                msg = (
                    f"{setting} has entries for {', '.join(map(repr, keys))}, which "
                    "match no discovered report. Use a report id, stream name or "
                    "title as `brightmetrics reports` lists them."
                )
                raise ConfigurationError(msg)

    def _read_filters_of_filtered(self, reports: list[Report]) -> None:
        filters = self.config.get("filters") or {}
        for report in reports:
            explicit, wildcard = select_filter_spec(
                filters,
                report_id=report.id,
                stream_name=report.name,
                title=report.title,
            )
            if explicit or wildcard:
                report.filter_properties = fetch_filter_properties(
                    self.client, report, label="discovery"
                )

    @property
    def catalog_dict(self) -> dict:
        """The discovered catalog, with each report's id and title in its metadata."""
        catalog = super().catalog_dict
        streams = {
            s.name: s for s in self.streams.values() if isinstance(s, ReportStream)
        }
        for entry in catalog.get("streams", []):
            stream = streams.get(entry["tap_stream_id"])
            if stream is None:
                continue
            for item in entry.get("metadata", []):
                if not item.get("breadcrumb"):
                    item.setdefault("metadata", {}).update(
                        stream.report.catalog_metadata()
                    )
        return catalog

    # Sync

    def sync_all(self) -> None:  # type: ignore[misc]
        """Check every selected report's filters, sync, then log the requests used."""
        try:
            for stream in self._selected_streams():
                stream.prepare()
            self._warn_if_over_budget()
            super().sync_all()
        except BrightmetricsError as exc:
            if exc.exit_code == 0:
                self.logger.info(
                    "Stopped: %s State is written; the next run continues.", exc
                )
                return
            raise
        finally:
            self._log_usage()

    def _warn_if_over_budget(self) -> None:
        planned = sum(stream.planned_requests for stream in self._selected_streams())
        budget = self.client.budget_left
        if budget is not None and planned > budget:
            self.logger.warning(
                "The summary reports need %d interval requests in all, but "
                "max_requests leaves %d for this run (before detail pages); later "
                "runs continue where this one stops.",
                planned,
                budget,
            )

    def _selected_streams(self) -> list[ReportStream]:
        return [
            stream
            for stream in self.streams.values()
            if isinstance(stream, ReportStream) and stream.selected
        ]

    def _log_usage(self) -> None:
        if "client" in self.__dict__:
            self.logger.info("Requests used: %s.", self.client.usage.summary())

    def _handle_termination(self, signum: int, frame: FrameType | None) -> None:
        """Write state, then exit with 128 + the signal number, as shells do.

        The SDK exits 0 here, so an orchestrator would count a stopped run as a
        success.
        """
        try:
            self.state_writer.write_state(self.state)
        finally:
            self.logger.warning(
                "Stopped by %s; the next run continues from the state written.",
                signal.Signals(signum).name,
            )
            sys.exit(128 + signum)

    def load_state(self, state: dict[str, Any]) -> None:
        """Load state, also in the wrapped form `meltano state get` prints."""
        if isinstance(state, dict) and isinstance(state.get("singer_state"), dict):
            state = state["singer_state"]
        if not isinstance(state, dict):
            msg = (
                f"The state must be a JSON object with 'bookmarks', not {state!r:.60}."
            )
            raise ConfigurationError(msg)
        super().load_state(state)


# The SDK reads --state and --catalog with simplejson when it is installed.
JSON_ERRORS = (json.JSONDecodeError, simplejson.JSONDecodeError)


def _read_json_file(path: str | PurePath, kind: str) -> Any:
    """Read a catalog or state file, with a clear error for a bad one."""
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except OSError as exc:
        msg = f"Cannot read the {kind} file {str(path)!r}: {exc.strerror}."
        raise ConfigurationError(msg) from None
    except ValueError as exc:
        msg = f"The {kind} file {str(path)!r} is not valid JSON: {exc}."
        raise ConfigurationError(msg) from None


def main() -> None:
    """Run the tap's command line; a known failure ends with its message only."""
    try:
        TapBrightmetrics.cli()
    except BrightmetricsError as exc:
        TapBrightmetrics.logger.error("%s", exc)
        sys.exit(exc.exit_code)
    except FileNotFoundError as exc:
        TapBrightmetrics.logger.error("Cannot read %s: %s.", exc.filename, exc.strerror)
        sys.exit(1)
    except JSON_ERRORS as exc:
        TapBrightmetrics.logger.error(
            "A --config, --state or --catalog file is not valid JSON: %s.", exc
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
