"""The inspection report as a Word file (督导检查报告): what was checked, the scores and findings, the total and
its percentage, the overall findings and the rectification items with their owners and deadlines. Filed in the
archive when the inspection is done and downloadable by the committee. Never an accountability record."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from .models import ChecklistItem, Inspection, Rectification


def _font(target, size: int, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    target.font.name = "仿宋"
    target.font.size = Pt(size)
    target.font.bold = bold
    rfonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        rfonts.set(qn(attr), "仿宋")


def marks(value) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def report_docx(inspection: Inspection) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    from .services import totals

    items = list(ChecklistItem.objects.filter(inspection=inspection).order_by("order", "pk"))
    result = totals((i.max_score, i.score) for i in items)
    rects = list(Rectification.objects.filter(inspection=inspection).select_related("owner").order_by("due_on", "pk"))
    doc = Document()
    page = doc.sections[0]
    page.page_height, page.page_width = Cm(29.7), Cm(21.0)
    page.left_margin = page.right_margin = Cm(2.5)
    _font(doc.styles["Normal"], 12)
    doc.core_properties.title = inspection.title
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(inspection.title), 18, bold=True)
    meta = [_("Kind: %(kind)s") % {"kind": inspection.get_kind_display()},
            _("Date: %(date)s") % {"date": inspection.held_on.isoformat()}]
    if inspection.inspectors:
        meta.append(_("Inspectors: %(who)s") % {"who": inspection.inspectors})
    doc.add_paragraph("　".join(meta))
    doc.add_paragraph(_("Total: %(score)s of %(full)s marks (%(percent)s%%)") % {
        "score": marks(result.score), "full": marks(result.full),
        "percent": marks(result.percent) if result.percent is not None else "—"})
    heading = doc.add_paragraph()
    _font(heading.add_run(_("Checklist")), 14, bold=True)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (_("Item"), _("Full marks"), _("Score"), _("Finding")), strict=True):
        cell.text = text
    for item in items:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = (item.text, marks(item.max_score), marks(item.score),
                                                              item.finding)
    if inspection.summary:
        heading = doc.add_paragraph()
        _font(heading.add_run(_("Overall findings")), 14, bold=True)
        for line in inspection.summary.splitlines():
            if line.strip():
                doc.add_paragraph(line.strip())
    if rects:
        heading = doc.add_paragraph()
        _font(heading.add_run(_("Rectification items")), 14, bold=True)
        for n, r in enumerate(rects, 1):
            owner = r.owner.display_name if r.owner else "—"
            doc.add_paragraph(_("%(n)d. %(problem)s — owner %(owner)s, deadline %(due)s, %(status)s") % {
                "n": n, "problem": r.problem, "owner": owner, "due": r.due_on.isoformat(),
                "status": r.get_status_display()})
            if r.measure:
                doc.add_paragraph(_("Measure: %(text)s") % {"text": r.measure})
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
