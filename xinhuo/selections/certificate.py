"""The certificate of a selection's winner (荣誉证书), drawn like the elders' awards by core.pdf.draw_certificate.
The wording is the formal Chinese of a certificate whatever the reader's UI language."""

from __future__ import annotations

from typing import BinaryIO

from django.utils import timezone

from xinhuo.core import pdf
from xinhuo.core.pdf import INDENT

from .models import Nomination, Selection


def addressee(nomination: Nomination) -> str:
    """张小明同学： / 张大明同志： / 初一1班全体同学："""
    if nomination.student_id:
        return f"{nomination.name}同学："
    if nomination.school_class_id:
        return f"{nomination.name}全体同学："
    return f"{nomination.name}同志："


def certificate_text(selection: Selection) -> str:
    steps = "推荐、审核、投票和公示" if selection.voting else "推荐、审核和公示"
    return f"{INDENT}在{selection.title}中，经{steps}，被评为“{selection.honour}”。特发此证，以资鼓励。"


def certificate_filename(nomination: Nomination) -> str:
    return f"荣誉证书-{nomination.name}-{nomination.certificate_no}.pdf"


def render_certificate(nomination: Nomination, out: BinaryIO, *, school_name: str = "") -> None:
    """Draw the winner's certificate into `out`. Raises pdf.PdfFontError when the Chinese font cannot be loaded."""
    selection = nomination.selection
    on = selection.awarded_on or timezone.localdate(nomination.awarded_at)
    pdf.draw_certificate(pdf.Certificate(
        addressee=addressee(nomination), text=certificate_text(selection), issuer=selection.issuer, on=on,
        number=nomination.certificate_no, subject=selection.honour, keep=(f"“{selection.honour}”",),
    ), out, author=school_name)
