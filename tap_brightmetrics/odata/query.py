"""Query strings for OData system query options and custom query options."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote

QueryParams = Sequence[tuple[str, str]] | Mapping[str, str]
"""Query options as (name, value) pairs, or a mapping of name to value."""

# Characters that stay as they are in values besides letters, digits and the
# "-._~" that `quote` never encodes. OData literals use them ('Sales',
# in ('a', 'b'), 2020-06-01T00:00:00Z), and none of them separates or ends a
# query string. Everything else is percent-encoded, UTF-8 first: "&", "=",
# "+", "#", "%", "?", "/", space (as %20, never "+"), control characters and
# non-ASCII letters.
_VALUE_SAFE = "'(),:"
# Names also keep "$", so that system query options read "$filter".
_NAME_SAFE = "$" + _VALUE_SAFE


def _pairs(params: QueryParams) -> list[tuple[str, str]]:
    if isinstance(params, Mapping):
        return list(params.items())
    return list(params)


def encode_query(params: QueryParams) -> str:
    """Encode query options as a query string, without the leading "?".

    Option order is kept. `urllib.parse.parse_qsl(result,
    keep_blank_values=True)` returns the exact names and values.

    Raises:
        TypeError: a name or value is not a string.
        ValueError: a name is empty.
    """
    encoded: list[str] = []
    for name, value in _pairs(params):
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(
                f"Query option {name!r}={value!r} must have a string name and "
                "value. Format the value with format_literal or str() first."
            )
        if not name:
            raise ValueError(f"Query option with value {value!r} has an empty name.")
        encoded.append(
            quote(name, safe=_NAME_SAFE) + "=" + quote(value, safe=_VALUE_SAFE)
        )
    return "&".join(encoded)


def with_query(url: str, params: QueryParams) -> str:
    """Append query options to a URL, after any query that it already has.

    A fragment ("#...") stays at the end. The URL is returned unchanged when
    there are no options.
    """
    query = encode_query(params)
    if not query:
        return url
    base, hash_sign, fragment = url.partition("#")
    if "?" not in base:
        separator = "?"
    elif base.endswith(("?", "&")):
        separator = ""
    else:
        separator = "&"
    return base + separator + query + hash_sign + fragment
