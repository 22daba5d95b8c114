"""A survey's results as files: the Excel workbook (one row per response, one column per question; a second sheet
with the statistics) and the PDF summary with its charts drawn by reportlab.graphics.

Every cell goes through core.excel (excel.safe: a text beginning with = + - @ cannot become a formula). An
anonymous survey's workbook holds no name, no class and no day, and a response's grade only where that grade has
5 responses or more; like its statistics, it is empty until the survey has 5 responses. Each export is
access-logged."""

from __future__ import annotations

import io
from collections import Counter

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core import excel
from xinhuo.core.chinese import chinese_date
from xinhuo.core.pdf import PdfFontError, cjk_font
from xinhuo.core.services import access_log_record

from .. import questions as qs
from ..models import Survey
from ..questions import Kind, QSpec
from . import selectors
from .selectors import MIN_GROUP, NO_FILTERS, Filters


def _columns(specs: list[QSpec]) -> list[tuple[str, QSpec, int | None]]:
    """(header, question, matrix row) per answer column: a matrix gives one column per row."""
    out: list[tuple[str, QSpec, int | None]] = []
    for q in specs:
        if q.kind == Kind.MATRIX:
            out.extend((f"{q.text}：{row}", q, r) for r, row in enumerate(q.rows))
        else:
            out.append((q.text, q, None))
    return out


def _value(q: QSpec, row: int | None, value):
    if qs.is_blank(value):
        return None
    if row is not None:
        point = value.get(str(row)) if isinstance(value, dict) else None
        return selectors.scale_text(q, point) or None
    if q.kind == Kind.NUMBER:
        return value
    return selectors.answer_text(q, value)


def write_workbook(out, survey: Survey, filters: Filters = NO_FILTERS) -> int:
    """Write the workbook into `out`; returns the number of response rows written."""
    from openpyxl import Workbook

    specs = selectors.answerable_specs(survey)
    columns = _columns(specs)
    stats = selectors.statistics(survey, filters)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Responses"))
    people = [_("Respondent"), _("Class")] if not survey.anonymous else []
    heads = ["#", *people, _("Answered as"), _("Grade"), *([_("Submitted on")] if not survey.anonymous else []),
             *[h for h, _q, _r in columns]]
    ws.append(excel.header_cells(ws, heads))
    written = 0
    if not stats.hidden:
        responses = list(selectors.submitted(survey).filter(filters.q())
                         .select_related("respondent", "school_class__grade", "grade").order_by("pk"))
        grade_sizes = Counter(r.grade_id for r in responses)
        for n, r in enumerate(responses, 1):
            answers = r.answers
            grade = r.grade.name if r.grade is not None and (
                not survey.anonymous or grade_sizes[r.grade_id] >= MIN_GROUP) else ""
            named = [r.respondent.display_name if r.respondent else "", str(r.school_class or "")] \
                if not survey.anonymous else []
            day = [r.submitted_on] if not survey.anonymous else []
            ws.append([excel.cell(ws, v) for v in (n, *named, r.get_audience_display(), grade, *day,
                                                   *[_value(q, row, answers.get(q.key)) for _h, q, row in columns])])
            written += 1
    sheet = wb.create_sheet(_("Statistics"))
    sheet.append(excel.header_cells(sheet, [_("Question"), _("Option"), _("Count"), _("Percent"), _("Mean")]))
    sheet.append([excel.cell(sheet, v) for v in (_("Responses"), "", stats.total, None, None)])
    if stats.hidden:
        sheet.append([excel.cell(sheet, stats.why)])
    for q in stats.questions:
        for line in stat_lines(q):
            sheet.append([excel.cell(sheet, v) for v in line])
    wb.save(out)
    return written


def stat_lines(q: dict) -> list[tuple]:
    """One question's statistics as rows (question, answer, count, percent, mean)."""
    text = q["text"]
    if q["hidden"]:
        return [(text, selectors.too_few_text(), q["n"], None, None)]
    if q["kind"] in (Kind.SINGLE, Kind.MULTIPLE):
        return [(text, o["label"], o["count"], o["pct"], None) for o in q["options"]]
    if q["kind"] in (Kind.LIKERT, Kind.RATING):
        return [(text, _("Mean"), q["n"], None, q["mean"]),
                *[(text, s["label"], s["count"], s["pct"], None) for s in q["scale"]]]
    if q["kind"] == Kind.MATRIX:
        return [(f"{text}：{r['label']}", label, count, pct, r["mean"] if i == 0 else None)
                for r in q["rows"] for i, (label, count, pct) in enumerate(zip(q["labels"], r["counts"], r["pcts"],
                                                                                 strict=False))]
    if q["kind"] == Kind.RANKING:
        return [(text, o["label"], o["first"], None, o["mean_place"]) for o in q["options"]]
    if q["kind"] == Kind.NUMBER:
        return [(text, _("Mean"), q["n"], None, q["mean"]), (text, _("Median"), None, None, q["median"]),
                (text, _("Smallest"), None, None, q["min"]), (text, _("Largest"), None, None, q["max"])]
    if q["kind"] == Kind.DATE:
        return [(text, m["month"], m["count"], None, None) for m in q["months"]]
    return [(text, _("Text answers"), q["n"], None, None)]


def _filename(survey: Survey, ext: str) -> str:
    return f"{survey.title[:40]}-{timezone.localdate():%Y%m%d}.{ext}"


def xlsx_export(request, survey: Survey, filters: Filters) -> FileResponse:
    buf = io.BytesIO()
    count = write_workbook(buf, survey, filters)
    access_log_record(request.actor, "export", "survey_response", survey.pk, request=request,
                      detail={"count": count, "named": not survey.anonymous,
                              "filters": filters.key() if filters.active else ""})
    return excel.xlsx_response(buf, _filename(survey, "xlsx"))


# -- the PDF summary -----------------------------------------------------------------------------------------------

PALETTE = ("#C0392B", "#E67E22", "#F1C40F", "#27AE60", "#2980B9", "#8E44AD", "#7F8C8D")


def _bar(labels: list[str], values: list[float], font: str, *, width: float = 440, percent: bool = False):
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import HexColor

    height = 24 + 20 * len(labels)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 10, width - 190, height - 20
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [label[:14] for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if percent:
        chart.valueAxis.valueMax = 100
    chart.bars[0].fillColor = HexColor(PALETTE[0])
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = "%.1f%%" if percent else "%s"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _pie(labels: list[str], values: list[float], font: str):
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import HexColor

    drawing = Drawing(440, 130)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 20, 10, 110, 110
    pie.data = values
    pie.labels = None
    for i in range(len(values)):
        pie.slices[i].fillColor = HexColor(PALETTE[i % len(PALETTE)])
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = 160, 120
    legend.fontName = font
    legend.fontSize = 8
    legend.alignment = "right"
    legend.colorNamePairs = [(HexColor(PALETTE[i % len(PALETTE)]), f"{label[:20]}  {v}")
                             for i, (label, v) in enumerate(zip(labels, values, strict=False))]
    drawing.add(legend)
    return drawing


def _chart(q: dict, font: str):
    if q["hidden"] or not q["n"]:
        return None
    if q["kind"] == Kind.SINGLE and sum(o["count"] for o in q["options"]):
        return _pie([o["label"] for o in q["options"]], [o["count"] for o in q["options"]], font)
    if q["kind"] == Kind.MULTIPLE:
        return _bar([o["label"] for o in q["options"]], [o["pct"] for o in q["options"]], font, percent=True)
    if q["kind"] in (Kind.LIKERT, Kind.RATING):
        return _bar([s["label"] for s in q["scale"]], [s["pct"] for s in q["scale"]], font, percent=True)
    if q["kind"] == Kind.MATRIX:
        rated = [r for r in q["rows"] if r["mean"] is not None]
        return _bar([r["label"] for r in rated], [r["mean"] for r in rated], font) if rated else None
    if q["kind"] == Kind.RANKING:
        ranked = [o for o in q["options"] if o["mean_place"] is not None]
        return _bar([o["label"] for o in ranked], [o["mean_place"] for o in ranked], font) if ranked else None
    return None


def write_pdf(out, survey: Survey, filters: Filters = NO_FILTERS) -> None:
    """The summary: title, window, responses and rates, then each question with its chart and its sentence."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    from .views import sentence

    font = cjk_font()
    title = ParagraphStyle("t", fontName=font, fontSize=18, leading=24, wordWrap="CJK", spaceAfter=6)
    head = ParagraphStyle("h", fontName=font, fontSize=12, leading=17, wordWrap="CJK", spaceBefore=8, spaceAfter=3)
    body = ParagraphStyle("b", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    stats = selectors.statistics(survey, filters)
    doc = SimpleDocTemplate(out, pagesize=A4, title=survey.title, author="薪火 Xinhuo", leftMargin=50,
                            rightMargin=50, topMargin=50, bottomMargin=50)

    def p(text, style=body):
        from xml.sax.saxutils import escape

        return Paragraph(escape(str(text)), style)

    story = [p(_("Survey results: %(title)s") % {"title": survey.title}, title),
             p(_("%(start)s to %(end)s · %(kind)s · %(n)d responses · made on %(today)s") % {
                 "start": chinese_date(timezone.localtime(survey.opens_at).date()),
                 "end": chinese_date(timezone.localtime(survey.closes_at).date()),
                 "kind": _("anonymous") if survey.anonymous else _("named"), "n": stats.total,
                 "today": chinese_date(timezone.localdate())})]
    rates = selectors.response_rates(survey)
    if rates:
        data: list[list] = [[_("Audience"), _("Invited"), _("Answered"), _("Response rate")]]
        data += [[f"{r.label} {r.group}".strip(), r.invited, r.answered, f"{r.pct}%" if r.pct is not None else "—"]
                 for r in rates[:30]]
        table = PdfTable(data, hAlign="LEFT")
        table.setStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                        ("GRID", (0, 0), (-1, -1), 0.3, "#999999")])
        story += [Spacer(1, 6), table]
    if stats.hidden:
        story.append(p(stats.why, head))
    for n, q in enumerate(stats.questions, 1):
        block = [p(f"{n}. {q['text']}", head), p(sentence(q))]
        chart = _chart(q, font)
        if chart is not None:
            block.append(chart)
        story.append(KeepTogether(block))
    doc.build(story)


def pdf_summary(request, survey: Survey, filters: Filters) -> HttpResponse | FileResponse:
    buf = io.BytesIO()
    try:
        write_pdf(buf, survey, filters)
    except PdfFontError as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    access_log_record(request.actor, "export", "survey_summary", survey.pk, request=request,
                      detail={"filters": filters.key() if filters.active else ""})
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=_filename(survey, "pdf"), content_type="application/pdf")
