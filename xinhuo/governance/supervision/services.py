"""Writes of the supervision part (PLAN-4): inspections with their scored checklist, rectification items through
core.workflow (open → submitted → closed, or back to open; open → failed) and accountability records (the leading
group's). Every refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.uploads import check_file, process_later
from xinhuo.core.validators import choose_one_of, clean_text, same_school
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step

from . import signals
from .models import (
    Accountability,
    ChecklistItem,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Rectification,
    RectificationStatus,
    RectificationStep,
)
from .rules import can

S = RectificationStatus
MAX_FULL_MARKS = Decimal("1000")
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
COMMENT_MAX = 2000
HUNDRED = Decimal("100")
TENTH = Decimal("0.1")

# The default checklist: the seed plans' 保障措施 and the areas of the committee's work (SCOPE), 100 marks in all.
DEFAULT_CHECKLIST: list[tuple[str, Decimal]] = [
    ("组织建设：成立以党支部书记为组长、校长为副组长的关工委工作领导小组，成员分工明确、责任到人", Decimal("15")),
    ("制度建设：建立健全例会制度、学习制度、考核制度、档案管理制度，各项工作有章可循", Decimal("15")),
    ("工作计划：年度工作计划目标明确、任务到人、按期推进，定期总结评估", Decimal("10")),
    ("活动开展：思想道德教育、心理健康教育、家校社协同育人等活动按计划开展，有方案有总结", Decimal("15")),
    ("关爱帮扶：特殊群体学生建档立卡，结对帮扶、家访和心理疏导落实到人", Decimal("15")),
    ("五老队伍：五老人员信息库完整，定期走访慰问，作用发挥明显", Decimal("10")),
    ("档案管理：会议纪要、活动方案、总结报告、图片资料、荣誉证书规范归档", Decimal("10")),
    ("经费管理：经费纳入学校年度预算，专款专用，接受监督", Decimal("5")),
    ("宣传推广：利用官网、公众号、宣传栏宣传关工委工作成效和五老先进事迹", Decimal("5")),
]

TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({S.OPEN}), S.SUBMITTED, rule="submit_rectification"),
    "close": Transition(frozenset({S.SUBMITTED}), S.CLOSED),
    "return": Transition(frozenset({S.SUBMITTED}), S.OPEN, comment_required=True,
                         why=gettext_lazy("Say what is still missing, so that the owner can complete it.")),
    "fail": Transition(frozenset({S.OPEN}), S.FAILED, comment_required=True,
                       why=gettext_lazy("Say why the item is not rectified.")),
}
VERIFY_ACTIONS = ("close", "return", "fail")
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=RectificationStep, subject="rectification",
    signal=signals.rectification_changed, can=can, rule="verify_rectification",
    refused=gettext_lazy("The rectification item is %(status)s: this step is not possible now."),
    why=gettext_lazy("Add a comment."), comment_max=COMMENT_MAX)


# --- scores ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    full: Decimal  # the checklist's full marks
    score: Decimal  # the marks given (items not scored yet count nothing)
    scored: int  # items scored
    items: int
    percent: Decimal | None  # score / full, to one decimal, half up; None without full marks

    @property
    def complete(self) -> bool:
        return self.items > 0 and self.scored == self.items


def totals(rows) -> Totals:
    """The checklist's totals from (full marks, score) pairs, exactly (Decimal)."""
    full = score = Decimal("0")
    scored = items = 0
    for max_score, value in rows:
        items += 1
        full += max_score
        if value is not None:
            scored += 1
            score += value
    percent = (score * HUNDRED / full).quantize(TENTH, rounding=ROUND_HALF_UP) if full else None
    return Totals(full, score, scored, items, percent)


def inspection_totals(inspection: Inspection) -> Totals:
    return totals(ChecklistItem.objects.filter(inspection=inspection).values_list("max_score", "score"))


def _marks(value, key: str, errors: dict, *, upper: Decimal, required: bool) -> Decimal | None:
    """A number of marks with at most one decimal, from 0 to `upper`."""
    if value in (None, ""):
        if required:
            errors[key] = _("Enter the marks.")
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors[key] = _("Enter a number, such as 8 or 7.5.")
        return None
    if not number.is_finite():
        errors[key] = _("Enter a number, such as 8 or 7.5.")
        return None
    if number != number.quantize(TENTH, rounding=ROUND_HALF_UP):
        errors[key] = _("Marks have at most one decimal, such as 7.5.")
        return None
    if not Decimal("0") <= number <= upper:
        errors[key] = _("Enter marks from 0 to %(max)s.") % {"max": f"{upper.normalize():f}"}
        return None
    return number.quantize(TENTH)


def _planned(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.PLANNED:
        raise ValidationError(_("The inspection is done: its checklist no longer changes."))


# --- inspections -----------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def inspection_save(*, actor: Actor, inspection: Inspection | None = None, kind: str, title: str,
                    held_on: dt.date | None, inspectors: str = "", summary: str = "") -> Inspection:
    """Plan an inspection (with the default checklist, to be edited), or change one (the committee). After it is
    done only its overall findings may still change."""
    actor.require("governance.supervision.manage")
    if inspection is not None:
        same_school(actor, inspection)
        inspection = lock(Inspection, inspection.pk)
    errors: dict[str, Any] = {}
    if kind not in InspectionKind.values:
        errors["kind"] = choose_one_of(InspectionKind)
    title = clean_text(title, 100, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the inspection a title, such as 2026学年第一学期关工委工作自查.")
    if not isinstance(held_on, dt.date):
        errors["held_on"] = _("Enter the date of the inspection.")
    inspectors = clean_text(inspectors, 200, "inspectors", errors)
    summary = clean_text(summary, 8000, "summary", errors)
    if inspection is not None and inspection.status == InspectionStatus.DONE and (
            kind != inspection.kind or title != inspection.title or held_on != inspection.held_on
            or inspectors != inspection.inspectors):
        errors["__all__"] = _("The inspection is done: only its overall findings may still change.")
    if errors or not isinstance(held_on, dt.date):
        raise ValidationError(errors)
    created = inspection is None
    inspection = inspection or Inspection(school=actor.school, created_by=actor.user)
    inspection.kind, inspection.title, inspection.held_on = kind, title, held_on
    inspection.inspectors, inspection.summary = inspectors, summary
    inspection.save()
    if created:
        ChecklistItem.objects.bulk_create([
            ChecklistItem(inspection=inspection, order=n, text=text, max_score=marks)
            for n, (text, marks) in enumerate(DEFAULT_CHECKLIST, 1)])
    elif inspection.status == InspectionStatus.DONE:
        _file(actor, inspection)  # the archived report follows the findings
    return inspection


@audited
@transaction.atomic
def item_save(*, actor: Actor, inspection: Inspection, item: ChecklistItem | None = None, text: str,
              max_score) -> ChecklistItem:
    """Add an item to the checklist of a planned inspection, or change one's wording and full marks."""
    actor.require("governance.supervision.manage")
    same_school(actor, inspection)
    inspection = lock(Inspection, inspection.pk)
    if item is not None:
        item = lock(ChecklistItem, item.pk, inspection=inspection)
    _planned(inspection)
    errors: dict[str, Any] = {}
    text = clean_text(text, 300, "text", errors)
    if not text and "text" not in errors:
        errors["text"] = _("Say what is checked.")
    full = _marks(max_score, "max_score", errors, upper=MAX_FULL_MARKS, required=True)
    if full is not None and full == 0:
        errors["max_score"] = _("An item is worth more than 0 marks.")
    if item is not None and full is not None and item.score is not None and item.score > full:
        errors["max_score"] = _("The item is scored %(score)s already: its full marks cannot be lower.") % {
            "score": f"{item.score:f}"}
    if errors or full is None:
        raise ValidationError(errors)
    if item is None:
        last = ChecklistItem.objects.filter(inspection=inspection).aggregate(m=Max("order"))["m"] or 0
        item = ChecklistItem(inspection=inspection, order=last + 1)
    item.text, item.max_score = text, full
    item.save()
    return item


@audited
@transaction.atomic
def item_delete(*, actor: Actor, item: ChecklistItem) -> None:
    actor.require("governance.supervision.manage")
    inspection = lock(Inspection, item.inspection_id, school=actor.school)
    _planned(inspection)
    item.delete()


@audited
@transaction.atomic
def scores_save(*, actor: Actor, inspection: Inspection, entries: dict[int, tuple[Any, str]]) -> Totals:
    """The scores and findings of a planned inspection's items, {item id: (score, finding)}: all or nothing. An
    empty score leaves the item unscored."""
    actor.require("governance.supervision.manage")
    same_school(actor, inspection)
    inspection = lock(Inspection, inspection.pk)
    _planned(inspection)
    items = {i.pk: i for i in ChecklistItem.objects.filter(inspection=inspection)}
    errors: dict[str, Any] = {}
    changed = []
    for pk, (score, finding) in entries.items():
        item = items.get(pk)
        if item is None:
            raise ValidationError(_("This item is not on the inspection's checklist."))
        value = _marks(score, f"score_{pk}", errors, upper=item.max_score, required=False)
        text = clean_text(finding, 2000, f"finding_{pk}", errors)
        item.score, item.finding = value, text
        changed.append(item)
    if errors:
        raise ValidationError(errors)
    ChecklistItem.objects.bulk_update(changed, ["score", "finding"])
    return totals((i.max_score, i.score) for i in items.values())


@audited
@transaction.atomic
def inspection_done(*, actor: Actor, inspection: Inspection) -> Inspection:
    """Mark an inspection done when every item is scored, and file its report in the archive."""
    actor.require("governance.supervision.manage")
    same_school(actor, inspection)
    inspection = lock(Inspection, inspection.pk)
    _planned(inspection)
    result = inspection_totals(inspection)
    if not result.items:
        raise ValidationError(_("The checklist has no item: add what is checked first."))
    if not result.complete:
        raise ValidationError(_("%(n)d of %(all)d items are not scored yet: score every item first.") % {
            "n": result.items - result.scored, "all": result.items})
    inspection.status = InspectionStatus.DONE
    inspection.save(update_fields=["status"])
    _file(actor, inspection)
    return inspection


def _file(actor: Actor, inspection: Inspection) -> None:
    file_report(inspection, by_user=actor.user)


def file_report(inspection: Inspection, *, by_user=None) -> None:
    """File (or refile) the inspection's report in the archive, in the site's language: the catalogue is the
    school's, whoever marked the inspection done."""
    from xinhuo.governance.archives.filing import file_record

    from .exports import report_docx

    with translation.override(settings.LANGUAGE_CODE):
        kind = inspection.get_kind_display()
        file_record(school_id=inspection.school_id, category="inspection",
                    title=_("%(title)s (inspection report)") % {"title": inspection.title}, dated=inspection.held_on,
                    source=f"governance.inspection:{inspection.pk}",
                    link=reverse("governance:supervision-inspection", args=[inspection.pk]),
                    keywords=f"{kind} {inspection.inspectors}".strip(), content=report_docx(inspection),
                    file_name=f"{inspection.title}.docx", by_user=by_user)


# --- rectification items ---------------------------------------------------------------------------------------


def owner_choices(school):
    """The school's staff with an account: any of them may own a rectification item."""
    from xinhuo.core.models import User

    from .declare import STAFF

    return (User.objects.filter(memberships__school=school, memberships__role__in=STAFF, is_active=True)
            .distinct().order_by("full_name", "username"))


@audited
@transaction.atomic
def rectification_add(*, actor: Actor, inspection: Inspection, problem: str, measure: str = "", owner,
                      due_on: dt.date | None, item: ChecklistItem | None = None) -> Rectification:
    """整改: a problem found by an inspection, what is to be done, by whom and by when (the committee)."""
    actor.require("governance.supervision.manage")
    same_school(actor, inspection)
    errors: dict[str, Any] = {}
    if item is not None and item.inspection_id != inspection.pk:
        errors["item"] = _("Choose an item of this inspection's checklist.")
    problem = clean_text(problem, 300, "problem", errors)
    if not problem and "problem" not in errors:
        errors["problem"] = _("Say what the problem is.")
    measure = clean_text(measure, 2000, "measure", errors)
    if owner is None or not owner_choices(actor.school).filter(pk=owner.pk).exists():
        errors["owner"] = _("Choose a staff member of this school as the owner.")
    if not isinstance(due_on, dt.date):
        errors["due_on"] = _("Enter the deadline.")
    elif due_on < inspection.held_on:
        errors["due_on"] = _("The deadline cannot be before the inspection.")
    if errors or not isinstance(due_on, dt.date):
        raise ValidationError(errors)
    rect = Rectification(school=actor.school, inspection=inspection, item=item, problem=problem, measure=measure,
                         owner=owner, due_on=due_on, status=S.OPEN)
    with acting(actor.user):
        rect.save()
    record_step(WORKFLOW, actor=actor, obj=rect, from_status="")
    return rect


@audited
@transaction.atomic
def rectification_submit(*, actor: Actor, rectification: Rectification, evidence: str, file=None) -> Rectification:
    """The owner's evidence of what was done (text, and a file: a PDF, an Office file or a photo)."""
    actor.require("governance.supervision.view")
    checked: list = []
    changes: dict[str, Any] = {}

    def check(current: Rectification, errors: dict[str, Any]) -> None:
        text = clean_text(evidence, 4000, "evidence", errors)
        if not text and "evidence" not in errors:
            errors["evidence"] = _("Say what was done to rectify it.")
        if file:
            try:
                checked.append(check_file(file, max_bytes=EVIDENCE_MAX_BYTES))
            except ValidationError as exc:
                errors["file"] = exc.messages
        changes["evidence"] = text

    def apply(current: Rectification) -> None:
        current.evidence = changes["evidence"]
        if checked:
            current.evidence_file = checked[0].content
            current.evidence_name = checked[0].original_name[:150]

    result = apply_transition(WORKFLOW, actor=actor, obj=rectification, action="submit", check=check, apply=apply)
    if checked:
        process_later(result, "evidence_file")
    return result


@audited
def rectification_step(*, actor: Actor, rectification: Rectification, action: str, comment: str = "") -> Rectification:
    """The committee's verification: close (the evidence holds), return (with what is missing), or mark it not
    rectified (failed, with why). An item one owns oneself is verified by another member of the committee."""
    actor.require("governance.supervision.manage")
    if action not in VERIFY_ACTIONS:
        raise ValidationError(_("Unknown step."))

    def check(current: Rectification, errors: dict[str, Any]) -> None:
        if current.owner_id == actor.user.pk:
            errors["__all__"] = _("You own this item: another member of the committee verifies it.")

    def apply(current: Rectification) -> None:
        if action in ("close", "fail"):
            current.closed_at = timezone.now()

    return apply_transition(WORKFLOW, actor=actor, obj=rectification, action=action, comment=comment, check=check,
                            apply=apply)


# --- accountability --------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def accountability_add(*, actor: Actor, rectification: Rectification, person=None, person_name: str = "",
                       decided_on: dt.date | None, measure: str, reason: str) -> Accountability:
    """责任追究 on a rectification that failed (the leading group only; anyone else: 404)."""
    if not can(actor, "accountability", rectification):
        raise Http404
    rectification = lock(Rectification, rectification.pk, school=actor.school)
    errors: dict[str, Any] = {}
    if rectification.status != S.FAILED:
        errors["__all__"] = _("Accountability is recorded only for an item marked not rectified.")
    if person is not None and not owner_choices(actor.school).filter(pk=person.pk).exists():
        errors["person"] = _("Choose a staff member of this school.")
    name = clean_text(person_name, 50, "person_name", errors) or (person.display_name[:50] if person else "")
    if not name and "person_name" not in errors:
        errors["person_name"] = _("Say who is held to account.")
    if not isinstance(decided_on, dt.date):
        errors["decided_on"] = _("Enter the date of the decision.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("A decision cannot be dated in the future.")
    measure = clean_text(measure, 2000, "measure", errors)
    if not measure and "measure" not in errors:
        errors["measure"] = _("Say what measure was taken, such as 约谈 or 通报批评.")
    reason = clean_text(reason, 2000, "reason", errors)
    if not reason and "reason" not in errors:
        errors["reason"] = _("Say why.")
    if errors or not isinstance(decided_on, dt.date):
        raise ValidationError(errors)
    return Accountability.objects.create(school=actor.school, rectification=rectification, person=person,
                                         person_name=name, decided_on=decided_on, measure=measure, reason=reason,
                                         recorded_by=actor.user)
