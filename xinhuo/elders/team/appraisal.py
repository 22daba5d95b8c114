"""The participation export for the annual appraisal (青年教师参与关工委工作, ELD-6): an Excel workbook
with one row per record (姓名, 学科, 日期, 类别, 内容, 时长) under a heading with the school and the range,
and a second sheet with each teacher's total. Like the roster's, the headings are the Chinese that
appraisal forms use, whatever the reader's UI language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from xinhuo.core import excel
from xinhuo.core.access import Actor
from xinhuo.core.services import access_log_record

from ..models import Participation, YoungTeacher
from . import selectors

HEADERS = ["姓名", "学科", "日期", "类别", "内容", "时长"]
WIDTHS = [12, 10, 12, 16, 48, 8]
HEADER_ROW = 3  # rows 1-2: the school and the range
THIN = Side(style="thin", color="999999")


def _title(school_name: str, teacher: YoungTeacher | None) -> str:
    who = teacher.staff.name if teacher is not None else "青年教师"
    return f"{school_name} {who}参与关工委工作记录"


def write_participation(out: BinaryIO, *, school_name: str, start: dt.date, end: dt.date,
                        rows: list[Participation], teacher: YoungTeacher | None = None) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "参与记录"
    last = get_column_letter(len(HEADERS))
    ws["A1"] = _title(school_name, teacher)
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = f"时间：{start:%Y-%m-%d} 至 {end:%Y-%m-%d}　共{len(rows)}条"
    ws.merge_cells(f"A2:{last}2")
    head_fill = PatternFill("solid", fgColor="F2DCDB")
    for col, (name, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=name)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    totals: dict[int, list] = {}
    for r, p in enumerate(rows, start=HEADER_ROW + 1):
        staff = p.young_teacher.staff
        values = [staff.name, staff.subject, p.date, str(p.get_kind_display()), p.description, p.hours]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=excel.safe(value))  # a description may begin with =
            cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        ws.cell(row=r, column=3).number_format = "yyyy-mm-dd"
        ws.cell(row=r, column=5).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=r, column=6).number_format = "0.0"
        entry = totals.setdefault(p.young_teacher_id, [staff.name, staff.subject, 0, Decimal(0)])
        entry[2] += 1
        entry[3] += p.hours
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1

    summary = wb.create_sheet("汇总")
    for col, name in enumerate(["姓名", "学科", "次数", "时长合计"], start=1):
        summary.cell(row=1, column=col, value=name).font = Font(bold=True)
        summary.column_dimensions[get_column_letter(col)].width = 12
    for r, entry in enumerate(totals.values(), start=2):
        for col, value in enumerate(entry, start=1):
            summary.cell(row=r, column=col, value=excel.safe(value))
        summary.cell(row=r, column=4).number_format = "0.0"
    wb.save(out)


def participation_export(*, actor: Actor, out: BinaryIO, young_teacher: YoungTeacher | None, start: dt.date,
                         end: dt.date, request=None) -> int:
    """Write the workbook for one young teacher (or, for the committee, the whole reserve) and log the export.
    The caller has checked that the actor may export this teacher's records (rules.export_participation)."""
    rows = list(selectors.participations_for_export(actor, young_teacher=young_teacher, start=start, end=end))
    write_participation(out, school_name=actor.school.name, start=start, end=end, rows=rows, teacher=young_teacher)
    access_log_record(actor, "export", "participation", young_teacher.pk if young_teacher else "", request=request,
                      detail={"start": start.isoformat(), "end": end.isoformat(), "count": len(rows)})
    return len(rows)
