"""Writes of the volunteer inspections (义务监督员): a report filed with its photos, and its
follow-up by the committee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from xinhuo.core import uploads
from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.validators import of_school, same_school

from .. import signals
from ..common import COMMENT_MAX, add_error, clean_text, delete_files, not_future
from ..models import Assignment, Elder, ElderRole, Inspection, InspectionPhoto, InspectionStep
from ..rules import can

INSPECTION_MAX_PHOTOS = 10

# The follow-up of an inspection report: which step may follow which. "following" may follow itself:
# each step of the follow-up is written down with its comment. A closed report stays closed.
INSPECTION_NEXT: dict[str, frozenset[str]] = {
    Inspection.Status.OPEN: frozenset({Inspection.Status.FOLLOWING}),
    Inspection.Status.FOLLOWING: frozenset({Inspection.Status.FOLLOWING, Inspection.Status.CLOSED}),
    Inspection.Status.CLOSED: frozenset(),
}


@audited
def inspection_file(
    *,
    actor: Actor,
    kind: str,
    place: str,
    date: dt.date | None,
    findings: str,
    severity: str = Inspection.Severity.LOW,
    photos: Iterable = (),
    inspector: Elder | None = None,
) -> Inspection:
    """A volunteer inspector's report (义务监督员), with photos. An inspector files as themself; the
    committee files for an inspector of its choice. Every photo is checked before anything is written."""
    if not can(actor, "file_inspection"):
        raise Http404
    errors: dict[str, list[str]] = {}
    if actor.can("elders.manage"):
        if inspector is None and actor.elder_id is not None:
            inspector = Elder.objects.filter(pk=actor.elder_id).first()
        if inspector is None:
            add_error(errors, "inspector", _("Choose the inspector who made the report."))
        elif not of_school(actor, inspector) or not Assignment.objects.filter(
                elder=inspector, school=actor.school, role=ElderRole.INSPECTOR,
                status=Assignment.Status.ACTIVE).exists():
            add_error(errors, "inspector", _("%(name)s does not hold the role of volunteer inspector.")
                      % {"name": inspector.name})
    else:
        # the rule let them in: they hold the inspector role, so they have an elder record here
        inspector = Elder.objects.get(pk=actor.elder_id, school=actor.school)  # type: ignore[misc]
    if kind not in Inspection.Kind.values:
        add_error(errors, "kind", _("Choose what was inspected."))
    if severity not in Inspection.Severity.values:
        add_error(errors, "severity", _("Choose how serious it is."))
    place = clean_text(errors, Inspection, "place", place, required=_("Say where the inspection was."))
    findings = (findings or "").strip()
    if not findings:
        add_error(errors, "findings", _("Describe what was found."))
    elif len(findings) > 5000:
        add_error(errors, "findings", _("At most %(n)d characters.") % {"n": 5000})
    if date is None:
        add_error(errors, "date", _("Give the date of the inspection."))
    not_future(errors, "date", date, _("The inspection date cannot be in the future."))
    checked: list[uploads.CheckedFile] = []
    try:
        checked = uploads.check_images(list(photos), max_count=INSPECTION_MAX_PHOTOS)
    except ValidationError as exc:
        errors.setdefault("photos", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    assert inspector is not None and date is not None
    saved: list[str] = []
    storage = InspectionPhoto._meta.get_field("image").storage  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            report = Inspection.objects.create(
                school=actor.school, inspector=inspector, kind=kind, place=place, date=date, findings=findings,
                severity=severity, created_by=actor.user)
            first = InspectionStep.objects.create(inspection=report, status=Inspection.Status.OPEN, by=actor.user)
            for c in checked:
                photo = InspectionPhoto(inspection=report)
                photo.image.save(c.content.name, c.content, save=False)
                saved.append(photo.image.name)
                photo.save()
                uploads.process_later(photo, "image")  # resized by the task worker
            signals.inspection_changed.send(sender=Inspection, inspection=report, step=first, actor=actor, filed=True)
    except BaseException:
        delete_files(saved, storage)
        raise
    return report


@audited
def inspection_step(*, actor: Actor, inspection: Inspection, status: str, comment: str = ""
                    ) -> InspectionStep:
    """The committee moves a report on: open → being followed up (as often as there is news) → closed.
    Closing says what was done; a closed report is never reopened. The inspector hears of each step."""
    same_school(actor, inspection)
    if not can(actor, "follow_up_inspection", inspection):
        raise Http404
    comment = (comment or "").strip()
    S = Inspection.Status
    with transaction.atomic():
        report = (Inspection.objects.select_for_update(of=("self",)).select_related("inspector__user", "school")
                  .get(pk=inspection.pk))
        errors: dict[str, list[str]] = {}
        if report.status == S.CLOSED:
            raise ValidationError(_("This report is closed and cannot be reopened. If the problem has come "
                                        "back, file a new report."))
        if status not in S.values:
            add_error(errors, "status", _("Choose the next step."))
        elif status not in INSPECTION_NEXT[report.status]:
            if status == S.CLOSED:
                add_error(errors, "status", _("Follow the report up before closing it."))
            else:
                add_error(errors, "status", _("The report is already at this step."))
        if status == S.CLOSED and not comment:
            add_error(errors, "comment", _("Say what was done before closing the report."))
        elif status == S.FOLLOWING and report.status == S.FOLLOWING and not comment:
            add_error(errors, "comment", _("Say what was done in this step of the follow-up."))
        if len(comment) > COMMENT_MAX:
            add_error(errors, "comment", _("At most %(n)d characters.") % {"n": COMMENT_MAX})
        if errors:
            raise ValidationError(errors)
        step = InspectionStep.objects.create(inspection=report, status=status, comment=comment, by=actor.user)
        if report.status != status:
            report.status = status
            report.save(update_fields=["status"])
        signals.inspection_changed.send(sender=Inspection, inspection=report, step=step, actor=actor, filed=False)
    inspection.status = report.status
    return step
