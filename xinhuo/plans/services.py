"""Writes of the plans app (PLAN-1, PLAN-2, GOV-4). Each checks the actor's permission, validates everything
first and raises one ValidationError by field in Chinese: a refusal changes nothing.

Progress rules (one place, so the pages and the API agree): a percentage is a whole number from 0 to 100; a task
marked done is 100 %; 100 % on an open task marks it done; any progress on a task not started marks it in
progress; a task dropped says why; progress is reported on an adopted plan only. A deadline lies inside the plan's
school year (September to August).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.models import Department, Membership, Role, User
from xinhuo.core.services import notification_send
from xinhuo.core.uploads import check_file, check_image, process_later
from xinhuo.core.validators import choose_one_of, clean_text, of_school

from . import signals
from .models import (
    OPEN_STATUSES,
    PlanSection,
    PlanStatus,
    PlanTask,
    TaskEvidence,
    TaskStatus,
    TaskUpdate,
    WorkPlan,
    lines_of,
)
from .rules import can
from .templates_data import TEMPLATES

PLAN_TEXT_MAX = {"title": 100, "subtitle": 100, "intro": 4000, "guiding_ideas": 4000, "principles": 4000,
                 "goals": 4000}
SECTION_TITLE_MAX = 100
TASK_TEXT_MAX = {"title": 150, "measures": 8000, "expected_evidence": 300}
NOTE_MAX = 1000
MAX_PHOTOS = 9
MAX_FILES = 5
YEAR_MIN, YEAR_MAX = 2000, 2100


# --- helpers ------------------------------------------------------------------------------------------------


def _require_manage(actor: Actor, plan: WorkPlan | None = None) -> None:
    actor.require("plans.manage")
    if plan is not None and not can(actor, "manage_plan", plan):
        raise Http404


def _clean_year(year, errors: dict) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        errors["year"] = _("Enter the year the school year starts in, such as 2026.")
        return 0
    if not YEAR_MIN <= value <= YEAR_MAX:
        errors["year"] = _("Enter a year from %(min)d to %(max)d.") % {"min": YEAR_MIN, "max": YEAR_MAX}
    return value


def _duplicate_title(school_id: int, year: int, title: str, exclude: int | None = None) -> bool:
    qs = WorkPlan.objects.filter(school_id=school_id, year=year, title=title)
    return qs.exclude(pk=exclude).exists() if exclude else qs.exists()


def default_title(key: str, year: int) -> str:
    """2026-2027学年学校关工委工作计划; a plan from another template than 综合 says which (a school may keep a
    themed plan beside its general one)."""
    tpl = TEMPLATES[key]
    return f"{year}-{year + 1}学年{tpl['title']}" + ("" if key == "general" else f"（{tpl['name']}）")


def due_date(year: int, month: int, day: int) -> dt.date:
    """(month, day) of a template inside the plan's school year: September–December of `year`, January–August of
    the next; a day past the month's end is its last day."""
    y = year if month >= 9 else year + 1
    return dt.date(y, month, min(day, calendar.monthrange(y, month)[1]))


def shift_year(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    y = day.year + years
    return day.replace(year=y, day=min(day.day, calendar.monthrange(y, day.month)[1]))  # 29 Feb → 28 Feb


def _staff_user_ids(school_id: int, users: Iterable[User | None]) -> set[int]:
    ids = {u.pk for u in users if u is not None}
    return set(Membership.objects.filter(school_id=school_id, user_id__in=ids, role__in=STAFF_ROLES,
                                         user__is_active=True).values_list("user_id", flat=True))


def _touch(plan: WorkPlan) -> None:
    WorkPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())


def _tell_assignees(plan: WorkPlan, tasks: list[PlanTask], only: set[int] | None = None) -> None:
    """GOV-4: each owner and each head of a task's department hears, in one notice, of the tasks now theirs.
    `only`: restrict to these user ids (those newly assigned)."""
    if plan.status != PlanStatus.ADOPTED or not tasks:
        return
    dept_ids = {d.pk for t in tasks for d in t.departments.all()}
    heads: dict[int, list[User]] = {}
    for m in (Membership.objects.filter(school_id=plan.school_id, role=Role.DEPARTMENT_HEAD,
                                        department_id__in=dept_ids, user__is_active=True).select_related("user")):
        assert m.department_id is not None
        heads.setdefault(m.department_id, []).append(m.user)
    mine: dict[int, tuple[User, list[PlanTask]]] = {}
    for t in tasks:
        people = ([t.owner] if t.owner is not None and t.owner.is_active else []) + [
            u for d in t.departments.all() for u in heads.get(d.pk, [])]
        for u in people:
            if only is not None and u.pk not in only:
                continue
            entry = mine.setdefault(u.pk, (u, []))
            if t not in entry[1]:
                entry[1].append(t)
    for user, theirs in mine.values():
        body = "\n".join(
            f"{t.title}" + (_(" · due %(date)s") % {"date": t.deadline.isoformat()} if t.deadline else "")
            for t in theirs)
        notification_send(
            actor=None, school=plan.school, recipients=[user],
            title=ngettext("A task of the work plan is yours", "%(n)d tasks of the work plan are yours",
                           len(theirs)) % {"n": len(theirs)},
            body=f"{plan.title}\n{body}"[:2000], link=reverse("plans:tasks"), check_permission=False)


# --- plans --------------------------------------------------------------------------------------------------


def _new_plan(actor: Actor, *, title: str, year: int, errors: dict, **fields) -> WorkPlan:
    if not title and "title" not in errors:
        errors["title"] = _("Give the plan a title.")
    if year and title and "year" not in errors and _duplicate_title(actor.school.pk, year, title):
        errors["title"] = _("This school year already has a plan with this title.")
    if errors:
        raise ValidationError(errors)
    plan = WorkPlan(school=actor.school, title=title, year=year, created_by=actor.user, status=PlanStatus.DRAFT,
                    **fields)
    try:
        with transaction.atomic(), acting(actor.user):
            plan.save()
    except IntegrityError:  # the same title saved a moment ago
        raise ValidationError({"title": _("This school year already has a plan with this title.")}) from None
    return plan


@audited
@transaction.atomic
def plan_create_from_template(*, actor: Actor, key: str, year, title: str = "") -> WorkPlan:
    """A draft plan laid out like one of the five seed plans: its ideas, principles, goals, sections and tasks
    with measures, the school's departments of the template's kinds, deadlines inside the school year."""
    _require_manage(actor)
    errors: dict[str, str] = {}
    if key not in TEMPLATES:
        errors["template"] = _("Choose one of: %(allowed)s.") % {
            "allowed": "、".join(t["name"] for t in TEMPLATES.values())}
    year = _clean_year(year, errors)
    if errors:
        raise ValidationError(errors)
    tpl = TEMPLATES[key]
    title = clean_text(title, PLAN_TEXT_MAX["title"], "title", errors) or default_title(key, year)
    plan = _new_plan(actor, title=title, year=year, errors=errors, template=key, subtitle=tpl["subtitle"],
                     intro=tpl["intro"], guiding_ideas=tpl["guiding_ideas"], principles="\n".join(tpl["principles"]),
                     goals="\n".join(tpl["goals"]))
    by_kind: dict[str, list[int]] = {}
    for d in Department.objects.filter(school=actor.school).order_by("pk"):
        by_kind.setdefault(d.kind, []).append(d.pk)
    sections = PlanSection.objects.bulk_create(
        [PlanSection(plan=plan, order=i, title=s["title"]) for i, s in enumerate(tpl["sections"], 1)])
    tasks, kinds = [], []
    for section, s in zip(sections, tpl["sections"], strict=True):
        for j, t in enumerate(s["tasks"], 1):
            tasks.append(PlanTask(plan=plan, section=section, order=j, title=t["title"],
                                  measures="\n".join(t["measures"]), expected_evidence=t["evidence"],
                                  deadline=due_date(year, *t["due"])))
            kinds.append(t["departments"])
    tasks = PlanTask.objects.bulk_create(tasks)
    Through = PlanTask.departments.through
    Through.objects.bulk_create([Through(plantask_id=task.pk, department_id=d)
                                 for task, ks in zip(tasks, kinds, strict=True) for k in ks for d in by_kind.get(k, [])
                                 ], ignore_conflicts=True)
    return plan


@audited
@transaction.atomic
def plan_copy(*, actor: Actor, source: WorkPlan, year, title: str = "") -> WorkPlan:
    """Last year's plan as this year's draft: texts, sections and tasks (owners still on the staff, departments),
    deadlines moved by the years between; progress, notes, linked activities and evidence start afresh."""
    _require_manage(actor)
    if not can(actor, "view_plan", source):
        raise Http404
    errors: dict[str, str] = {}
    year = _clean_year(year, errors)
    if errors:
        raise ValidationError(errors)
    shift = year - source.year
    title = clean_text(title, PLAN_TEXT_MAX["title"], "title", errors)
    if not title:
        old, new = f"{source.year}-{source.year + 1}", f"{year}-{year + 1}"
        title = source.title.replace(old, new) if old in source.title else f"{source.title}（{new}学年）"
        title = title[:PLAN_TEXT_MAX["title"]]
    plan = _new_plan(actor, title=title, year=year, errors=errors, template=source.template, copied_from=source,
                     subtitle=source.subtitle, intro=source.intro, guiding_ideas=source.guiding_ideas,
                     principles=source.principles, goals=source.goals)
    old_sections = list(source.sections.order_by("order", "pk"))
    new_sections = PlanSection.objects.bulk_create(
        [PlanSection(plan=plan, order=s.order, title=s.title) for s in old_sections])
    section_map = {old.pk: new for old, new in zip(old_sections, new_sections, strict=True)}
    old_tasks = list(PlanTask.objects.filter(plan=source).select_related("owner").prefetch_related("departments")
                     .order_by("section__order", "section_id", "order", "pk"))
    staff = _staff_user_ids(actor.school.pk, [t.owner for t in old_tasks])
    new_tasks = PlanTask.objects.bulk_create([
        PlanTask(plan=plan, section=section_map[t.section_id], order=t.order, title=t.title, measures=t.measures,
                 owner_id=t.owner_id if t.owner_id in staff else None, deadline=shift_year(t.deadline, shift),
                 expected_evidence=t.expected_evidence)
        for t in old_tasks])
    Through = PlanTask.departments.through
    Through.objects.bulk_create([Through(plantask_id=new.pk, department_id=d.pk)
                                 for old, new in zip(old_tasks, new_tasks, strict=True) for d in old.departments.all()])
    return plan


@transaction.atomic
def plan_update(*, actor: Actor, plan: WorkPlan, title: str, subtitle: str = "", intro: str = "",
                guiding_ideas: str = "", principles: str = "", goals: str = "") -> WorkPlan:
    _require_manage(actor, plan)
    errors: dict[str, str] = {}
    values = {name: clean_text(value, PLAN_TEXT_MAX[name], name, errors) for name, value in {
        "title": title, "subtitle": subtitle, "intro": intro, "guiding_ideas": guiding_ideas,
        "principles": principles, "goals": goals}.items()}
    for name in ("principles", "goals"):  # one item a line, without empty lines
        values[name] = "\n".join(lines_of(values[name]))
    if not values["title"] and "title" not in errors:
        errors["title"] = _("Give the plan a title.")
    elif values["title"] and _duplicate_title(plan.school_id, plan.year, values["title"], exclude=plan.pk):
        errors["title"] = _("This school year already has a plan with this title.")
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.updated_at = timezone.now()
    with acting(actor.user):
        plan.save()
    return plan


@transaction.atomic
def plan_set_status(*, actor: Actor, plan: WorkPlan, status: str) -> WorkPlan:
    """Adopt a draft (every staff member then sees it, the owners and department heads are told of their tasks),
    or take an adopted plan back to a draft to rework it."""
    _require_manage(actor, plan)
    if status not in PlanStatus.values:
        raise ValidationError({"status": choose_one_of(PlanStatus)})
    current = WorkPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if current.status == status:
        raise ValidationError({"status": _("The plan is already adopted.") if status == PlanStatus.ADOPTED
                               else _("The plan is already a draft.")})
    if status == PlanStatus.ADOPTED and not current.tasks.exists():
        raise ValidationError({"status": _("Add at least one task before adopting the plan.")})
    current.status = status
    current.updated_at = timezone.now()
    with acting(actor.user):
        current.save(update_fields=["status", "updated_at"])
    plan.status, plan.updated_at = current.status, current.updated_at  # the caller's copy too
    if status == PlanStatus.ADOPTED:
        tasks = list(current.tasks.select_related("owner").prefetch_related("departments").order_by(
            "section__order", "order", "pk"))
        _tell_assignees(current, tasks)
        signals.plan_published.send(WorkPlan, plan=current, actor=actor)
    return current


@transaction.atomic
def plan_delete(*, actor: Actor, plan: WorkPlan) -> None:
    """Only a draft is deleted (a copy made by mistake); an adopted plan is the record of the year."""
    _require_manage(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("An adopted plan cannot be deleted: take it back to a draft first."))
    with acting(actor.user):
        plan.delete()


# --- sections -----------------------------------------------------------------------------------------------


def _section_title(title: str) -> str:
    errors: dict[str, str] = {}
    text = clean_text(title, SECTION_TITLE_MAX, "title", errors)
    if not text and not errors:
        errors["title"] = _("Give the section a title.")
    if errors:
        raise ValidationError(errors)
    return text


@audited
@transaction.atomic
def section_create(*, actor: Actor, plan: WorkPlan, title: str) -> PlanSection:
    _require_manage(actor, plan)
    text = _section_title(title)
    last = plan.sections.aggregate(m=Max("order"))["m"] or 0
    section = PlanSection.objects.create(plan=plan, order=last + 1, title=text)
    _touch(plan)
    return section


@audited
@transaction.atomic
def section_update(*, actor: Actor, section: PlanSection, title: str) -> PlanSection:
    _require_manage(actor, section.plan)
    section.title = _section_title(title)
    section.save(update_fields=["title"])
    _touch(section.plan)
    return section


@audited
@transaction.atomic
def section_delete(*, actor: Actor, section: PlanSection) -> None:
    _require_manage(actor, section.plan)
    if section.tasks.exists():
        raise ValidationError(_("This section still has tasks: delete them or move them to another section first."))
    section.delete()
    _touch(section.plan)


def _swap(items: list, index: int, direction: str) -> list:
    """The items after moving items[index] one place up or down; renumbered 1..n."""
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move up or down.")})
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for n, item in enumerate(items, 1):
        item.order = n
    return items


@audited
@transaction.atomic
def section_move(*, actor: Actor, section: PlanSection, direction: str) -> None:
    _require_manage(actor, section.plan)
    items = list(section.plan.sections.select_for_update(of=("self",)).order_by("order", "pk"))
    index = next(i for i, s in enumerate(items) if s.pk == section.pk)
    PlanSection.objects.bulk_update(_swap(items, index, direction), ["order"])
    _touch(section.plan)


# --- tasks --------------------------------------------------------------------------------------------------


def _task_fields(plan: WorkPlan, *, title: str, measures: str, owner: User | None, departments,
                 deadline: dt.date | None, expected_evidence: str, errors: dict) -> dict:
    out = {name: clean_text(value, TASK_TEXT_MAX[name], name, errors) for name, value in {
        "title": title, "measures": measures, "expected_evidence": expected_evidence}.items()}
    out["measures"] = "\n".join(lines_of(out["measures"]))
    if not out["title"] and "title" not in errors:
        errors["title"] = _("Give the task a title.")
    if owner is not None and owner.pk not in _staff_user_ids(plan.school_id, [owner]):
        errors["owner"] = _("Choose a staff member of this school as the owner.")
    chosen = list(departments or [])
    if not of_school(plan.school_id, *chosen):
        errors["departments"] = _("Choose departments of this school.")
    if deadline is not None:
        if not isinstance(deadline, dt.date):
            errors["deadline"] = _("Enter a valid date.")
        else:
            start, end = plan.period
            if not start <= deadline <= end:
                errors["deadline"] = _("The deadline must fall within the plan's school year, %(start)s to "
                                       "%(end)s.") % {"start": start.isoformat(), "end": end.isoformat()}
    return out | {"owner": owner, "deadline": deadline, "departments": chosen}


@transaction.atomic
def task_create(*, actor: Actor, section: PlanSection, title: str, measures: str = "", owner: User | None = None,
                departments=(), deadline: dt.date | None = None, expected_evidence: str = "") -> PlanTask:
    plan = section.plan
    _require_manage(actor, plan)
    errors: dict[str, str] = {}
    fields = _task_fields(plan, title=title, measures=measures, owner=owner, departments=departments,
                          deadline=deadline, expected_evidence=expected_evidence, errors=errors)
    if errors:
        raise ValidationError(errors)
    chosen = fields.pop("departments")
    last = section.tasks.aggregate(m=Max("order"))["m"] or 0
    task = PlanTask(plan=plan, section=section, order=last + 1, **fields)
    with acting(actor.user):
        task.save()
    task.departments.set(chosen)
    _touch(plan)
    _tell_assignees(plan, [task])
    return task


@transaction.atomic
def task_update(*, actor: Actor, task: PlanTask, title: str, measures: str = "", owner: User | None = None,
                departments=(), deadline: dt.date | None = None, expected_evidence: str = "",
                section: PlanSection | None = None) -> PlanTask:
    """What the task is and who answers for it; a new owner or department head is told. Moving it to another
    section of the same plan puts it last there."""
    plan = task.plan
    _require_manage(actor, plan)
    errors: dict[str, str] = {}
    fields = _task_fields(plan, title=title, measures=measures, owner=owner, departments=departments,
                          deadline=deadline, expected_evidence=expected_evidence, errors=errors)
    if section is not None and section.plan_id != plan.pk:
        errors["section"] = _("Choose a section of this plan.")
    if errors:
        raise ValidationError(errors)
    chosen = fields.pop("departments")
    before = {task.owner_id} | _heads_of(plan.school_id, [d.pk for d in task.departments.all()])
    if section is not None and section.pk != task.section_id:
        task.section = section
        task.order = (section.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
    for name, value in fields.items():
        setattr(task, name, value)
    with acting(actor.user):
        task.save()
    task.departments.set(chosen)
    _touch(plan)
    after = ({task.owner_id} if task.owner_id else set()) | _heads_of(plan.school_id, [d.pk for d in chosen])
    _tell_assignees(plan, [task], only=after - before)
    return task


def _heads_of(school_id: int, department_ids: list[int]) -> set[int]:
    return set(Membership.objects.filter(school_id=school_id, role=Role.DEPARTMENT_HEAD,
                                         department_id__in=department_ids).values_list("user_id", flat=True))


@transaction.atomic
def task_delete(*, actor: Actor, task: PlanTask) -> None:
    _require_manage(actor, task.plan)
    with acting(actor.user):
        task.delete()
    _touch(task.plan)


@audited
@transaction.atomic
def task_move(*, actor: Actor, task: PlanTask, direction: str) -> None:
    _require_manage(actor, task.plan)
    items = list(PlanTask.objects.select_for_update(of=("self",)).filter(section_id=task.section_id)
                 .order_by("order", "pk"))
    index = next(i for i, t in enumerate(items) if t.pk == task.pk)
    PlanTask.objects.bulk_update(_swap(items, index, direction), ["order"])


# --- progress (PLAN-2) --------------------------------------------------------------------------------------


def _clean_percent(percent, errors: dict) -> int:
    if isinstance(percent, bool):
        percent = None
    try:
        value = int(str(percent).strip())
    except (TypeError, ValueError):
        errors["percent"] = _("Enter the progress as a whole number from 0 to 100.")
        return 0
    if not 0 <= value <= 100:
        errors["percent"] = _("Enter the progress as a whole number from 0 to 100.")
    return value


@transaction.atomic
def task_progress(*, actor: Actor, task: PlanTask, status: str, percent, note: str = "",
                  activities: Iterable | None = None) -> TaskUpdate:
    """Report progress: status, percentage and a note, kept as a TaskUpdate; `activities` (when given) replaces the
    linked activities, each of this school. See the module's rules."""
    if not can(actor, "update_task", task):
        raise Http404
    errors: dict[str, str] = {}
    if status not in TaskStatus.values:
        errors["status"] = choose_one_of(TaskStatus)
    value = _clean_percent(percent, errors)
    text = clean_text(note, NOTE_MAX, "note", errors)
    chosen = None if activities is None else list(activities)
    if chosen and not of_school(task.plan.school_id, *chosen):
        errors["activities"] = _("Choose activities of this school.")
    if errors:
        raise ValidationError(errors)
    current = PlanTask.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
    if current.plan.status != PlanStatus.ADOPTED:
        raise ValidationError(_("This plan is still a draft: progress is reported once it is adopted."))
    if status == TaskStatus.DONE:
        value = 100
    elif status in OPEN_STATUSES and value == 100:
        status = TaskStatus.DONE
    elif status == TaskStatus.NOT_STARTED and value > 0:
        status = TaskStatus.IN_PROGRESS
    if status == TaskStatus.DROPPED and not text:
        raise ValidationError({"note": _("Say why the task is dropped.")})
    current.status, current.percent, current.updated_at = status, value, timezone.now()
    if text:
        current.last_update_note = text
    with acting(actor.user):
        current.save(update_fields=["status", "percent", "last_update_note", "updated_at"])
    if chosen is not None:
        current.activities.set(chosen)
    update = TaskUpdate.objects.create(task=current, status=status, percent=value, note=text, by=actor.user)
    for name in ("status", "percent", "last_update_note", "updated_at"):
        setattr(task, name, getattr(current, name))
    return update


@audited
@transaction.atomic
def evidence_add(*, actor: Actor, task: PlanTask, photos=(), documents=()) -> list[TaskEvidence]:
    """Photos (checked, upright, resized, without EXIF) and files (type and content checked) showing the task was
    done. Every upload is checked first: one refused upload keeps all of them out."""
    if not can(actor, "update_task", task):
        raise Http404
    photos, documents = [p for p in photos if p], [f for f in documents if f]
    errors: dict[str, list[str]] = {}
    if not photos and not documents:
        raise ValidationError({"photos": _("Choose at least one photo or file.")})
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [_("At most %(n)d photos at a time.") % {"n": MAX_PHOTOS}]
    if len(documents) > MAX_FILES:
        errors["documents"] = [_("At most %(n)d files at a time.") % {"n": MAX_FILES}]
    checked = []
    for kind, uploads, check in ((TaskEvidence.Kind.PHOTO, photos, check_image),
                                 (TaskEvidence.Kind.FILE, documents, check_file)):
        field = "photos" if kind == TaskEvidence.Kind.PHOTO else "documents"
        if field in errors:
            continue
        for upload in uploads:
            try:
                checked.append((kind, check(upload)))
            except ValidationError as exc:
                errors.setdefault(field, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    if task.plan.status != PlanStatus.ADOPTED:
        raise ValidationError(_("This plan is still a draft: progress is reported once it is adopted."))
    out = []
    for kind, c in checked:
        ev = TaskEvidence(task=task, kind=kind, name=c.original_name[:150], content_type=c.content_type,
                          size=c.size, uploaded_by=actor.user)
        ev.file.save(c.content.name, c.content, save=False)
        ev.save()
        process_later(ev, "file", size_field="size")  # a photo is finished by the task worker
        out.append(ev)
    return out


@audited
@transaction.atomic
def evidence_remove(*, actor: Actor, evidence: TaskEvidence) -> None:
    if not can(actor, "remove_evidence", evidence):
        raise Http404
    stored = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
