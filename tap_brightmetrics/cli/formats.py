"""Export formats: the Accept media type and the `$format` value of each."""

from __future__ import annotations

from dataclasses import dataclass

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportFormat:
    """A format the API can export a report in.

    `media_type` goes in the Accept header; `format_option` is the value of
    the `$format` query option that selects the same format.
    """

    name: str
    media_type: str
    format_option: str

    @property
    def is_json(self) -> bool:
        """Whether the export is OData JSON, which is paged and parsed row by row."""
        return self.name == "json"

    @property
    def base_media_type(self) -> str:
        """The media type without parameters, as a response's Content-Type has it."""
        return self.media_type.split(";", 1)[0].strip().lower()


# The media types and $format values the vendor documents, unformatted CSV and
# portrait PDF in their plain forms. NOTE: the vendor's tables leave both
# values of Excel blank; the standard .xlsx media type and "xlsx" are assumed.
FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("json", "application/json", "json"),
        ExportFormat("csv", "text/csv", "csv"),
        ExportFormat("csv-formatted", "text/csv; formatted", "csv;formatted"),
        ExportFormat("xlsx", XLSX_MEDIA_TYPE, "xlsx"),
        ExportFormat("pdf", "application/pdf", "pdf"),
        ExportFormat("pdf-landscape", "application/pdf; landscape", "pdf;landscape"),
    )
}

VIA_ACCEPT = "accept"
VIA_QUERY = "query"
