"""Settings for the command: config files, then environment variables, then options."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

import jsonschema
from singer_sdk.configuration._dict_config import parse_environment_config

from tap_brightmetrics.errors import ConfigurationError
from tap_brightmetrics.settings import config_jsonschema

ENV_PREFIX = "TAP_BRIGHTMETRICS_"
ENV_CONFIG = "ENV"
"""`--config` value with which the tap reads environment variables, skipped here.

This command always reads them.
"""


def read_settings(
    config_files: Sequence[str], overrides: Mapping[str, Any]
) -> dict[str, Any]:
    """Merge the settings, check them against the tap's schema and fill defaults.

    Later config files win over earlier ones, `TAP_BRIGHTMETRICS_*`
    environment variables win over files (as in the tap), and `overrides`
    win over both. They are the command-line options, with None for an
    option that was not given.

    Raises:
        ConfigurationError: a file cannot be read, or a setting is invalid.
    """
    schema = config_jsonschema()
    settings: dict[str, Any] = {}
    for path in config_files:
        if path != ENV_CONFIG:
            settings.update(_read_config_file(path))
    settings.update(_environment_settings(schema))
    settings.update(
        {key: value for key, value in overrides.items() if value is not None}
    )
    # async_export is a string setting; JSON booleans mean the same, as in the tap.
    if isinstance(settings.get("async_export"), bool):
        settings["async_export"] = str(settings["async_export"]).lower()
    _check_schema(settings, schema)
    for name, prop in schema["properties"].items():
        if "default" in prop:
            settings.setdefault(name, prop["default"])
    return settings


def _read_config_file(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as file:
            content = json.load(file)
    except OSError as exc:
        msg = f"Could not read the config file {path}: {exc.strerror}."
        raise ConfigurationError(msg) from None
    except ValueError as exc:
        # The decoder's message gives the position, never the content.
        msg = f"The config file {path} is not valid JSON: {exc}."
        raise ConfigurationError(msg) from None
    if not isinstance(content, dict):
        msg = f"The config file {path} must contain a JSON object of settings."
        raise ConfigurationError(msg)
    return content


def _environment_settings(schema: dict[str, Any]) -> dict[str, Any]:
    # The SDK would otherwise search for a .env file upward from its own
    # installation folder, not the user's, so it gets an empty file instead.
    try:
        settings = parse_environment_config(schema, ENV_PREFIX, dotenv_path=os.devnull)
    except ValueError as exc:
        msg = f"A {ENV_PREFIX}* environment variable has an invalid value: {exc}"
        raise ConfigurationError(msg) from None
    return settings


def _check_schema(settings: Mapping[str, Any], schema: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(schema)
    error = jsonschema.exceptions.best_match(
        validator_class(schema).iter_errors(settings)
    )
    if error is not None:
        raise ConfigurationError(_schema_problem(error, settings, schema))


def _schema_problem(
    error: jsonschema.ValidationError,
    settings: Mapping[str, Any],
    schema: dict[str, Any],
) -> str:
    """Describe a schema violation without quoting the value, which may be secret."""
    if error.validator == "additionalProperties" and not error.absolute_path:
        unknown = sorted(set(settings) - set(schema["properties"]))
        return (
            f"Unknown setting {', '.join(unknown)}. Check the spelling against "
            "`tap-brightmetrics --about`."
        )
    name = ".".join(str(part) for part in error.absolute_path) or "config"
    if error.validator == "type":
        return f"Setting {name} must be of type {error.validator_value}."
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(value) for value in error.validator_value)
        return f"Setting {name} must be one of {allowed}."
    return f"Setting {name} is invalid: it fails the {error.validator} rule."
