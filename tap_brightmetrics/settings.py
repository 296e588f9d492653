"""The tap's settings: JSON Schema with titles, descriptions and secrets."""

from __future__ import annotations

from singer_sdk import typing as th

DEFAULT_API_URL = "https://webapp.brightmetrics.com/OData.ashx"

_FILTER_VALUE = th.CustomType(
    {
        "description": (
            "A string or number (eq), a list (in), or an object of operators: "
            "eq, ne, gt, ge, lt, le, in."
        )
    }
)

_CONNECTION = th.PropertiesList(
    th.Property(
        "api_url",
        th.URIType,
        default=DEFAULT_API_URL,
        title="API URL",
        description="OData service root of the Brightmetrics API. Plain http is "
        "accepted only for loopback addresses, such as the local sandbox.",
    ),
    th.Property(
        "username",
        th.StringType,
        title="Username",
        description="Email address you sign in to Brightmetrics with, for Basic "
        "authentication with password or password_hash.",
    ),
    th.Property(
        "password",
        th.StringType,
        secret=True,
        title="Password",
        description="Brightmetrics password. The tap sends only its base64 "
        "SHA-256 hash, never the password itself.",
    ),
    th.Property(
        "password_hash",
        th.StringType,
        secret=True,
        title="Password hash",
        description="Base64 SHA-256 of the password, as `brightmetrics "
        "hash-password` prints it, so the password need not be stored.",
    ),
    th.Property(
        "api_key",
        th.StringType,
        secret=True,
        title="API key",
        description="Personal API key from the My Account page, used instead of "
        "username and password.",
    ),
    th.Property(
        "api_key_auth",
        th.StringType,
        default="bearer",
        allowed_values=["bearer", "basic"],
        title="API key authentication",
        description="How the API key is sent: `bearer` (Authorization: Bearer) "
        "or `basic` (Basic with user name `apikey`).",
    ),
)

_SELECTION = th.PropertiesList(
    th.Property(
        "start_date",
        th.DateTimeType,
        title="Start date",
        description="Earliest date-time to sync (ISO 8601, for example "
        "2026-01-01T00:00:00Z). Required when a selected report has a date filter.",
    ),
    th.Property(
        "end_date",
        th.DateTimeType,
        title="End date",
        description="Latest date-time to sync (ISO 8601). Default: now.",
    ),
    th.Property(
        "delay_minutes",
        th.NumberType,
        default=0,
        title="Delay",
        description="Minutes before now at which a run stops reading, so calls "
        "that Brightmetrics has not loaded yet are read by a later run instead of "
        "being passed by the bookmark. Applies to end_date too.",
    ),
    th.Property(
        "reports",
        th.ArrayType(th.StringType),
        title="Reports",
        description="Report ids (the `url` in the service document) or titles to "
        "discover. Default: every saved report the account can see.",
    ),
    th.Property(
        "date_filter",
        th.StringType,
        default="Call_Date_Time",
        title="Date filter property",
        description="Filter property that bounds each request by date. A report "
        "whose rows carry it is synced page by page; one that only filters by it "
        "is synced one summary interval at a time.",
    ),
    th.Property(
        "summary_interval",
        th.StringType,
        default="day",
        allowed_values=["hour", "day", "week", "month"],
        title="Summary interval",
        description="Length of the date range requested for each summary record "
        "set; one request per interval.",
    ),
    th.Property(
        "key_properties",
        th.ObjectType(additional_properties=th.ArrayType(th.StringType)),
        title="Key properties",
        description="Primary key columns per report, keyed by report id, stream "
        "name or title. Summary reports also get `_interval_start`.",
    ),
    th.Property(
        "filters",
        th.ObjectType(
            additional_properties=th.ObjectType(additional_properties=_FILTER_VALUE)
        ),
        title="Filters",
        description="Report filters keyed by report id, stream name, title or `*`, "
        "each mapping a filter property (as the UI names it or as an OData "
        "identifier) to a value, a list, or an object of operators.",
    ),
    th.Property(
        "timezone",
        th.StringType,
        title="Timezone",
        description="Windows time zone name, such as `Pacific Standard Time`, for "
        "timezone-aware data sets (Genesys Cloud, MiContact Center Business). "
        "Default: the API's own, UTC.",
    ),
    th.Property(
        "timezone_parameter",
        th.StringType,
        default="timezone",
        title="Timezone parameter",
        description="Name of the URL parameter that carries `timezone`.",
    ),
)

_LIMITS = th.PropertiesList(
    th.Property(
        "async_export",
        th.StringType,
        default="false",
        allowed_values=["false", "true", "auto"],
        title="Asynchronous export",
        description="`true`: request each report range as one asynchronous "
        "export; `auto`: only for ranges longer than async_threshold_days.",
    ),
    th.Property(
        "async_threshold_days",
        th.IntegerType,
        default=7,
        title="Asynchronous export threshold",
        description="With async_export `auto`, ranges longer than this many days "
        "use an asynchronous export.",
    ),
    th.Property(
        "async_timeout",
        th.NumberType,
        default=1800,
        title="Asynchronous export timeout",
        description="Seconds to wait for an asynchronous export before giving up "
        "(its status URL lives for one hour).",
    ),
    th.Property(
        "max_requests",
        th.IntegerType,
        default=100,
        title="Maximum requests",
        description="Stop cleanly after this many requests in one run, with state "
        "written so the next run continues. Every user of a company shares 150 "
        "requests per 24 hours, so the default leaves 50 for colleagues.",
    ),
    th.Property(
        "max_tries",
        th.IntegerType,
        default=5,
        title="Maximum tries",
        description="Tries per request for 5xx responses, short 429s, dropped "
        "connections and cut-off bodies. Each try is one request of the quota.",
    ),
    th.Property(
        "max_retry_wait",
        th.NumberType,
        default=300,
        title="Maximum retry wait",
        description="Maximum wait between tries, in seconds. A 429 that requests a "
        "longer wait is treated as the daily quota being spent.",
    ),
    th.Property(
        "request_timeout",
        th.NumberType,
        default=300,
        title="Request timeout",
        description="Seconds to wait for the server to respond to a request.",
    ),
)


def config_jsonschema() -> dict:
    """Return the settings schema; unknown keys are an error, not a silent default."""
    schema = th.PropertiesList(
        *_CONNECTION.wrapped.values(),
        *_SELECTION.wrapped.values(),
        *_LIMITS.wrapped.values(),
    ).to_dict()
    schema["additionalProperties"] = False
    return schema
