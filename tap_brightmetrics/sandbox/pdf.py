"""Streaming PDF writer: a plain table in Helvetica on Letter pages.

Pages are written as they fill, so the body can stream. Text uses the
standard Helvetica fonts with WinAnsiEncoding; characters outside that code
page (such as CJK) print as "?". Landscape pages swap the MediaBox sides.
"""

from __future__ import annotations

import collections.abc
import datetime
import typing

from tap_brightmetrics.sandbox.display import display_value
from tap_brightmetrics.sandbox.edm import Column
from tap_brightmetrics.sandbox.rows import Row
from tap_brightmetrics.sandbox.writers import Sink

LETTER = (612, 792)
_MARGIN = 36
_FONT_SIZE = 6.5
_LINE = 9.0
_HEADER_SPACE = 52.0


class _CountingSink:
    def __init__(self, sink: Sink) -> None:
        self._sink = sink
        self.offset = 0

    def write(self, data: bytes) -> None:
        self._sink.write(data)
        self.offset += len(data)


def _pdf_text(text: str) -> str:
    encoded = text.encode("cp1252", errors="replace").decode("latin-1")
    return encoded.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _fit(text: str, width: float, size: float) -> str:
    # Helvetica glyphs average about half the font size in width.
    limit = max(1, int(width / (size * 0.52)))
    return text if len(text) <= limit else text[: limit - 1] + "~"


class _PdfDocument:
    def __init__(self, sink: Sink, landscape: bool) -> None:
        self.out = _CountingSink(sink)
        self.width, self.height = LETTER[::-1] if landscape else LETTER
        self.offsets: dict[int, int] = {}
        self.page_ids: list[int] = []
        self.next_id = 6  # 1 catalog, 2 pages, 3-4 fonts, 5 info

    def write_object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.out.offset
        self.out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")

    def allocate(self) -> int:
        number = self.next_id
        self.next_id += 1
        return number

    def start(self, title: str) -> None:
        self.out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        self.write_object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        for number, font in ((3, "Helvetica"), (4, "Helvetica-Bold")):
            self.write_object(
                number,
                f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} "
                "/Encoding /WinAnsiEncoding >>".encode(),
            )
        info = f"<< /Title ({_pdf_text(title)}) /Producer (Brightmetrics sandbox) >>"
        self.write_object(5, info.encode("latin-1"))

    def add_page(self, content: str) -> None:
        stream = content.encode("latin-1")
        content_id, page_id = self.allocate(), self.allocate()
        self.write_object(
            content_id,
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
        )
        self.write_object(
            page_id,
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {self.width} {self.height}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            f"/Contents {content_id} 0 R >>".encode(),
        )
        self.page_ids.append(page_id)

    def finish(self) -> None:
        kids = " ".join(f"{number} 0 R" for number in self.page_ids)
        self.write_object(
            2, f"<< /Type /Pages /Kids [{kids}] /Count {len(self.page_ids)} >>".encode()
        )
        xref_offset = self.out.offset
        lines = [f"xref\n0 {self.next_id}\n", "0000000000 65535 f \n"]
        lines += [f"{self.offsets[n]:010d} 00000 n \n" for n in range(1, self.next_id)]
        lines.append(
            f"trailer\n<< /Size {self.next_id} /Root 1 0 R /Info 5 0 R >>\n"
            f"startxref\n{xref_offset}\n%%EOF\n"
        )
        self.out.write("".join(lines).encode())


def _text_at(x: float, y: float, text: str, font: str, size: float) -> str:
    return f"BT /{font} {size} Tf {x:.2f} {y:.2f} Td ({_pdf_text(text)}) Tj ET\n"


def write_pdf(
    sink: Sink,
    title: str,
    *,
    subtitle: str,
    columns: typing.Sequence[Column],
    rows: collections.abc.Iterable[Row],
    zone: datetime.tzinfo,
    landscape: bool,
) -> int:
    """Write the report as a table, repeating title and headers on every page.

    Returns the number of rows.
    """
    document = _PdfDocument(sink, landscape)
    document.start(title)
    column_width = (document.width - 2 * _MARGIN) / max(1, len(columns))
    per_page = int((document.height - 2 * _MARGIN - _HEADER_SPACE) // _LINE)

    def page_head(number: int) -> list[str]:
        top = document.height - _MARGIN
        parts = [
            _text_at(_MARGIN, top - 12, title, "F2", 12),
            _text_at(_MARGIN, top - 26, subtitle, "F1", 8),
            _text_at(
                document.width - _MARGIN - 40, _MARGIN - 14, f"Page {number}", "F1", 7
            ),
        ]
        for index, column in enumerate(columns):
            label = _fit(column.title, column_width, _FONT_SIZE)
            x = _MARGIN + index * column_width
            parts.append(_text_at(x, top - 44, label, "F2", _FONT_SIZE))
        return parts

    count = 0
    page_number = 1
    parts = page_head(page_number)
    line = 0
    for row in rows:
        if line == per_page:
            document.add_page("".join(parts))
            page_number += 1
            parts = page_head(page_number)
            line = 0
        y = document.height - _MARGIN - _HEADER_SPACE - line * _LINE
        for index, column in enumerate(columns):
            text = display_value(column, row[column.name], zone)
            if text:
                x = _MARGIN + index * column_width
                parts.append(
                    _text_at(
                        x, y, _fit(text, column_width, _FONT_SIZE), "F1", _FONT_SIZE
                    )
                )
        line += 1
        count += 1
    if not count:
        y = document.height - _MARGIN - _HEADER_SPACE
        parts.append(_text_at(_MARGIN, y, "No data for the selected filters.", "F1", 8))
    document.add_page("".join(parts))
    document.finish()
    return count
