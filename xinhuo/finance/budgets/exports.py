"""The execution report (执行情况) as files for the year-end summary: an Excel workbook (a sheet per section, amounts
as numbers with two decimals) and a Word document (a heading and a table per section). Both are made from the
report's data (selectors.report), so they show the page's figures."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .money import Position

MONEY = "#,##0.00"


def _figures(p: Position) -> list[Decimal]:
    return [p.budget, p.committed, p.waiting, p.spent, p.balance]


def _heads() -> list[str]:
    return [_("Budget"), _("Committed"), _("Awaiting approval"), _("Spent"), _("Balance")]


def _rate(p: Position) -> str:
    return f"{p.rate * 100:.1f}%"


def sections(data: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(title, header, rows) of each section, the same for the workbook and the document."""
    lines = [[r["line"].name, r["line"].get_category_display(), *_figures(r["pos"]), _rate(r["pos"])]
             for r in data["lines"]]
    lines.append([_("Total"), "", *_figures(data["total"]), _rate(data["total"])])
    earmarks = [[r["line"].name, r["purpose"], r["line"].fund.name if r["line"].fund else "", "、".join(r["kinds"]),
                 r["pos"].budget, r["pos"].spent, r["pos"].balance,
                 "；".join(f"{k} ¥{a:,.2f}" for k, a in r["spent_on"])] for r in data["earmarks"]]
    activities = [[r["title"], r["line"], r["status_label"],
                   r["request"], r["committed"], r["actual"], r["claims"], r["claim_count"]]
                  for r in data["activities"]]
    return [
        (_("Per line"), [_("Line"), _("Category"), *_heads(), _("Execution rate")], lines),
        (_("Earmarks"), [_("Line"), _("Earmarked for"), _("Donor fund"), _("Kinds allowed"), _("Budget"),
                         _("Spent"), _("Balance"), _("Spent on")], earmarks),
        (_("Activities"), [_("Activity"), _("Line"), _("Commitment"), _("Budget request"), _("Committed"),
                           _("Actual cost"), _("Claims"), _("Number of claims")], activities),
    ]


def title_of(data: dict[str, Any]) -> str:
    name = data["budget"].title if data["budget"] else (data["year"].name if data["year"] else "")
    return _("%(budget)s: execution report") % {"budget": name}


def workbook(data: dict[str, Any]) -> io.BytesIO:
    """Written in openpyxl's write-only mode: a large school's year has hundreds of activities, and the ordinary
    mode's per-cell bookkeeping made this download slower than the page."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    title_font, bold = Font(bold=True, size=13), Font(bold=True)
    for title, header, rows in sections(data):
        ws = wb.create_sheet(title[:31])
        for col, width in zip("ABCDEFGHIJ", (18, 24, 14, 14, 14, 14, 14, 30, 12, 12), strict=False):
            ws.column_dimensions[col].width = width

        def styled(value, ws=ws, **style):
            cell = WriteOnlyCell(ws, value=value)
            for key, v in style.items():
                setattr(cell, key, v)
            return cell

        ws.append([styled(title_of(data), font=title_font)])
        ws.append([styled(h, font=bold) for h in header])
        for row in rows:
            ws.append([styled(float(v), number_format=MONEY) if isinstance(v, Decimal) else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def document(data: dict[str, Any], *, school_name: str = "") -> bytes:
    """The Word file: the title, a sentence with the totals, then a heading and a table per section."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋"
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    title = title_of(data)
    doc.core_properties.title = title
    doc.add_heading(f"{school_name}{title}" if school_name else title, level=0)
    t = data["total"]
    doc.add_paragraph(_("Budget ¥%(budget)s: spent ¥%(spent)s, waiting ¥%(waiting)s, committed ¥%(committed)s, "
                        "balance ¥%(balance)s; execution rate %(rate)s.") % {
        "budget": f"{t.budget:,.2f}", "spent": f"{t.spent:,.2f}", "waiting": f"{t.waiting:,.2f}",
        "committed": f"{t.committed:,.2f}", "balance": f"{t.balance:,.2f}", "rate": _rate(t)})
    for heading, header, rows in sections(data):
        doc.add_heading(heading, level=1)
        if not rows:
            doc.add_paragraph(_("None."))
            continue
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = _cell(value)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
