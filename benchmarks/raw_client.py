"""The minimal raw client the tap is compared with: requests and the json module.

It follows `@odata.nextLink` from one filtered request and writes one Singer
RECORD line per row to stdout, converting nothing. It prints
`{"rows": N, "pages": P}` to stderr when done. It imports nothing of the tap,
so its start-up is that of requests alone.
"""

from __future__ import annotations

import argparse
import json
import sys

import requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="OData service root")
    parser.add_argument("--report-id", required=True)
    parser.add_argument("--filter", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password-hash", required=True)
    parser.add_argument("--stream", default="Call_Detail")
    args = parser.parse_args()

    session = requests.Session()
    session.auth = (args.user, args.password_hash)
    url: str | None = f"{args.root}/{args.report_id}"
    params: dict[str, str] | None = {"$filter": args.filter}
    write = sys.stdout.write
    rows = pages = 0
    while url:
        response = session.get(url, params=params)
        response.raise_for_status()
        payload = json.loads(response.content)
        for row in payload["value"]:
            message = {"type": "RECORD", "stream": args.stream, "record": row}
            write(json.dumps(message) + "\n")
        rows += len(payload["value"])
        pages += 1
        url, params = payload.get("@odata.nextLink"), None
    sys.stdout.flush()
    print(json.dumps({"rows": rows, "pages": pages}), file=sys.stderr)


if __name__ == "__main__":
    main()
