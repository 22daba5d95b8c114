"""Reading and writing the workbooks people fill in (the student roster, the elder registry, ...): the shared part.

Each workbook module (people/roster.py, elders/registry/workbook.py) keeps its own columns, value lists and row
rules and builds on this: the file checks before openpyxl sees the file, a streaming reader that finds the header
under a title row or two, the header's common problems, cell readers (text, dates, numbers Excel mangled), the row error
that names the row and the column, the error report (the upload with a 错误原因 column), and the upload folder.

Messages are Chinese literals, not translated msgids: they talk about the Chinese workbook's own headers and
values to the person who fixes the file, and each names the row, the column and what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone

from .chinese import chinese_date

MAX_BYTES = 10 * 1024 * 1024
HEADER_SCAN_ROWS = 10  # a title row or two above the header is common
ERROR_COLUMN = "错误原因"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = "FFF2CC"

Source = str | os.PathLike | IO[bytes]
Out = str | os.PathLike | IO[bytes]


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    max_length: int | None = None


# --- errors -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None  # the Excel row number; None for the file as a whole
    column: str  # the column's header ("" for the file or a whole row)
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


def error(row: int | None, column: str, code: str, text: str) -> RowError:
    where = ""
    if row:
        where = f"第{row}行「{column}」" if column else f"第{row}行"
    elif column:
        where = f"「{column}」"
    return RowError(row, column, code, f"{where}：{text}" if where else text)



def over_length(row: int, header: str, text: str, limit: int | None, errors: list[RowError]) -> bool:
    """Whether a cell's `text` is longer than `limit` (None: no limit); its refusal in `errors` when it is."""
    if limit and len(text) > limit:
        errors.append(error(row, header, "too_long", f"太长（{len(text)} 个字），最多 {limit} 个字，请缩短。"))
        return True
    return False

# --- opening the file -------------------------------------------------------------------------


def _size_of(source: Source) -> int:
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    pos = source.tell()
    source.seek(0, os.SEEK_END)
    end = source.tell()
    source.seek(pos)
    return end


def _head(source: Source) -> bytes:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as fh:
            return fh.read(8)
    pos = source.tell()
    head = source.read(8)
    source.seek(pos)
    return head


def check_file(source: Source) -> RowError | None:
    """Size and type, before openpyxl sees the file."""
    size = _size_of(source)
    if size > MAX_BYTES:
        return error(None, "", "too_large", f"文件有 {size / 1024 / 1024:.1f} MB，超过 {MAX_BYTES // 1024 // 1024} MB"
                     "的上限，请分成几个文件分别导入（例如按年级）。")
    head = _head(source)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return error(None, "", "xls_format", "这是旧版 Excel 97-2003 文件（.xls），请用 Excel 或 WPS 打开后"
                     "“另存为” Excel 工作簿（.xlsx）再上传。")
    if not head.startswith(b"PK"):
        return error(None, "", "not_xlsx", "文件不是 Excel 工作簿（.xlsx），请下载导入模板填写，或用 Excel、WPS"
                     " 打开后“另存为” .xlsx 格式再上传。")
    return None


NOT_A_WORKBOOK = ("无法读取这个文件：它不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 打开后“另存为” .xlsx 格式"
                  "再上传。")


MAX_UNPACKED = 20 * MAX_BYTES  # a workbook's parts unpacked; a real 10 MB workbook unpacks to well under this


class UnreadableWorkbook(ValueError):
    """The workbook could not be read to its end (iter_sheet); HeaderScan turns it into NOT_A_WORKBOOK."""


def _refuse_doctype(*_args) -> None:
    raise ValueError("a DTD in a workbook part")  # OOXML has none; entities could blow up (billion laughs)


def _parts_well_formed(source: Source) -> bool:
    """Every XML part of the zip parses (expat, streamed, no DTD) and all of them unpack to at most MAX_UNPACKED
    bytes. openpyxl's read-only mode parses a sheet only while it is read, so bad XML there would otherwise
    surface in the middle of an import as a server error."""
    from xml.parsers import expat

    if not isinstance(source, str | os.PathLike):
        source.seek(0)
    unpacked = 0
    try:
        with zipfile.ZipFile(source) as book:
            for info in book.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                parser = expat.ParserCreate()
                parser.StartDoctypeDeclHandler = _refuse_doctype
                with book.open(info) as part:
                    while chunk := part.read(1 << 16):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED:
                            return False
                        parser.Parse(chunk, False)
                parser.Parse(b"", True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, expat.ExpatError, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError):
        return False
    finally:
        if not isinstance(source, str | os.PathLike):
            source.seek(0)
    return True


def check_workbook(source: Source) -> RowError | None:
    """check_file, then whether the workbook can be read: well-formed parts, openpyxl opens it, a worksheet."""
    problem = check_file(source)
    if problem is None:
        wb = open_workbook(source) if _parts_well_formed(source) else None
        readable = wb is not None and bool(wb.worksheets)
        if wb is not None:
            wb.close()
        if not readable:
            return error(None, "", "not_xlsx", NOT_A_WORKBOOK)
    return problem


def open_workbook(source: Source):
    """The workbook, read-only; None when openpyxl cannot open it (whatever it raises: a broken zip, XML it
    cannot parse, parts missing or of the wrong kind)."""
    from openpyxl import load_workbook

    if not isinstance(source, str | os.PathLike):
        source.seek(0)
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means "not a readable workbook", said to the user
        return None


def iter_sheet(source: Source) -> Iterator[tuple[int, tuple]]:
    """(Excel row number, values) of the first worksheet, streamed; the workbook is closed afterwards. A sheet that
    cannot be read to its end raises UnreadableWorkbook (the caller says so; check_workbook catches most up
    front)."""
    wb = open_workbook(source)
    if wb is None:
        return
    try:
        if not wb.worksheets:
            raise UnreadableWorkbook(NOT_A_WORKBOOK)
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # some programs write a wrong dimension; read every cell there is
        rows = enumerate(ws.iter_rows(values_only=True), start=1)
        while True:
            try:
                item = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - openpyxl's parse errors are of many kinds
                raise UnreadableWorkbook(NOT_A_WORKBOOK) from exc
            yield item
    finally:
        wb.close()


# --- cells ------------------------------------------------------------------------------------


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def as_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return unsafe(str(value).strip())


def number_shown(value: Any) -> str:
    """A number as Excel shows it (a long one in exponent form), to quote it in a message."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.6g}"
    return f"{value:.6g}" if isinstance(value, float) and abs(value) >= 1e11 else as_text(value)


def stored_as_number(value: Any) -> bool:
    """Whether Excel made a number of what should be text (an ID-card or phone number loses digits so)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"\s*\d+(\.\d+)?[eE]\+?\d+\s*", value))


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: Any) -> tuple[dt.date | None, str]:
    """(date, error code); ('', '') for an empty cell."""
    if value is None or value == "":
        return None, ""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None, "number_as_date"
    text = nfkc(str(value)).strip()
    if not text:
        return None, ""
    m = _DATE.match(text) or _DATE_COMPACT.match(text)
    if not m:
        return None, "invalid_date"
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])), ""
    except ValueError:
        return None, "invalid_date"


def is_masked(text: str) -> bool:
    """A value from a masked export (138****5678): it means "unchanged" when it matches the record."""
    return "*" in text


def date_cell(row: int, header: str, value: Any, errors: list[RowError],
              example: dt.date = dt.date(2013, 9, 1)) -> tuple[dt.date | None, bool]:
    """A date cell of any workbook: (the date or None, whether it was bad); problems go to `errors`,
    with an example date that suits the column (a pupil's enrolment, an elder's birth)."""
    day, code = parse_date(value)
    e = example
    if code == "number_as_date":
        errors.append(error(row, header, code, f"是数字 {as_text(value)} 而不是日期，"
                                               f"请写成 {e.isoformat()} 这样的日期，或把单元格设为日期格式。"))
    elif code:
        errors.append(error(row, header, code,
                            f"“{as_text(value)}”不是可识别的日期，请写成 {e.isoformat()}、{e.year}/{e.month}/{e.day} "
                            f"或 {e.year}年{e.month}月{e.day}日，或使用日期格式的单元格。"))
    elif day and day > timezone.localdate():
        errors.append(error(row, header, "future_date", f"{chinese_date(day)}在今天之后，请核对。"))
        code = "future_date"
    return (None, True) if code else (day, False)


# --- the header -------------------------------------------------------------------------------


def header_width(cells: list[str]) -> int:
    """Cells up to the last non-blank header."""
    return max((i + 1 for i, h in enumerate(cells) if h), default=0)


def named_columns(row_no: int, cells: list[str], ignored: Iterable[str],
                  errors: list[RowError]) -> Iterator[tuple[int, str]]:
    """(index, header) of each header cell (already cleaned) that names a column; blank and repeated headers
    go to `errors`, ignored ones (序号, 错误原因) are passed over."""
    from openpyxl.utils import get_column_letter

    ignored = set(ignored)
    seen: dict[str, int] = {}
    for i in range(header_width(cells)):
        h, letter = cells[i], get_column_letter(i + 1)
        if not h:
            errors.append(error(row_no, f"{letter}列", "blank_header",
                                "表头是空的（可能是合并单元格），请取消合并，并给每一列填写模板中的列名。"))
            continue
        if h in seen:
            errors.append(error(row_no, h, "duplicate_header",
                                f"列名出现了两次（{get_column_letter(seen[h] + 1)} 列和 {letter} 列），"
                                "请删除其中一列。"))
            continue
        seen[h] = i
        if h in ignored:
            continue
        yield i, h


def unknown_column(row_no: int, index: int, header: str, expected: str) -> RowError:
    """A header that is not the template's; `expected` lists the template's (with its closing punctuation)."""
    from openpyxl.utils import get_column_letter

    return error(row_no, header, "unknown_column",
                 f"“{header}”不是模板中的列（{get_column_letter(index + 1)} 列），请删除该列或改为模板中的列名："
                 f"{expected}")


def missing_columns(row_no: int, columns: Iterable[Column], present: set[str], errors: list[RowError]) -> None:
    for c in columns:
        if c.required and c.key not in present:
            errors.append(error(row_no, c.header, "missing_column", "缺少这一必填列，请按导入模板添加该列。"))


class HeaderScan:
    """The rows under a workbook's header. The header is looked for in the first HEADER_SCAN_ROWS rows (its
    problems go to `errors`), blank rows are skipped; afterwards `layout` is None when none was found, and
    `saw_value` tells an empty sheet from one without a header."""

    def __init__(self, looks_like_header: Callable[[tuple], bool], parse_header: Callable[[int, tuple], Any],
                 errors: list[RowError]):
        self.looks_like_header, self.parse_header, self.errors = looks_like_header, parse_header, errors
        self.layout: Any = None
        self.saw_value = False

    def rows(self, source: Source) -> Iterator[tuple[int, tuple]]:
        try:
            yield from self._rows(source)
        except UnreadableWorkbook:
            self.errors.append(error(None, "", "not_xlsx", NOT_A_WORKBOOK))

    def _rows(self, source: Source) -> Iterator[tuple[int, tuple]]:
        for row_no, row in iter_sheet(source):
            blank = all(v is None or not as_text(v) for v in row)
            if self.layout is None:
                self.saw_value = self.saw_value or not blank
                if not blank and self.looks_like_header(row):
                    self.layout, header_errors = self.parse_header(row_no, row)
                    self.errors += header_errors
                elif row_no >= HEADER_SCAN_ROWS:
                    return
                continue
            if not blank:
                yield row_no, row


# --- writing ----------------------------------------------------------------------------------
# Formula injection (OWASP "CSV injection"): a text that begins with = + - @ or a tab / carriage return could be
# read as a formula by Excel or WPS (openpyxl itself stores a string beginning with "=" as a formula). Every text a
# workbook of the platform writes goes through `safe()`, which puts a single quote before such a text; `as_text`
# takes that quote off again when the workbook is read back, so an export still imports unchanged.

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """A value as it may be written into a cell: a text that could start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unsafe(text: str) -> str:
    """The text `safe()` wrote, as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row for ws.append(): each plain value made safe (cells already built were made so by `cell`)."""
    return [safe(v) for v in values]


def style_header_row(ws) -> None:
    """Bold on a pale yellow fill: the first row of a (normal, not write-only) sheet."""
    from openpyxl.styles import Font, PatternFill

    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)


def header_cells(ws, headers: list[str]) -> list:
    """The header row of a write-only sheet, styled like style_header_row."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    out = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=safe(h))
        cell.font, cell.fill = bold, fill
        out.append(cell)
    return out


def cell(ws, value: Any, *, text: bool = False):
    """A write-only cell: text-formatted (@) for columns Excel must not turn into numbers, dates as dates."""
    from openpyxl.cell import WriteOnlyCell

    out = WriteOnlyCell(ws, value=safe(value))
    _number_format(out, text)
    return out


def _number_format(cell, text: bool) -> None:
    if text:
        cell.number_format = "@"
    elif isinstance(cell.value, dt.date):
        cell.number_format = "yyyy-mm-dd"


def format_row(ws, row: int, text: Iterable[bool]) -> None:
    """A row of a normal sheet (a template's example) formatted as `cell` formats a write-only one; `text` says,
    column by column, which are text-formatted."""
    for i, is_text in enumerate(text, start=1):
        _number_format(ws.cell(row=row, column=i), is_text)


def add_instructions(wb, lines: list[str]) -> None:
    """The 填写说明 sheet of a template: one line a row, the first as its title."""
    from openpyxl.styles import Font

    notes = wb.create_sheet("填写说明")
    for line in lines:
        notes.append(safe_row([line]))
    notes.column_dimensions["A"].width = 110
    notes["A1"].font = Font(bold=True, size=14)


def write_error_report(source: Source | None, errors: list[dict], out: Out, *, sheet_title: str,
                       looks_like_header: Callable[[tuple], bool], clean_header: Callable[[Any], str],
                       layout: Callable[[Any, list[str]], None], typed_cell: Callable[[Any, str, Any], Any]) -> None:
    """The uploaded rows as they were, plus a 错误原因 column, and a sheet listing every problem.

    Without the original file (deleted, or not a workbook) only the list of problems is written. The
    error column is ignored by the readers, so a corrected report can be uploaded as it is. The workbook's
    module passes its sheet title, header test and cell writers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    by_row: dict[int, list[str]] = {}
    for e in errors:
        if e.get("row"):
            by_row.setdefault(e["row"], []).append(e["message"])
    wb = Workbook(write_only=True)
    readable = source is not None and (not isinstance(source, str | os.PathLike) or Path(source).exists())
    if readable and check_workbook(source) is None:  # type: ignore[arg-type]
        ws = wb.create_sheet(sheet_title)
        # the error column goes right of the widest row, so that no value of the upload is covered
        width = max((len(row) for _n, row in iter_sheet(source)), default=0)  # type: ignore[arg-type]
        heads: list[str] = []
        red = Font(color="C00000")
        for row_no, row in iter_sheet(source):  # type: ignore[arg-type]
            values = list(row) + [None] * (width - len(row))
            if not heads and looks_like_header(row):
                heads = [clean_header(v) for v in values]
                layout(ws, [*heads, ERROR_COLUMN])
                ws.append(header_cells(ws, [as_text(v) for v in values] + [ERROR_COLUMN]))
                continue
            cells = [typed_cell(ws, heads[i] if i < len(heads) else "", v) for i, v in enumerate(values)]
            messages = by_row.get(row_no)
            note = WriteOnlyCell(ws, value=safe("；".join(messages)) if messages else None)
            if messages:
                note.font = red
            ws.append([*cells, note])
    summary = wb.create_sheet("全部问题")
    summary.column_dimensions["A"].width = 8
    summary.column_dimensions["B"].width = 16
    summary.column_dimensions["C"].width = 100
    summary.append(header_cells(summary, ["行", "列", "问题与改正方法"]))
    for e in errors:
        summary.append(safe_row([e.get("row"), e.get("column"), e.get("message")]))
    wb.save(out)


def xlsx_response(buf: io.BytesIO, filename: str) -> FileResponse:
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=filename, content_type=XLSX)


# --- uploads ----------------------------------------------------------------------------------
# Uploads hold personal data in clear: kept under imports/ of the file storage only as long as a preview or an
# error report needs them. Through Django's storage API (a local folder, or the county's object storage shared by
# several app servers), never a local path: the worker or the app server that reads an upload next may be another
# machine than the one it was uploaded to.

UPLOAD_DIR = "imports"
KEEP_UPLOADS = dt.timedelta(days=7)


def keep_upload(name: str, source: IO[bytes]) -> str:
    """`source` stored as imports/<name> (a name the caller made unique); returns its storage name."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    source.seek(0)
    return default_storage.save(f"{UPLOAD_DIR}/{name}", File(source, name=name))


def read_upload(stored: str) -> io.BytesIO | None:
    """A kept upload, whole in memory (check_file refused any over MAX_BYTES), or None when it is gone."""
    from django.core.files.storage import default_storage

    if not stored:
        return None
    try:
        with default_storage.open(stored, "rb") as fh:
            return io.BytesIO(fh.read())
    except (FileNotFoundError, OSError):
        return None


def delete_upload(stored: str) -> None:
    from django.core.files.storage import default_storage

    with contextlib.suppress(FileNotFoundError):  # gone already (another server's clean-up)
        default_storage.delete(stored)


def remove_old_uploads(now: dt.datetime | None = None) -> int:
    """Remove the uploads older than KEEP_UPLOADS (every workbook's: they share the folder)."""
    from django.core.files.storage import default_storage

    cutoff = (now or timezone.now()) - KEEP_UPLOADS
    try:
        _dirs, names = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:  # nothing was ever uploaded
        return 0
    removed = 0
    for name in names:
        stored = f"{UPLOAD_DIR}/{name}"
        try:
            old = default_storage.get_modified_time(stored) < cutoff
        except (FileNotFoundError, NotImplementedError):
            continue
        if old:
            delete_upload(stored)
            removed += 1
    return removed
