"""The exchange log as an Excel workbook (the year's timeline with its filters), for the committee's annual report
to the higher-level committee. No phone numbers: the contacts stay on the peers' pages."""

from __future__ import annotations

import io

from django.utils import timezone

from xinhuo.core import excel

HEADERS = ["日期", "交流对象", "对象类型", "交流类型", "方向", "标题", "参加人员", "内容摘要", "关联活动",
           "文件", "照片数", "待办截止", "负责人", "办结情况"]
WIDTHS = [12, 22, 14, 12, 12, 30, 24, 60, 28, 24, 8, 12, 12, 30]


def workbook(rows, title: str) -> io.BytesIO:
    """`rows`: entries as selectors.entry_list gives them (peer, owner, activity joined; n_photos counted)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append(excel.header_cells(ws, HEADERS))
    today = timezone.localdate()
    for e in rows:
        if not e.to_handle:
            done = ""
        elif e.done_at is not None:
            done = f"已办结（{timezone.localtime(e.done_at):%Y-%m-%d}）{e.done_note}"
        else:
            done = "逾期未办" if e.is_overdue(today) else "待办"
        ws.append([
            excel.cell(ws, e.date), excel.cell(ws, e.peer.name), excel.cell(ws, e.peer.get_kind_display()),
            excel.cell(ws, e.get_kind_display()), excel.cell(ws, e.direction_label), excel.cell(ws, e.title),
            excel.cell(ws, e.participants), excel.cell(ws, e.summary),
            excel.cell(ws, e.activity.title if e.activity_id and e.activity else ""),
            excel.cell(ws, e.file_name), excel.cell(ws, e.n_photos), excel.cell(ws, e.due),
            excel.cell(ws, e.owner.display_name if e.owner else ""), excel.cell(ws, done),
        ])
    buf = io.BytesIO()
    wb.save(buf)
    return buf
