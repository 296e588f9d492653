"""Export formats and their selection by $format or the Accept header.

The media types and $format values are those the Brightmetrics API lists:
CSV unformatted and formatted, PDF portrait and landscape, and XLSX, with
OData JSON as the default.
"""

from __future__ import annotations

import dataclasses

from tap_brightmetrics.sandbox.errors import ODataError, bad_request

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_CONTENT_TYPE = (
    "application/json; odata.metadata=minimal; odata.streaming=true; "
    "IEEE754Compatible=true"
)


@dataclasses.dataclass(frozen=True)
class ExportFormat:
    """A response format.

    Attributes:
        kind: "json", "csv", "xlsx" or "pdf".
        variant: "formatted" or "unformatted" for CSV, "portrait" or
            "landscape" for PDF, "" otherwise.
    """

    kind: str
    variant: str = ""

    @property
    def token(self) -> str:
        """The $format value that selects this format."""
        return f"{self.kind};{self.variant}" if self.variant else self.kind

    @property
    def content_type(self) -> str:
        """Content-Type header of responses in this format."""
        return {
            "json": JSON_CONTENT_TYPE,
            "csv": "text/csv; charset=utf-8",
            "xlsx": XLSX_MEDIA_TYPE,
            "pdf": "application/pdf",
        }[self.kind]

    @property
    def extension(self) -> str:
        """File name extension for Content-Disposition."""
        return self.kind


JSON = ExportFormat("json")
CSV = ExportFormat("csv", "unformatted")
CSV_FORMATTED = ExportFormat("csv", "formatted")
XLSX = ExportFormat("xlsx")
PDF = ExportFormat("pdf", "portrait")
PDF_LANDSCAPE = ExportFormat("pdf", "landscape")

_BY_FORMAT_VALUE = {
    "json": JSON,
    "csv": CSV,
    "csv;unformatted": CSV,
    "csv;formatted": CSV_FORMATTED,
    "xlsx": XLSX,
    "pdf": PDF,
    "pdf;portrait": PDF,
    "pdf;landscape": PDF_LANDSCAPE,
}


def from_token(token: str) -> ExportFormat:
    """Return the format of a token written by :attr:`ExportFormat.token`."""
    return _BY_FORMAT_VALUE[token]


def _media_range(text: str) -> tuple[str, set[str], float]:
    parts = [part.strip() for part in text.split(";")]
    media_type = parts[0].lower()
    flags: set[str] = set()
    quality = 1.0
    for parameter in parts[1:]:
        name, _, value = parameter.partition("=")
        name = name.strip().lower()
        if name == "q" and value:
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        elif not value:
            flags.add(name)
    return media_type, flags, quality


def _format_of_media(media_type: str, flags: set[str]) -> ExportFormat | None:
    if media_type in ("*/*", "application/*", "application/json"):
        return JSON
    if media_type in ("text/csv", "text/*"):
        return CSV_FORMATTED if "formatted" in flags else CSV
    if media_type == "application/pdf":
        return PDF_LANDSCAPE if "landscape" in flags else PDF
    if media_type == XLSX_MEDIA_TYPE:
        return XLSX
    return None


def from_format_option(value: str) -> ExportFormat:
    """Return the format named by a $format value or media type.

    Raises:
        ODataError: 400 for an unsupported value.
    """
    compact = "".join(value.split()).lower()
    found = _BY_FORMAT_VALUE.get(compact)
    if found is None and "/" in compact:
        media_type, flags, _ = _media_range(value)
        found = _format_of_media(media_type, flags)
    if found is None:
        raise bad_request(
            "UnsupportedFormat",
            f"Unsupported $format value {value!r}; use json, csv, csv;unformatted, "
            "csv;formatted, xlsx, pdf, pdf;portrait or pdf;landscape.",
        )
    return found


def from_accept(header: str | None) -> ExportFormat:
    """Return the preferred supported format of an Accept header.

    Raises:
        ODataError: 406 when no listed media type is supported.
    """
    if header is None or not header.strip():
        return JSON
    ranges = [_media_range(item) for item in header.split(",") if item.strip()]
    ranges.sort(key=lambda entry: -entry[2])
    for media_type, flags, quality in ranges:
        if quality <= 0:
            continue
        found = _format_of_media(media_type, flags)
        if found is not None:
            return found
    raise ODataError(
        406,
        "NotAcceptable",
        f"None of the media types in Accept: {header} is supported; use "
        "application/json, text/csv, text/csv; formatted, application/pdf, "
        f"application/pdf; landscape or {XLSX_MEDIA_TYPE}.",
    )
