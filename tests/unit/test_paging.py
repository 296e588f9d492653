from __future__ import annotations

import pytest

from tap_brightmetrics.errors import APIError
from tap_brightmetrics.paging import LinkChain, page_rows, resolve_next_link

ROOT = "https://example.test/OData.ashx"
REQUEST = f"{ROOT}/abc?$filter=x"


def test_absolute_next_link_is_kept_byte_for_byte():
    link = f"{ROOT}/abc?$skiptoken=a%2Bb%3D%3D&x='1'"
    assert resolve_next_link({"@odata.nextLink": link}, REQUEST, ROOT) == link


def test_relative_link_resolves_against_context():
    payload = {
        "@odata.context": f"{ROOT}/$metadata#Calls",
        "@odata.nextLink": "abc?$skiptoken=2",
    }
    assert resolve_next_link(payload, REQUEST, ROOT) == f"{ROOT}/abc?$skiptoken=2"


def test_context_outside_root_falls_back_to_request():
    payload = {
        "@odata.context": "https://example.test/$metadata#Calls",
        "@odata.nextLink": "abc?$skiptoken=2",
    }
    assert resolve_next_link(payload, REQUEST, ROOT) == f"{ROOT}/abc?$skiptoken=2"


def test_odata_401_names():
    payload = {"@context": f"{ROOT}/$metadata#Calls", "@nextLink": "abc?$skiptoken=3"}
    assert resolve_next_link(payload, REQUEST, ROOT) == f"{ROOT}/abc?$skiptoken=3"


@pytest.mark.parametrize("link", [None, "", "  "])
def test_empty_link_ends_paging(link):
    assert resolve_next_link({"@odata.nextLink": link}, REQUEST, ROOT) is None


def test_chain_rejects_repeated_link():
    chain = LinkChain("Call Detail")
    chain.visit("a")
    chain.visit("b")
    with pytest.raises(APIError, match="already followed"):
        chain.visit("a")


def test_page_without_value_is_an_error():
    with pytest.raises(APIError, match="no 'value' list"):
        page_rows({"rows": []}, "Call Detail")
