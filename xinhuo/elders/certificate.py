"""The printable certificate of an award (荣誉证书): one A4 landscape page in Chinese.

The wording is the formal Chinese of a certificate whatever the reader's UI language: it is a document
handed to the elder, like the roster's Chinese column headings."""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from xinhuo.core import pdf
from xinhuo.core.chinese import chinese_date

from .models import Award

RED = HexColor("#A31515")
GOLD = HexColor("#C49A3A")
INK = HexColor("#1F1F1F")
PAPER = Color(1, 0.985, 0.95)
INDENT = "\u3000\u3000"  # two full-width spaces open a Chinese paragraph


def certificate_text(award: Award) -> str:
    """The paragraph under the name: the citation, then the award itself."""
    citation = (award.citation or "").strip()
    if citation and citation[-1] not in "。！!.":
        citation += "。"
    return f"{INDENT}{citation}特授予“{award.title}”荣誉称号，特发此证，以资鼓励。"


def certificate_filename(award: Award) -> str:
    return f"荣誉证书-{award.elder.name}-{award.certificate_no}.pdf"


def render_certificate(award: Award, out: BinaryIO, *, school_name: str = "") -> None:
    """Draw the certificate into `out`. Raises pdf.PdfFontError when the Chinese font cannot be loaded."""
    font = pdf.cjk_font()
    width, height = landscape(A4)
    c = canvas.Canvas(out, pagesize=(width, height), pageCompression=1)
    c.setTitle(f"荣誉证书 {award.certificate_no}")
    c.setSubject(award.title)
    c.setAuthor(school_name or award.issuer)
    c.setCreator("薪火 Xinhuo")

    # paper and a double border: a broad red frame, a fine gold line inside it, small corner squares
    c.setFillColor(PAPER)
    c.rect(0, 0, width, height, stroke=0, fill=1)
    c.setStrokeColor(RED)
    c.setLineWidth(7)
    c.rect(22, 22, width - 44, height - 44, stroke=1, fill=0)
    c.setStrokeColor(GOLD)
    c.setLineWidth(1.5)
    c.rect(36, 36, width - 72, height - 72, stroke=1, fill=0)
    c.setFillColor(GOLD)
    for x, y in ((36, 36), (width - 36, 36), (36, height - 36), (width - 36, height - 36)):
        c.rect(x - 5, y - 5, 10, 10, stroke=0, fill=1)

    # heading
    c.setFillColor(RED)
    c.setFont(font, 48)
    c.drawCentredString(width / 2, height - 118, "荣誉证书")
    c.setStrokeColor(GOLD)
    c.setLineWidth(1)
    c.line(width / 2 - 150, height - 136, width / 2 + 150, height - 136)

    # the elder, then the citation and the award, wrapped to the text block
    left, right = 110, width - 110
    c.setFillColor(INK)
    c.setFont(font, 26)
    c.drawString(left, height - 200, f"{award.elder.name}同志：")
    top, bottom = height - 240, 200
    size, lines = pdf.fit(certificate_text(award), font, right - left, top - bottom, (22, 20, 18, 16, 14, 12),
                          leading=1.7, keep=[f"“{award.title}”"])
    c.setFont(font, size)
    y = top
    for line in lines:
        c.drawString(left, y, line)
        y -= size * 1.7

    # issuer and date at the bottom right, the number at the bottom left
    c.setFont(font, 20)
    c.drawRightString(right, 150, award.issuer)
    c.drawRightString(right, 118, chinese_date(award.awarded_on))
    c.setFont(font, 12)
    c.setFillColor(HexColor("#555555"))
    c.drawString(60, 56, f"证书编号：{award.certificate_no}")
    c.showPage()
    c.save()
