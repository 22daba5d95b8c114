"""The archive files what other modules make, listening to their signals (never importing their models): a plan
adopted (plans.plan_published), a co-building agreement signed (community.agreement_changed), the winners of an
honour selection when it is awarded (selections.selection_changed, the result list as a certificate record).
Minutes (meetings) and charter versions are filed by their own parts through filing.file_record. Refiling the same
source updates its catalogue row; a filing that fails is logged and never stops the step that made the record."""

from __future__ import annotations

import io
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .filing import file_record
from .models import ArchiveCategory

log = logging.getLogger(__name__)


def _safely(what: str, fn) -> None:
    try:
        with transaction.atomic():  # a savepoint: the module's own step commits even if filing fails
            fn()
    except Exception:  # noqa: BLE001 - the archive must not break a plan's adoption or an award
        log.exception("archive: filing %s failed", what)


def _user(actor):
    return actor.user if actor is not None else None


# --- plans --------------------------------------------------------------------------------------------------------


def on_plan_published(sender, plan, actor=None, **kwargs) -> None:
    def run():
        from xinhuo.plans import export, selectors

        body = export.plan_docx(plan, selectors.plan_sections(plan))
        file_record(school_id=plan.school_id, category=ArchiveCategory.PLAN, title=plan.title,
                    dated=timezone.localdate(), source=f"plans.workplan:{plan.pk}",
                    link=reverse("plans:detail", args=[plan.pk]), keywords=f"工作计划 {plan.year}学年",
                    content=body, file_name=f"{plan.title}.docx", by_user=_user(actor))

    _safely(f"plan {plan.pk}", run)


# --- community ----------------------------------------------------------------------------------------------------


def _agreement_file(agreement) -> tuple[bytes | None, str]:
    from xinhuo.core.uploads import state

    field = agreement.file
    if not field or state(field.name):  # no file, or a photo the worker has not finished: the row without it
        return None, ""
    try:
        with field.open("rb") as handle:
            return handle.read(), agreement.file_name or field.name.rsplit("/", 1)[-1]
    except OSError:
        return None, ""


def on_agreement_changed(sender, agreement, actor=None, created=False, **kwargs) -> None:
    """A signed agreement (it has its signing date) is filed, and filed again when its signed file is attached."""
    if agreement.signed_on is None:
        return

    def run():
        content, name = _agreement_file(agreement)
        partner = agreement.partner.name
        file_record(school_id=agreement.school_id, category=ArchiveCategory.AGREEMENT,
                    title=f"{partner} · {agreement.title}", dated=agreement.signed_on,
                    source=f"community.agreement:{agreement.pk}",
                    link=reverse("community:partners-agreement-detail", args=[agreement.pk]),
                    keywords=f"共建协议 {partner}", content=content, file_name=name, by_user=_user(actor))

    _safely(f"agreement {agreement.pk}", run)


# --- selections ---------------------------------------------------------------------------------------------------


def winners_pdf(title: str, issuer: str, on, rows: list[tuple[str, str, str]]) -> bytes:
    """The result list of an awarded selection (获奖名单): rank, name, class or group, on A4."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from xinhuo.core.pdf import cjk_font

    font = cjk_font()
    buf = io.BytesIO()
    width, height = A4
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(f"{title}获奖名单")
    c.setFont(font, 18)
    c.drawCentredString(width / 2, height - 70, f"{title}获奖名单")
    y = height - 110
    c.setFont(font, 12)
    for n, (name, group, _reason) in enumerate(rows, start=1):
        if y < 80:
            c.showPage()
            c.setFont(font, 12)
            y = height - 70
        c.drawString(70, y, f"{n}. {name}")
        c.drawString(260, y, group)
        y -= 22
    c.drawRightString(width - 70, max(y - 30, 50), f"{issuer}  {on.isoformat()}")
    c.showPage()
    c.save()
    return buf.getvalue()


def on_selection_changed(sender, selection, step=None, actor=None, **kwargs) -> None:
    if selection.stage != "awarded" or actor is None:
        return

    def run():
        from xinhuo.core.pdf import PdfFontError
        from xinhuo.selections import selectors

        rows = [(n.name, n.group, n.reason) for n in selectors.winners(actor).filter(selection_id=selection.pk)]
        on = selection.awarded_on or timezone.localdate()
        try:
            content: bytes | None = winners_pdf(selection.title, selection.issuer, on, rows)
        except PdfFontError:  # no Chinese font on this server: the catalogue row without its file
            content = None
        file_record(school_id=selection.school_id, category=ArchiveCategory.CERTIFICATE,
                    title=f"{selection.title} 获奖名单", dated=on, source=f"selections.selection:{selection.pk}",
                    link=reverse("selections:detail", args=[selection.pk]),
                    keywords=" ".join(["评选", selection.honour or "", *[r[0] for r in rows[:10]]])[:200],
                    content=content, file_name=f"{selection.title}-获奖名单.pdf", by_user=_user(actor))

    _safely(f"selection {selection.pk}", run)


def connect() -> None:
    from xinhuo.community.partners.signals import agreement_changed
    from xinhuo.plans.signals import plan_published
    from xinhuo.selections.signals import selection_changed

    plan_published.connect(on_plan_published, dispatch_uid="governance.archives.plan_published")
    agreement_changed.connect(on_agreement_changed, dispatch_uid="governance.archives.agreement_changed")
    selection_changed.connect(on_selection_changed, dispatch_uid="governance.archives.selection_changed")
