"""The printable certificate of an award (荣誉证书): one A4 landscape page in Chinese, drawn by
core.pdf.draw_certificate (shared with the honour selections).

The wording is the formal Chinese of a certificate whatever the reader's UI language: it is a document
handed to the elder, like the roster's Chinese column headings."""

from __future__ import annotations

from typing import BinaryIO

from xinhuo.core import pdf
from xinhuo.core.pdf import INDENT

from ..models import Award


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
    pdf.draw_certificate(pdf.Certificate(
        addressee=f"{award.elder.name}同志：", text=certificate_text(award), issuer=award.issuer,
        on=award.awarded_on, number=award.certificate_no, subject=award.title, keep=(f"“{award.title}”",),
    ), out, author=school_name)
