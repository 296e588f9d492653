"""The Singer SDK's standard tap tests, against a sandbox started at import.

`get_tap_test_class` builds the tap while the module is collected, so the
sandbox must already be serving then.
"""

from __future__ import annotations

import atexit

from singer_sdk.testing import SuiteConfig, get_tap_test_class

from tap_brightmetrics.sandbox import Sandbox
from tap_brightmetrics.tap import TapBrightmetrics
from tests.conftest import small_sandbox_config
from tests.tapruns import sandbox_config

_SANDBOX = Sandbox(small_sandbox_config(days=3, calls_per_day=20)).start()
atexit.register(_SANDBOX.stop)

TestTapBrightmetrics = get_tap_test_class(
    tap_class=TapBrightmetrics,
    config=sandbox_config(
        _SANDBOX, start_date="2026-11-27T00:00:00Z", end_date="2026-11-30T00:00:00Z"
    ),
    parse_env_config=False,
    suite_config=SuiteConfig(max_records_limit=None),
)
