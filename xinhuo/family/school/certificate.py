"""The 优秀家长学员 certificate, drawn by core.pdf.draw_certificate like the other honours. The wording is the
formal Chinese of a certificate whatever the reader's UI language."""

from __future__ import annotations

from typing import BinaryIO

from django.utils import timezone

from xinhuo.core import pdf
from xinhuo.core.pdf import INDENT

from .models import ExcellentParent

HONOUR = "优秀家长学员"


def certificate_text(row: ExcellentParent) -> str:
    return (f"{INDENT}在{row.term.school_year.name}{row.term.name}家长学校学习中，认真参加{row.sessions}次课程，"
            f"学以致用，被评为“{HONOUR}”。特发此证，以资鼓励。")


def certificate_filename(row: ExcellentParent) -> str:
    return f"{HONOUR}-{row.name}-{row.certificate_no}.pdf"


def render_certificate(row: ExcellentParent, out: BinaryIO, *, school_name: str = "") -> None:
    """Raises pdf.PdfFontError when the Chinese font cannot be loaded."""
    issuer = f"{school_name}家长学校" if school_name else "家长学校"
    pdf.draw_certificate(pdf.Certificate(
        addressee=f"{row.name}家长：", text=certificate_text(row), issuer=issuer,
        on=timezone.localdate(row.confirmed_at), number=row.certificate_no, subject=HONOUR, keep=(f"“{HONOUR}”",),
    ), out, author=school_name)
