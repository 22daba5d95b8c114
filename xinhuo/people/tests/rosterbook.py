"""Roster workbooks for the tests, built with openpyxl in code (no binary fixtures in the repository)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from xinhuo.core import idcard
from xinhuo.people.roster import headers

HEADERS = headers()


def born(age: int, month: int = 5, day: int = 1) -> dt.date:
    """A birth date making a student `age` years old today."""
    today = dt.date.today()
    return dt.date(today.year - age - (1 if (today.month, today.day) < (month, day) else 0), month, day)


def student_row(no: str, name: str = "", *, gender: str = "男", age: int = 13, seq: int = 7, region: str = "320102",
                grade: str = "初一", klass: str = "1班", guardians: list[tuple] | None = None, **overrides) -> dict:
    """A valid row by default; `guardians` is a list of (name, relation, phone)."""
    b = born(age, 3, 9)
    row: dict[str, Any] = {
        "学号": no, "姓名": name or f"学生{no[-3:]}", "性别": gender, "出生日期": b,
        "身份证号": idcard.make(region, b, seq, gender == "男"), "年级": grade, "班级": klass,
        "入学日期": dt.date(dt.date.today().year - 1, 9, 1), "家庭住址": "南京市玄武区中山路1号",
    }
    for n, (g_name, relation, phone) in enumerate(guardians or [], start=1):
        row[f"监护人{n}姓名"], row[f"监护人{n}关系"], row[f"监护人{n}手机"] = g_name, relation, phone
    row.update(overrides)
    return row


def workbook(rows: list[dict | list], header: list[str] | None = None, *, title_rows: list[list] = (),
             text_columns: bool = True) -> Workbook:
    """A workbook whose first sheet has optional title rows, the header, then the rows (dicts by header,
    or lists of raw cells)."""
    header = list(header or HEADERS)
    wb = Workbook()
    ws = wb.active
    ws.title = "学生名册"
    for t in title_rows:
        ws.append(t)
    ws.append(header)
    for row in rows:
        ws.append(row if isinstance(row, list) else [row.get(h) for h in header])
    if text_columns:
        for col in ws.iter_cols(min_row=len(title_rows) + 2):
            for cell in col:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
    return wb


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def as_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_rows(source) -> list[list]:
    """Every row of the first sheet, as values."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    wb = load_workbook(source, read_only=True)
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def read_sheet_dicts(source) -> list[dict]:
    rows = read_rows(source)
    head = rows[0]
    return [dict(zip(head, r, strict=False)) for r in rows[1:]]


def an_import(world, persona: str = "director", status: str = "invalid"):
    """A checked upload with one problem, owned by `persona` (the access matrix opens it as everyone)."""
    from xinhuo.people.models import RosterImport

    return RosterImport.objects.create(
        school=world.school, user=world.users[persona], file_name="名册.xlsx", stored_path="", status=status,
        total_rows=1, summary={"rows": 1, "errors": 1},
        errors=[{"row": 2, "column": "性别", "code": "invalid_gender", "message": "第2行「性别」：请填写“男”或“女”。"}],
    )
