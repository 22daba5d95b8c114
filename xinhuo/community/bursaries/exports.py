"""The accountability report's files: the committee's workbook (with the students' names), the donor's workbook and
the donor's thank-you letter as a PDF (counts and amounts, by grade and by month: never a child's name)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from xinhuo.core.chinese import chinese_date
from xinhuo.core.excel import header_cells, safe_row
from xinhuo.core.pdf import cjk_font, wrap

from .selectors import grade_name


def _totals(ws, fund, balance) -> None:
    ws.append(header_cells(ws, ["项目", "金额（元）"]))
    rows = (("累计到账", fund.received), ("已资助（已批准及已发放）", fund.granted), ("其中已发放", fund.paid),
            ("待审批", fund.pending), ("可用余额", balance))
    for label, value in rows:
        ws.append(safe_row([label, float(value)]))


def _months(wb, months) -> None:
    ws = wb.create_sheet("按月")
    ws.append(header_cells(ws, ["月份", "到账（元）", "资助（元）"]))
    for m in months:
        ws.append(safe_row([m["month"], float(m["received"]), float(m["granted"])]))


def _grades(wb, by_grade) -> None:
    ws = wb.create_sheet("按年级")
    ws.append(header_cells(ws, ["年级", "资助人次", "金额（元）"]))
    for g in by_grade:
        ws.append(safe_row([g["grade"], g["count"], float(g["amount"])]))


def committee_workbook(report: dict) -> io.BytesIO:
    wb = Workbook(write_only=True)
    fund = report["fund"]
    ws = wb.create_sheet("汇总")
    ws.append(safe_row([fund.name, f"捐赠方：{fund.donor.name}"]))
    _totals(ws, fund, report["balance"])
    grants = wb.create_sheet("资助明细")
    grants.append(header_cells(grants, ["日期", "学生", "班级", "年级", "金额（元）", "状态", "发放日期"]))
    for g in report["grants"]:
        klass = str(g.student.school_class) if g.student is not None and g.student.school_class_id else ""
        grants.append(safe_row([g.granted_on, g.student_name, klass, grade_name(g.grade_level), float(g.amount),
                                g.get_status_display(), g.paid_on]))
    received = wb.create_sheet("到账记录")
    received.append(header_cells(received, ["到账日期", "金额（元）", "凭证号"]))
    for d in report["donations"]:
        received.append(safe_row([d.received_on, float(d.amount), d.reference]))
    _months(wb, report["months"])
    _grades(wb, report["by_grade"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf


def donor_workbook(report: dict) -> io.BytesIO:
    """The donor's version: totals, by grade and by month; no sheet holds a student."""
    wb = Workbook(write_only=True)
    fund = report["fund"]
    ws = wb.create_sheet("汇总")
    ws.append(safe_row([fund.name, f"资助人次：{report['count']}"]))
    _totals(ws, fund, report["balance"])
    _grades(wb, report["by_grade"])
    _months(wb, report["months"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf


def donor_letter(report: dict, *, school_name: str, today, out) -> None:
    """A one-page thank-you letter to the donor with the fund's use (counts and amounts only)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = cjk_font()
    fund = report["fund"]
    width, height = A4
    c = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(f"{fund.name}使用情况报告")
    c.setCreator("薪火 Xinhuo")
    c.setFont(font, 20)
    c.drawCentredString(width / 2, height - 80, f"{fund.name}使用情况报告")
    left, right = 70, width - 70
    y = height - 130
    c.setFont(font, 13)
    c.drawString(left, y, f"尊敬的{fund.donor.name}：")
    y -= 30
    paragraphs = [
        f"衷心感谢您对我校关心下一代工作的支持！截至{chinese_date(today)}，{fund.name}累计到账{fund.received:,.2f}元，"
        f"已资助学生{report['count']}人次，共计{fund.granted:,.2f}元，其中已发放{fund.paid:,.2f}元，"
        f"结余{report['balance']:,.2f}元。",
        "各年级资助情况：" + "；".join(f"{g['grade']}{g['count']}人次{g['amount']:,.2f}元" for g in report["by_grade"])
        + ("。" if report["by_grade"] else "暂无。"),
        "每一笔资助均经班主任申请、关工委审批、财务发放，专款专用。为保护未成年人隐私，本报告不列受助学生姓名。",
    ]
    for text in paragraphs:
        for line in wrap(text, font, 13, right - left):
            c.drawString(left + 0, y, line)
            y -= 22
        y -= 10
    c.drawRightString(right, y - 30, f"{school_name}关工委")
    c.drawRightString(right, y - 55, chinese_date(today))
    c.showPage()
    c.save()
