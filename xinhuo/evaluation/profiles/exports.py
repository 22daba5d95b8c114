"""The population's aggregates as a workbook: one sheet per table, a hidden count written "<5" (never the number),
in the committee's words whatever the reader's language (a file sent on keeps one language)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from xinhuo.core.excel import header_cells, safe_row

from .selectors import Population
from .suppression import Cell, Table

HIDDEN = "<5"


def shown(value: Cell) -> int | str:
    return HIDDEN if value is None else value


def _table(wb, title: str, corner: str, rows: list[str], columns: list[str], t: Table, total: str) -> None:
    ws = wb.create_sheet(title)
    ws.append(header_cells(ws, [corner, *columns, total]))
    for name, cells, row_total in zip(rows, t.cells, t.row_totals, strict=True):
        ws.append(safe_row([name, *(shown(c) for c in cells), shown(row_total)]))
    ws.append(safe_row(["合计", *(shown(c) for c in t.col_totals), shown(t.total)]))


def population_workbook(p: Population) -> io.BytesIO:
    wb = Workbook(write_only=True)
    groups = [g["name"] for g in p.groups]
    _table(wb, "按年级", "特殊群体", groups, [g["name"] for g in p.grades], p.by_grade, "人数")
    _table(wb, "按班级", "班级", [c["name"] for c in p.classes], groups, p.by_class, "人次")
    ws = wb.create_sheet("需求与帮扶")
    ws.append(header_cells(ws, ["特殊群体", "人数", "本学年有帮扶", "有结对导师", "本学年已家访"]))
    for r in p.needs:
        ws.append(safe_row([r["name"], *(shown(r[k]) for k in ("students", "supported", "mentored", "visited"))]))
    ws = wb.create_sheet("成长与参与")
    ws.append(header_cells(ws, ["特殊群体", "人数", "有成长记录的学生", "成长记录条数", "参加活动人次",
                                "学业辅导出勤人次"]))
    for r in p.outcomes:
        ws.append(safe_row([r["name"], *(shown(r[k]) for k in ("students", "with_entries", "entries", "activities",
                                                                 "sessions"))]))
    ws = wb.create_sheet("按月变化")
    ws.append(header_cells(ws, ["特殊群体", *p.months]))
    for t in p.trend:
        ws.append(safe_row([t["name"], *(shown(v) for v in t["values"])]))
    if p.screening is not None:
        _table(wb, "心理测评", "特殊群体", groups, p.risks, p.screening, "已测评")
    ws = wb.create_sheet("说明")
    for line in ("人数少于5的格子显示为“<5”；为防止由合计推算，必要时另隐去一个格子或合计。",
                 f"统计日期：{p.on.isoformat()}；学年：{p.year[0].isoformat()} 至 {p.year[1].isoformat()}。"):
        ws.append(safe_row([line]))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf
