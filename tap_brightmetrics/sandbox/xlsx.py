"""Streaming XLSX (Office Open XML spreadsheet) writer built on zipfile.

The sheet is written row by row into a deflated zip entry. zipfile writes data
descriptors when the output cannot seek, so the body can go straight to a
chunked HTTP response. Cells use inline strings (no shared string table),
Excel serial numbers with date and [h]:mm:ss formats for date/time and
duration values, and text for NaN and infinities, which Excel cannot store.
"""

from __future__ import annotations

import collections.abc
import datetime
import math
import re
import typing
import zipfile
from xml.sax.saxutils import escape

from tap_brightmetrics.sandbox import edm
from tap_brightmetrics.sandbox.edm import Column
from tap_brightmetrics.sandbox.rows import Row
from tap_brightmetrics.sandbox.writers import Sink

_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_INVALID = re.compile(r"[\[\]:*?/\\]")

_HEADER, _DATE_TIME, _DATE, _DURATION, _DECIMAL = 1, 2, 3, 4, 5

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" \
ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""

_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)

_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_OFFICE_RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"""

# Cell styles by index: 0 default, 1 bold header, 2 date and time, 3 date,
# 4 elapsed time, 5 number with two decimals (built-in format 4).
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="166" formatCode="[h]:mm:ss"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\
</cellStyleXfs>\
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>\
</cellStyles></styleSheet>"""

_SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetData>"""
_SHEET_TAIL = "</sheetData></worksheet>"


class _StreamOnly:
    """Wraps a sink so zipfile treats it as unseekable and writes descriptors."""

    def __init__(self, sink: Sink) -> None:
        self._sink = sink

    def write(self, data: bytes) -> int:
        self._sink.write(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered here."""


def column_letters(index: int) -> str:
    """Return the spreadsheet column letters of a zero-based column index."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_name(title: str) -> str:
    r"""Return a valid sheet name (at most 31 characters, no []:*?/\\)."""
    return _SHEET_NAME_INVALID.sub("-", title)[:31] or "Report"


def _text_cell(ref: str, text: str, style: int = 0) -> str:
    text = _INVALID_XML.sub("", text)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    style_attr = f' s="{style}"' if style else ""
    inline = f"<is><t{space}>{escape(text)}</t></is>"
    return f'<c r="{ref}" t="inlineStr"{style_attr}>{inline}</c>'


def _number_cell(ref: str, number: object, style: int = 0) -> str:
    style_attr = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{style_attr}><v>{number}</v></c>'


def _date_time_cell(ref: str, value: datetime.datetime, zone: datetime.tzinfo) -> str:
    local = value.astimezone(zone).replace(tzinfo=None)
    serial = (local - _EXCEL_EPOCH).total_seconds() / 86400
    return _number_cell(ref, repr(serial), _DATE_TIME)


def _double_cell(ref: str, value: float) -> str:
    if math.isfinite(value):
        return _number_cell(ref, value)
    return _text_cell(ref, str(edm.format_double(value)))


_CELLS: dict[str, typing.Callable[[str, typing.Any, datetime.tzinfo], str]] = {
    edm.STRING: lambda ref, value, zone: _text_cell(ref, value),
    edm.BOOLEAN: lambda ref, value, zone: f'<c r="{ref}" t="b"><v>{int(value)}</v></c>',
    edm.DATE_TIME_OFFSET: _date_time_cell,
    edm.DATE: lambda ref, value, zone: _number_cell(
        ref, (value - _EXCEL_EPOCH.date()).days, _DATE
    ),
    edm.DURATION: lambda ref, value, zone: _number_cell(
        ref, repr(value.total_seconds() / 86400), _DURATION
    ),
    edm.DOUBLE: lambda ref, value, zone: _double_cell(ref, value),
    edm.DECIMAL: lambda ref, value, zone: _number_cell(ref, value, _DECIMAL),
}


def _cell(ref: str, column: Column, value: typing.Any, zone: datetime.tzinfo) -> str:
    build = _CELLS.get(column.edm_type)
    return _number_cell(ref, value) if build is None else build(ref, value, zone)


def write_xlsx(
    sink: Sink,
    title: str,
    columns: typing.Sequence[Column],
    rows: collections.abc.Iterable[Row],
    zone: datetime.tzinfo,
) -> int:
    """Write a one-sheet workbook: titles in row 1, then one row per record.

    Date/time cells hold the wall-clock time in ``zone`` (Excel has no time
    zones). Returns the number of records.
    """
    letters = [column_letters(index) for index in range(len(columns))]
    count = 0
    with zipfile.ZipFile(_StreamOnly(sink), "w", zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            _WORKBOOK.format(name=escape(sheet_name(title), {'"': "&quot;"})),
        )
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            header = "".join(
                _text_cell(f"{letter}1", column.title, _HEADER)
                for letter, column in zip(letters, columns, strict=True)
            )
            sheet.write(f'<row r="1">{header}</row>'.encode())
            parts: list[str] = []
            for row in rows:
                count += 1
                number = count + 1
                cells = [
                    _cell(f"{letter}{number}", column, row[column.name], zone)
                    for letter, column in zip(letters, columns, strict=True)
                    if row[column.name] is not None
                ]
                parts.append(f'<row r="{number}">{"".join(cells)}</row>')
                if len(parts) >= 500:
                    sheet.write("".join(parts).encode())
                    parts.clear()
            parts.append(_SHEET_TAIL)
            sheet.write("".join(parts).encode())
    return count
