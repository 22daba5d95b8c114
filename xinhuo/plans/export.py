"""The plan as a document, laid out like the seed plans: the title centred, then 一、 sections, （一） parts and
1. items. One outline feeds both the print page and the Word file, so the two never differ."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import WorkPlan, lines_of

NUMERALS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (a plan never has a hundred sections)."""
    if n < 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens]) + "十" + (NUMERALS[ones] if ones else "")


def h1(n: int, text: str) -> str:
    return f"{chinese_number(n)}、{text}"


def h2(n: int, text: str) -> str:
    return f"（{chinese_number(n)}）{text}"


@dataclass(frozen=True)
class Block:
    kind: str  # title | subtitle | para | h1 | h2 | item | meta
    text: str


def task_meta(task, *, progress: bool = False) -> str:
    parts = []
    if task.owner is not None:
        parts.append(_("Owner: %(name)s") % {"name": task.owner.display_name})
    departments = [d.name for d in task.departments.all()]
    if departments:
        parts.append(_("Departments: %(names)s") % {"names": "、".join(departments)})
    if task.deadline:
        parts.append(_("Deadline: %(date)s") % {"date": date_format(task.deadline, "DATE_FORMAT")})
    if task.expected_evidence:
        parts.append(_("Expected evidence: %(text)s") % {"text": task.expected_evidence})
    if progress:
        parts.append(_("Progress: %(status)s %(percent)d%%") % {"status": task.get_status_display(),
                                                                "percent": task.percent})
    return "　".join(parts)


def outline(plan: WorkPlan, sections, *, progress: bool = False) -> list[Block]:
    """`sections`: the plan's sections in order, each with `.tasks.all()` (prefetched) in order."""
    out = [Block("title", plan.title)]
    if plan.subtitle:
        out.append(Block("subtitle", plan.subtitle))
    out += [Block("para", line) for line in lines_of(plan.intro)]
    n = 0
    ideas, principles, goals = lines_of(plan.guiding_ideas), lines_of(plan.principles), lines_of(plan.goals)
    if ideas and principles:
        n += 1
        out.append(Block("h1", h1(n, _("Guiding ideas and principles"))))
        out.append(Block("h2", h2(1, _("Guiding ideas"))))
        out += [Block("para", line) for line in ideas]
        out.append(Block("h2", h2(2, _("Principles"))))
        out += [Block("item", f"{i}. {line}") for i, line in enumerate(principles, 1)]
    elif ideas:
        n += 1
        out.append(Block("h1", h1(n, _("Guiding ideas"))))
        out += [Block("para", line) for line in ideas]
    elif principles:
        n += 1
        out.append(Block("h1", h1(n, _("Principles"))))
        out += [Block("item", f"{i}. {line}") for i, line in enumerate(principles, 1)]
    if goals:
        n += 1
        out.append(Block("h1", h1(n, _("Work goals"))))
        out += [Block("item", f"{i}. {line}") for i, line in enumerate(goals, 1)]
    for section in sections:
        n += 1
        out.append(Block("h1", h1(n, section.title)))
        for j, task in enumerate(section.tasks.all(), 1):
            out.append(Block("h2", h2(j, task.title)))
            out += [Block("item", f"{i}. {m}") for i, m in enumerate(task.measure_list, 1)]
            meta = task_meta(task, progress=progress)
            if meta:
                out.append(Block("meta", meta))
    return out


# --- Word -----------------------------------------------------------------------------------------------------

# (East Asian font, size in points): 公文 style — the title in a song typeface, 一、 in hei, （一） in kai, the
# text in fangsong. Word falls back to an installed font where one is missing; the text stays the same.
FONTS = {
    "title": ("宋体", 22, True),
    "subtitle": ("楷体", 16, False),
    "h1": ("黑体", 16, False),
    "h2": ("楷体", 16, True),
    "body": ("仿宋", 16, False),
    "meta": ("仿宋", 12, False),
}
STYLE = {"title": "Title", "subtitle": "Subtitle", "h1": "Heading 1", "h2": "Heading 2"}


def _font(target, kind: str) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    name, size, bold = FONTS[kind]
    target.font.name = name
    target.font.size = Pt(size)
    target.font.bold = bold
    target.font.italic = False
    target.font.color.rgb = RGBColor(0, 0, 0)
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        rfonts.set(qn(attr), name)


def plan_docx(plan: WorkPlan, sections) -> bytes:
    """The .docx of the plan: headings as Word headings (the navigation pane shows the outline), texts indented
    by two characters as Chinese documents are."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    page = doc.sections[0]
    page.page_height, page.page_width = Cm(29.7), Cm(21.0)  # A4
    page.top_margin, page.bottom_margin, page.left_margin, page.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    styles = doc.styles
    _font(styles["Normal"], "body")
    styles["Normal"].paragraph_format.line_spacing = Pt(28)
    for kind, style_name in STYLE.items():
        style = styles[style_name]
        _font(style, kind)
        ppr = style.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):  # the default Title has a coloured rule under it
            ppr.remove(border)
    doc.core_properties.title = plan.title
    for block in outline(plan, sections):
        if block.kind in STYLE:
            p = doc.add_paragraph(block.text, style=STYLE[block.kind])
            if block.kind in ("title", "subtitle"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        p = doc.add_paragraph()
        run = p.add_run(block.text)
        if block.kind == "meta":
            _font(run, "meta")
        p.paragraph_format.first_line_indent = Pt(32)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
