"""Helpers shared by the sandbox tests."""

from __future__ import annotations

import typing

import requests

from tap_brightmetrics.sandbox import Sandbox


def report_url(sandbox: Sandbox, title: str) -> str:
    return f"{sandbox.url}/{sandbox.report(title).id}"


def follow_pages(
    session: requests.Session, url: str, params: dict[str, str] | None = None
) -> list[dict[str, typing.Any]]:
    """Return the JSON bodies of every page, following nextLinks."""
    bodies = []
    next_url: str | None = url
    while next_url:
        response = session.get(next_url, params=params, timeout=30)
        assert response.status_code == 200, response.text
        body = response.json()
        bodies.append(body)
        next_url, params = body.get("@odata.nextLink"), None
        assert len(bodies) < 500, "nextLinks do not end"
    return bodies
