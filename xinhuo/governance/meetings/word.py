"""Minutes as a Word file in the committee's usual layout (会议纪要): the title 《…会议纪要》, the lines 时间, 地点,
主持人, 记录人, 出席, 缺席, then 一、会议议程, 二、会议内容, 三、会议决议 and 四、待办事项 as a table
(事项, 负责人, 完成时限, 状态). Always in Chinese, whatever the reader's language: it is the archive's copy."""

from __future__ import annotations

import io

from django.utils import timezone, translation

from .models import Attendance, Meeting

FONTS = {"title": ("方正小标宋简体", 22, False), "h1": ("黑体", 16, False), "body": ("仿宋_GB2312", 14, False)}


def minutes_title(meeting: Meeting) -> str:
    title = meeting.title.strip("《》 ")
    if title.endswith("纪要"):
        return f"《{title}》"
    if title.endswith(("会", "会议")):  # 例会, 座谈会, 领导小组会议
        return f"《{title}纪要》"
    return f"《{title}会议纪要》"


def file_name(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%Y%m%d}-{meeting.title}-会议纪要.docx"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else "—"


def facts(meeting: Meeting, invitations) -> list[tuple[str, str]]:
    start = timezone.localtime(meeting.starts_at)
    when = f"{start.year}年{start.month}月{start.day}日 {start:%H:%M}"
    if meeting.ends_at:
        when += f"—{timezone.localtime(meeting.ends_at):%H:%M}"
    present = [_name(i.user) + ("（迟到）" if i.attendance == Attendance.LATE else "")
               for i in invitations if i.attendance in (Attendance.PRESENT, Attendance.LATE)]
    absent = [_name(i.user) + ("（请假）" if i.attendance == Attendance.EXCUSED else "")
              for i in invitations if i.attendance in (Attendance.ABSENT, Attendance.EXCUSED)]
    rows = [("时间", when), ("地点", meeting.place or "—"), ("主持人", _name(meeting.chair)),
            ("记录人", _name(meeting.recorder)), ("出席", "、".join(present) or "—"),
            ("缺席", "、".join(absent) or "无")]
    if meeting.absent_note:
        rows.append(("列席及其他", meeting.absent_note))
    return rows


def _font(target, kind: str) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    name, size, bold = FONTS[kind]
    target.font.name = name
    target.font.size = Pt(size)
    target.font.bold = bold
    target.font.color.rgb = RGBColor(0, 0, 0)
    rfonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        rfonts.set(qn(attr), name)


def minutes_docx(meeting: Meeting, invitations, actions) -> bytes:
    """The .docx of a meeting's minutes; `invitations` and `actions` as read by the caller (selectors)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    invitations, actions = list(invitations), list(actions)
    doc = Document()
    page = doc.sections[0]
    page.page_height, page.page_width = Cm(29.7), Cm(21.0)
    page.top_margin, page.bottom_margin, page.left_margin, page.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    _font(doc.styles["Normal"], "body")
    for style_name, kind in (("Title", "title"), ("Heading 1", "h1")):
        style = doc.styles[style_name]
        _font(style, kind)
        ppr = style.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    doc.core_properties.title = minutes_title(meeting)
    title = doc.add_paragraph(minutes_title(meeting), style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for label, value in facts(meeting, invitations):
        p = doc.add_paragraph()
        p.add_run(f"{label}：").bold = True
        p.add_run(value)

    def section(heading: str, lines: list[str], numbered: bool) -> None:
        doc.add_paragraph(heading, style="Heading 1")
        for n, line in enumerate(lines or ["无"], 1):
            p = doc.add_paragraph(f"{n}. {line}" if numbered and lines else line)
            p.paragraph_format.first_line_indent = Pt(28)

    section("一、会议议程", _lines(meeting.agenda), True)
    section("二、会议内容", _lines(meeting.minutes), False)
    section("三、会议决议", _lines(meeting.resolutions), True)
    doc.add_paragraph("四、待办事项", style="Heading 1")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("事项", "负责人", "完成时限", "状态"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    with translation.override("zh-hans"):
        for item in actions:
            row = table.add_row().cells
            row[0].text = item.title
            row[1].text = _name(item.owner)
            row[2].text = f"{item.due_on.year}年{item.due_on.month}月{item.due_on.day}日"
            row[3].text = str(item.get_status_display())
    if not actions:
        table.add_row().cells[0].text = "无"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
