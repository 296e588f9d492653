"""A local Brightmetrics-compatible OData v4 server with generated call-centre data.

It implements the documented API independently of the tap: the service
document, $metadata (service-wide and per report), report data with the
$filter rules, time-range paging with $skiptoken nextLinks, CSV/XLSX/PDF
exports, asynchronous export with ``Prefer: respond-async``, the ``timezone``
parameter, four ways to authenticate, and the request quota.

Behaviour chosen where the vendor documentation is silent:

* Dated reports requested without a Call_Date_Time filter cover the last
  ``default_range_days`` (7) days of data. A missing lower bound is the first
  day of data and a missing upper bound the end of the data.
* Detail pages cover ``page_days`` days each, counted from the lower bound;
  only JSON is paged, other formats carry the whole range in one response.
* The quota is a rolling 24-hour window. Requests refused with 429 are not
  counted, so Retry-After is the time until the oldest counted request leaves
  the window.
* Unformatted CSV has property names as headers and values in their OData JSON
  text form. Formatted CSV and PDF use the UI titles and US display formats.
* The nextLink follows the rows (``{"@odata.context", "value", "@odata.nextLink"}``),
  as a streaming server writes it.
* Every day whose proleptic ordinal is divisible by 11 has no calls.

Admin endpoints, neither counted nor authenticated: ``GET /_sandbox/requests``,
``GET``/``POST /_sandbox/faults``, ``POST /_sandbox/reset`` and the vendor's
quota reset, ``POST /account/reset-quota``.
"""

from __future__ import annotations

from tap_brightmetrics.sandbox.config import (
    DEMO_API_KEY,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_PASSWORD_HASH,
    SandboxConfig,
)
from tap_brightmetrics.sandbox.faults import Faults
from tap_brightmetrics.sandbox.server import Sandbox

__all__ = [
    "DEMO_API_KEY",
    "DEMO_EMAIL",
    "DEMO_PASSWORD",
    "DEMO_PASSWORD_HASH",
    "Faults",
    "Sandbox",
    "SandboxConfig",
]
