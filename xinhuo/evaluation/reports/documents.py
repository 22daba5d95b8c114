"""The finalised report as files: Word (python-docx) and PDF (ReportLab), with the sections' charts as images.

- PDF: charts drawn with reportlab.graphics (vector), labels in ReportLab's CID font STSong-Light (core.pdf), so
  Chinese renders and extracts on a fresh machine with no system font.
- Word: a chart is a PNG drawn with Pillow (pinned already). Its labels need a CJK TrueType font: the first found of
  XINHUO_CJK_FONT (a path) and the usual Noto CJK / WenQuanYi paths of Debian and Ubuntu (fonts-noto-cjk). Where none
  is found the chart's categories are numbered (1, 2, …) and the names follow in the caption, so the figure still
  reads; the table of the same figures is in the document either way. No new dependency (docs/evaluation-reports.md).
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
from pathlib import Path

from xinhuo.core.chinese import chinese_date

FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
)
COLOURS = ("#c0392b", "#2e86c1", "#27ae60", "#f39c12")


@lru_cache(maxsize=1)
def cjk_ttf() -> str | None:
    """A TrueType/OpenType font with Chinese glyphs on this machine, or None."""
    for path in (os.environ.get("XINHUO_CJK_FONT", ""), *FONT_PATHS):
        if path and Path(path).is_file():
            return path
    return None


def _dated(report) -> str:
    from django.utils import timezone

    return chinese_date(timezone.localtime(report.finalised_at).date() if report.finalised_at
                        else timezone.localdate())


def _series(spec: dict) -> list[tuple[str, list[float]]]:
    return [(s["name"], [float(v) for v in s["values"]]) for s in spec["series"]]


# --- PNG (Word) ---------------------------------------------------------------------------------------------------


def chart_png(spec: dict, width: int = 1200, height: int = 600) -> tuple[bytes, str]:
    """The chart as a PNG (vertical bars per category, one colour per series) and its caption. Horizontal-bar
    specs are drawn the same way: a PNG's labels are short enough rotated."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = cjk_ttf()
    cats = list(spec["categories"])
    caption = spec["title"]
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    title_font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    if font_path:
        font = ImageFont.truetype(font_path, 22)
        title_font = ImageFont.truetype(font_path, 28)
        labels = cats
    else:  # no CJK font: number the categories, name them in the caption
        font = title_font = ImageFont.load_default()
        labels = [str(i) for i in range(1, len(cats) + 1)]
        caption += "（" + "；".join(f"{i}. {c}" for i, c in enumerate(cats, 1)) + "）"
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    series = _series(spec)
    top = max((max(v, default=0) for _n, v in series), default=0) or 1
    left, right, upper, lower = 90, width - 30, 70, height - 80
    if font_path:
        draw.text((left, 15), spec["title"], fill="black", font=title_font)
    draw.line((left, upper, left, lower), fill="black", width=2)
    draw.line((left, lower, right, lower), fill="black", width=2)
    for i in range(5):
        y = lower - (lower - upper) * i / 4
        draw.line((left - 5, y, right, y), fill="#dddddd" if i else "black")
        draw.text((10, y - 12), f"{top * i / 4:.0f}", fill="black", font=font)
    n = max(len(cats), 1)
    slot = (right - left) / n
    bar = slot * 0.7 / max(len(series), 1)
    for si, (_name, values) in enumerate(series):
        for ci, v in enumerate(values):
            x0 = left + ci * slot + slot * 0.15 + si * bar
            y0 = lower - (lower - upper) * v / top
            draw.rectangle((x0, y0, x0 + bar - 2, lower), fill=COLOURS[si % len(COLOURS)])
    for ci, label in enumerate(labels):
        text = label if len(label) <= 6 else label[:6] + "…"
        x = left + ci * slot + slot / 2 - draw.textlength(text, font=font) / 2
        draw.text((x, lower + 8), text, fill="black", font=font)
    if len(series) > 1:
        x = right - 260
        for si, (name, _v) in enumerate(series):
            draw.rectangle((x, 20 + si * 26, x + 18, 38 + si * 26), fill=COLOURS[si % len(COLOURS)])
            draw.text((x + 26, 16 + si * 26), name if font_path else f"S{si + 1}", fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue(), caption


def report_docx(report, sections: list[dict]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    title = doc.add_heading(report.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"{report.school.name}关工委　{_dated(report)}")
    for s in sections:
        doc.add_heading(s["heading"], level=1)
        for line in (s.get("text") or "").splitlines():
            if line.strip():
                doc.add_paragraph(line)
        for spec in s.get("charts") or []:
            if spec.get("empty"):
                continue
            png, caption = chart_png(spec)
            doc.add_picture(io.BytesIO(png), width=Cm(15))
            doc.add_paragraph(caption).alignment = WD_ALIGN_PARAGRAPH.CENTER
        for t in s.get("tables") or []:
            doc.add_paragraph(t["title"])
            table = doc.add_table(rows=1, cols=len(t["columns"]))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, t["columns"], strict=True):
                cell.text = text
            for row in t["rows"]:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=False):
                    cell.text = str(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------------------


def _pdf_chart(spec: dict, font: str, width: float, height: float):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.colors import HexColor

    d = Drawing(width, height)
    d.add(String(0, height - 14, spec["title"], fontName=font, fontSize=11))
    bc = VerticalBarChart()
    bc.x, bc.y, bc.width, bc.height = 40, 40, width - 60, height - 80
    series = _series(spec)
    bc.data = [values for _n, values in series]
    bc.categoryAxis.categoryNames = [c if len(c) <= 6 else c[:6] + "…" for c in spec["categories"]]
    bc.categoryAxis.labels.fontName = font
    bc.categoryAxis.labels.fontSize = 7
    bc.valueAxis.labels.fontName = font
    bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.valueMin = 0
    for i in range(len(series)):
        bc.bars[i].fillColor = HexColor(COLOURS[i % len(COLOURS)])
    d.add(bc)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 120, height - 10
        legend.fontName, legend.fontSize = font, 8
        legend.colorNamePairs = [(HexColor(COLOURS[i % len(COLOURS)]), n) for i, (n, _v) in enumerate(series)]
        d.add(legend)
    return d


def report_pdf(report, sections: list[dict]) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from xinhuo.core.pdf import cjk_font, wrap

    font = cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(report.title)
    page_w, page_h = A4
    margin = 56
    width = page_w - 2 * margin
    y = page_h - margin

    def need(h: float) -> None:
        nonlocal y
        if y - h < margin:
            c.showPage()
            y = page_h - margin

    def line(text: str, size: float = 11, lead: float = 1.6, x: float = margin, w: float = width) -> None:
        nonlocal y
        for piece in wrap(text, font, size, w):
            need(size * lead)
            c.setFont(font, size)
            c.drawString(x, y - size, piece)
            y -= size * lead

    c.setFont(font, 18)
    c.drawCentredString(page_w / 2, y - 18, report.title)
    y -= 40
    line(f"{report.school.name}关工委　{_dated(report)}",
         size=10)
    for s in sections:
        y -= 6
        line(s["heading"], size=14)
        for text in (s.get("text") or "").splitlines():
            if text.strip():
                line("　　" + text.strip())
        for spec in s.get("charts") or []:
            if spec.get("empty"):
                continue
            need(220)
            drawing = _pdf_chart(spec, font, width, 210)
            renderPDF.draw(drawing, c, margin, y - 210)
            y -= 220
        for t in s.get("tables") or []:
            line(t["title"], size=11)
            cols = len(t["columns"])
            col_w = width / cols
            for row in [t["columns"], *t["rows"]]:
                need(16)
                c.setFont(font, 9)
                for i, cell in enumerate(row):
                    text = str(cell)
                    while text and c.stringWidth(text, font, 9) > col_w - 6:
                        text = text[:-1]
                    c.drawString(margin + i * col_w + 3, y - 11, text)
                c.line(margin, y - 15, margin + width, y - 15)
                y -= 16
            y -= 6
    c.save()
    return buf.getvalue()
