"""Writes of the year-end report (PLAN-5): start (or restart) a generation, which a task carries out with its
progress on the report; edit a section's text or put it back as generated; finalise into Word and PDF, filed in the
governance archive; submit to the county committee. Each checks the actor's rights (rules.py), refuses with a clear
message and writes nothing then."""

from __future__ import annotations

import copy
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor, build_actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.models import SchoolYear
from xinhuo.core.validators import same_school

from . import content
from .models import ReportStatus, YearReport
from .rules import CAPABILITY, can
from .selectors import edited_keys

log = logging.getLogger(__name__)
S = ReportStatus
TEXT_MAX = 20000


def _title(actor: Actor, year: SchoolYear) -> str:
    return f"{actor.school.name}关工委{year.name}工作总结"[:120]


@audited
@transaction.atomic
def report_start(*, actor: Actor, school_year: SchoolYear, overwrite: bool = False) -> YearReport:
    """Generate the report of `school_year` (a new one, or again while it is a draft). A draft whose sections were
    edited is regenerated only with `overwrite` (the page asks first). The work is a task, queued on commit."""
    actor.require(CAPABILITY)
    same_school(actor, school_year)
    report = YearReport.objects.select_for_update().filter(school=actor.school, school_year=school_year).first()
    if report is None:
        report = YearReport(school=actor.school, school_year=school_year, title=_title(actor, school_year))
    elif report.status == S.GENERATING:
        raise ValidationError(_("The report is being generated; wait until it is done."))
    elif report.status != S.DRAFT:
        raise ValidationError(_("The report is finalised: it can no longer be generated again."))
    elif edited_keys(report) and not overwrite:
        raise ValidationError(_("Some sections were edited: generating again replaces the edits. Confirm to go on."))
    report.status, report.progress, report.error = S.GENERATING, 0, ""
    report.created_by = actor.user
    report.save()
    pk, user_id = report.pk, actor.user.pk

    def enqueue() -> None:
        from .tasks import generate_report_task

        generate_report_task.enqueue(pk, user_id)

    transaction.on_commit(enqueue)
    return report


def report_generate(report_id: int, user_id: int) -> int:
    """The task's body: build the sections as the user who asked (their rights, their school), moving the
    progress; a failure leaves a draft with the reason. A report no longer being generated is left alone."""
    report = YearReport.objects.select_related("school_year").filter(pk=report_id, status=S.GENERATING).first()
    if report is None:
        return 0
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    actor = build_actor(user, report.school_id) if user is not None else None

    def progress(p: int) -> None:
        YearReport.objects.filter(pk=report_id).update(progress=p)

    try:
        if actor is None or actor.school.pk != report.school_id or not actor.can(CAPABILITY):
            raise PermissionError("the requester may no longer generate the report")
        with translation.override("zh-hans"), acting(user):
            sections = content.build(actor, report.school_year, progress)
    except Exception as exc:  # noqa: BLE001 - the committee sees why, the log keeps the trace
        log.exception("year-end report %s: generation failed", report_id)
        YearReport.objects.filter(pk=report_id).update(status=S.DRAFT, progress=0, error=str(exc)[:300])
        return 0
    with acting(user):
        report.sections, report.generated = sections, copy.deepcopy(sections)
        report.status, report.progress, report.error = S.DRAFT, 100, ""
        report.save(update_fields=["sections", "generated", "status", "progress", "error"])
    return len(sections)


def _editable(actor: Actor, report: YearReport) -> YearReport:
    if not can(actor, "view_report", report):
        raise Http404
    found = lock(YearReport, report.pk, school=actor.school)
    if found.status != S.DRAFT:
        raise ValidationError(_("Only a draft can be changed: this report is %(status)s.")
                              % {"status": found.get_status_display()})
    return found


@audited
@transaction.atomic
def section_edit(*, actor: Actor, report: YearReport, key: str, text: str) -> YearReport:
    """The committee's text of one section (the generated text is kept)."""
    found = _editable(actor, report)
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": _("The text is too long: at most %(max)d characters.") % {"max": TEXT_MAX}})
    if not text:
        raise ValidationError({"text": _("Write the section's text, or put back the generated one.")})
    target = next((s for s in found.sections if s.get("key") == key), None)
    if target is None:
        raise ValidationError({"key": _("The report has no such section.")})
    target["text"] = text
    found.save(update_fields=["sections"])
    return found


@audited
@transaction.atomic
def section_reset(*, actor: Actor, report: YearReport, key: str) -> YearReport:
    """Put a section's text back as it was generated."""
    found = _editable(actor, report)
    target = next((s for s in found.sections if s.get("key") == key), None)
    made = next((s for s in found.generated if s.get("key") == key), None)
    if target is None or made is None:
        raise ValidationError({"key": _("The report has no such section.")})
    target["text"] = made.get("text", "")
    found.save(update_fields=["sections"])
    return found


def _file_in_archive(report: YearReport, docx: bytes, actor: Actor) -> None:
    from xinhuo.governance.archives.filing import file_record
    from xinhuo.governance.models import ArchiveCategory

    file_record(school_id=report.school_id, category=ArchiveCategory.SUMMARY, title=report.title,
                dated=timezone.localtime(report.finalised_at).date(), source=f"evaluation.yearreport:{report.pk}",
                link=reverse("evaluation:reports-detail", args=[report.pk]),
                keywords=f"工作总结 {report.school_year.name}", content=docx, file_name=report.docx_name,
                by_user=actor.user)


@audited
@transaction.atomic
def report_finalise(*, actor: Actor, report: YearReport) -> YearReport:
    """Write the Word and PDF files from the edited sections, store them, file the Word file in the archive
    (工作总结, kept permanently) and mark the report final. Files stored are removed if the transaction fails."""
    from . import documents

    found = _editable(actor, report)
    if not found.sections:
        raise ValidationError(_("The report has no sections yet: generate it first."))
    found.finalised_at, found.finalised_by = timezone.now(), actor.user
    found.school = actor.school
    with translation.override("zh-hans"):
        docx = documents.report_docx(found, found.sections)
        pdf = documents.report_pdf(found, found.sections)
    found.docx_name, found.pdf_name = f"{found.title}.docx"[:150], f"{found.title}.pdf"[:150]
    found.docx.save(f"year-{found.school_year_id}-{found.pk}.docx", ContentFile(docx), save=False)
    found.pdf.save(f"year-{found.school_year_id}-{found.pk}.pdf", ContentFile(pdf), save=False)
    found.status = S.FINAL
    try:
        found.save()
        _file_in_archive(found, docx, actor)
    except Exception:
        for field in (found.docx, found.pdf):  # nothing is kept of a finalisation that did not happen
            field.storage.delete(field.name)
        raise
    return found


@audited
@transaction.atomic
def report_submit(*, actor: Actor, report: YearReport) -> YearReport:
    """Submit a finalised report to the county committee (its list shows it from now on)."""
    if not can(actor, "view_report", report):
        raise Http404
    found = lock(YearReport, report.pk, school=actor.school)
    if found.status != S.FINAL:
        raise ValidationError(_("Only a finalised report can be submitted: this report is %(status)s.")
                              % {"status": found.get_status_display()})
    found.status, found.submitted_at, found.submitted_by = S.SUBMITTED, timezone.now(), actor.user
    found.save(update_fields=["status", "submitted_at", "submitted_by"])
    return found
