"""The rollover to the next school year (issue 19): prepare (check the choices, preview), apply (one transaction,
as a task with progress), undo (while nothing has been written in the new year).

The engine writes core's tables: the new year and its terms, the classes (graduated, moved up a grade, new
first-grade classes for the intake) and the head teachers' classes. Every app's own records are its manifest's
`rollover` rule (registry.rollovers()); people's rule moves the students (xinhuo/people/rollover.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from xinhuo.core import registry
from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.models import Grade, Membership, Role, SchoolClass, SchoolYear, Term
from xinhuo.core.validators import TEXT_MAX
from xinhuo.people import rollover as people_rollover
from xinhuo.people import selectors as people_selectors

from . import progress
from .models import RolloverRun

log = logging.getLogger(__name__)

TERM_NAMES = ("第一学期", "第二学期")
CORE = "core"


# --- the plan of the classes ---------------------------------------------------------------------


@dataclass
class ClassPlan:
    """What happens to the school's classes, read before anything moves."""

    grades: list[Grade]
    graduating: list[SchoolClass]  # the top grade's classes
    moving: list[tuple[SchoolClass, Grade]]  # (class, its new grade), the highest grade first
    created: list[tuple[int, str]]  # (number, name) of the new first-grade classes
    heads: dict[int, list] = field(default_factory=dict)  # class id -> its head teachers' users

    def new_label(self, cls: SchoolClass) -> str:
        for c, grade in self.moving:
            if c.pk == cls.pk:
                return f"{grade.name}{c.name}"
        return str(cls)


def class_plan(school) -> ClassPlan:
    grades = list(Grade.objects.filter(school=school).order_by("level"))
    classes = list(SchoolClass.objects.filter(school=school, graduated_in__isnull=True).select_related("grade")
                   .order_by("-grade__level", "number"))
    if not grades:
        return ClassPlan(grades, [], [], [])
    index = {g.pk: i for i, g in enumerate(grades)}
    top = grades[-1]
    graduating = [c for c in classes if c.grade_id == top.pk]
    moving = [(c, grades[index[c.grade_id] + 1]) for c in classes if c.grade_id != top.pk]
    first = sorted((c for c in classes if c.grade_id == grades[0].pk), key=lambda c: c.number)
    created = [(c.number, c.name) for c in first]
    heads: dict[int, list] = {}
    through = Membership.classes.through
    for row in (through.objects.filter(membership__school=school, membership__role=Role.HEAD_TEACHER)
                .select_related("membership__user").order_by("membership__user__username")):
        heads.setdefault(row.schoolclass_id, []).append(row.membership.user)
    return ClassPlan(grades, graduating, moving, created, heads)


# --- prepare --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    name: str
    start: dt.date
    end: dt.date
    term1: tuple[dt.date, dt.date]
    term2: tuple[dt.date, dt.date]
    repeat: tuple[int, ...] = ()
    head_teachers: dict[int, int] = field(default_factory=dict)  # class id -> user id


def current_year(school) -> SchoolYear | None:
    return SchoolYear.objects.filter(school=school, is_current=True).order_by("-start").first()


STALE_AFTER_SECONDS = 30 * 60


def expire_stale(school) -> int:
    """A queued or running run that has reported no progress for 30 minutes (its worker died) is marked failed,
    instead of blocking the school's rollover forever. Safe: the run applies in one transaction, so a worker that
    died wrote nothing."""
    expired = 0
    for run in RolloverRun.objects.filter(school=school, status__in=[RolloverRun.Status.QUEUED,
                                                                    RolloverRun.Status.RUNNING]):
        quiet = progress.seconds_since(run.pk)
        if quiet is None or quiet > STALE_AFTER_SECONDS:
            _failed(run, _("The background worker stopped before the rollover ended; nothing was changed. Apply "
                           "it again from a new preview."))
            progress.delete(run.pk)
            expired += 1
    return expired


def _check(actor: Actor, c: Choices, old: SchoolYear | None, plan: ClassPlan) -> None:
    """Every problem of the choices at once, by field; raises ValidationError (nothing written)."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if old is None:
        raise ValidationError(_("The school has no current school year to roll over from. Mark the current year on "
                                "the school structure page first."))
    if RolloverRun.objects.filter(school=actor.school, status__in=[RolloverRun.Status.QUEUED,
                                                                 RolloverRun.Status.RUNNING]).exists():
        raise ValidationError(_("A rollover is being applied now. Wait until it has finished."))
    if not plan.grades:
        raise ValidationError(_("The school has no grades: add its grades and classes first."))
    name = c.name.strip()
    if not name:
        add("name", _("Give the new school year a name, such as 2027-2028学年."))
    elif SchoolYear.objects.filter(school=actor.school, name=name).exists():
        add("name", _("A school year with this name exists already."))
    if c.start <= old.end:
        add("start", _("The new year must start after the current year ends (%(day)s).") % {"day": old.end})
    if c.end <= c.start:
        add("end", _("The last day must come after the first day."))
    elif (c.end - c.start).days > 366:
        add("end", _("A school year lasts at most a year."))
    for key, (a, b) in (("term1", c.term1), ("term2", c.term2)):
        if b <= a:
            add(f"{key}_end", _("A term must end after it starts."))
        if a < c.start or b > c.end:
            add(f"{key}_start", _("A term must lie within the school year."))
    if c.term2[0] <= c.term1[1]:
        add("term2_start", _("The second term must start after the first term ends."))
    if c.repeat:
        enrolled = dict(people_selectors.enrolled_students_of_school(actor.school)
                        .filter(school_class__graduated_in__isnull=True, pk__in=c.repeat)
                        .values_list("pk", "school_class_id"))
        if len(enrolled) != len(set(c.repeat)):
            add("repeat", _("Only students at school now can repeat the year."))
        targets = repeat_targets(plan, enrolled)
        lost = [sid for sid, target in targets.items() if target is None]
        if lost:
            add("repeat", _("%(n)s of the students chosen would have no class in their grade next year.")
                % {"n": len(lost)})
    if c.head_teachers:
        classes = {cls.pk for cls, _grade in plan.moving}
        staff = set(Membership.objects.filter(school=actor.school, role__in=STAFF_ROLES, user__is_active=True)
                    .values_list("user_id", flat=True))
        for class_id, user_id in c.head_teachers.items():
            if class_id not in classes:
                add("head_teachers", _("Head teachers can be chosen only for classes that stay at school."))
                break
            if user_id not in staff:
                add("head_teachers", _("A head teacher must be a staff member of this school with an account."))
                break
    if errors:
        raise ValidationError(errors)


def repeat_targets(plan: ClassPlan, student_classes: dict[int, int]) -> dict[int, tuple[int | None, str] | None]:
    """Where each repeating student goes (student id -> (class id, label), or None when their grade will have no
    class): the class arriving in their grade with their class's number, else the lowest-numbered one. In the
    first grade the arriving classes are the new ones (class id None until they are created)."""
    by_id = {c.pk: c for c in plan.graduating} | {c.pk: c for c, _g in plan.moving}
    index = {g.pk: i for i, g in enumerate(plan.grades)}
    out: dict[int, tuple[int | None, str] | None] = {}
    for sid, class_id in student_classes.items():
        cls = by_id.get(class_id)
        if cls is None:
            out[sid] = None
            continue
        i = index[cls.grade_id]
        grade = plan.grades[i]
        if i == 0:
            arriving: list[tuple[int | None, int, str]] = [(None, n, name) for n, name in plan.created]
        else:
            below = plan.grades[i - 1].pk
            arriving = sorted(((c.pk, c.number, c.name) for c, _g in plan.moving if c.grade_id == below),
                              key=lambda t: t[1])
        same = [a for a in arriving if a[1] == cls.number]
        picks = same or arriving
        out[sid] = (picks[0][0], f"{grade.name}{picks[0][2]}") if picks else None
    return out


def build_turn(school, old: SchoolYear, c: Choices, *, new_year_id: int | None = None, run: str = "",
               actor_user_id: int | None = None, plan: ClassPlan | None = None) -> registry.YearTurn:
    plan = plan or class_plan(school)
    top = {cls.pk for cls in plan.graduating}
    repeat = frozenset(c.repeat)
    graduating: set[int] = set()
    promoted: set[int] = set()
    for sid, class_id in (people_selectors.enrolled_students_of_school(school)
                          .filter(school_class__graduated_in__isnull=True).values_list("pk", "school_class_id")):
        if sid in repeat:
            continue
        (graduating if class_id in top else promoted).add(sid)
    return registry.YearTurn(
        school_id=school.pk, old_year_id=old.pk, new_year_id=new_year_id, old_end=old.end, new_start=c.start,
        new_end=c.end, graduating=frozenset(graduating), promoted=frozenset(promoted), repeating=repeat,
        actor_user_id=actor_user_id, run=run,
    )


def _line(title, count: int, details=(), action: bool = True) -> registry.RolloverLine:
    return registry.RolloverLine(CORE, title, count, tuple(details), action)


def core_lines(c: Choices, plan: ClassPlan) -> list[registry.RolloverLine]:
    """The engine's own part of the preview: the year and its terms, classes, head teachers."""
    lines = [_line(_("New school year, made the current one"), 1, (
        f"{c.name}: {c.start} – {c.end}",
        f"{TERM_NAMES[0]}: {c.term1[0]} – {c.term1[1]}",
        f"{TERM_NAMES[1]}: {c.term2[0]} – {c.term2[1]}",
    ))]
    lines.append(_line(_("Classes promoted with their students"), len(plan.moving),
                       [f"{cls} → {grade.name}{cls.name}" for cls, grade in reversed(plan.moving)]))
    lines.append(_line(_("Classes graduated (kept for their history, offered nowhere)"), len(plan.graduating),
                       [str(cls) for cls in plan.graduating]))
    if plan.grades:
        first = plan.grades[0].name
        lines.append(_line(_("Classes created for the new intake (fill them with the roster import)"),
                           len(plan.created), [f"{first}{name}" for _n, name in plan.created]))
    kept, reassigned = [], []
    users = {}
    if c.head_teachers:
        from xinhuo.core.models import User

        users = {u.pk: u for u in User.objects.filter(pk__in=set(c.head_teachers.values()))}
    for cls, grade in reversed(plan.moving):
        label = f"{grade.name}{cls.name}"
        now = ", ".join(u.display_name for u in plan.heads.get(cls.pk, [])) or "—"
        if cls.pk in c.head_teachers:
            reassigned.append(f"{label}: {now} → {users[c.head_teachers[cls.pk]].display_name}")
        elif cls.pk in plan.heads:
            kept.append(f"{label}: {now}")
    freed = [f"{cls}: {', '.join(u.display_name for u in plan.heads[cls.pk])}"
             for cls in plan.graduating if cls.pk in plan.heads]
    lines.append(_line(_("Head teachers kept with their class"), len(kept), kept))
    lines.append(_line(_("Head teachers reassigned"), len(reassigned), reassigned))
    lines.append(_line(_("Head teachers freed from graduated classes"), len(freed), freed))
    return lines


def preview(turn: registry.YearTurn, c: Choices, plan: ClassPlan) -> list[registry.RolloverLine]:
    """Core's own lines, then every app's rollover preview in order. Writes nothing."""
    lines = core_lines(c, plan)
    for _label, rule in registry.rollovers():
        lines.extend(import_string(rule.preview)(turn))
    return lines


def line_dict(line: registry.RolloverLine) -> dict:
    return {"app": line.app, "title": str(line.title), "count": line.count, "details": list(line.details),
            "action": line.action}


def choices_of(run: RolloverRun) -> Choices:
    return Choices(run.year_name, run.year_start, run.year_end, (run.term1_start, run.term1_end),
                   (run.term2_start, run.term2_end), tuple(run.repeat),
                   {int(k): int(v) for k, v in run.head_teachers.items()})


@audited
def prepare(*, actor: Actor, choices: Choices) -> RolloverRun:
    """Check the committee's choices and record a previewed run with every line of the preview. Bad choices raise
    ValidationError with messages by field, and nothing is written."""
    actor.require("rollover.manage")
    expire_stale(actor.school)
    old = current_year(actor.school)
    plan = class_plan(actor.school)
    _check(actor, choices, old, plan)
    assert old is not None
    turn = build_turn(actor.school, old, choices, actor_user_id=actor.user.pk, plan=plan)
    lines = preview(turn, choices, plan)
    return RolloverRun.objects.create(
        school=actor.school, from_year=old, status=RolloverRun.Status.PREVIEWED, year_name=choices.name.strip(),
        year_start=choices.start, year_end=choices.end, term1_start=choices.term1[0], term1_end=choices.term1[1],
        term2_start=choices.term2[0], term2_end=choices.term2[1], repeat=sorted(set(choices.repeat)),
        head_teachers={str(k): v for k, v in choices.head_teachers.items()},
        lines=[line_dict(x) for x in lines], created_by=actor.user,
    )


# --- apply ----------------------------------------------------------------------------------------


@audited
def confirm(*, actor: Actor, run: RolloverRun) -> RolloverRun:
    """Queue a previewed run; the task applies it (at once when the task backend is immediate)."""
    actor.require("rollover.manage")
    if run.school_id != actor.school.pk:
        raise ValidationError(_("This rollover belongs to another school."))
    claimed = RolloverRun.objects.filter(pk=run.pk, status=RolloverRun.Status.PREVIEWED).update(
        status=RolloverRun.Status.QUEUED, applied_by=actor.user)
    if not claimed:
        raise ValidationError(_("This rollover cannot be applied: it was applied, undone or prepared again."))
    if RolloverRun.objects.filter(school=run.school_id, status__in=[RolloverRun.Status.QUEUED,
                                                                   RolloverRun.Status.RUNNING]).exclude(pk=run.pk).exists():
        RolloverRun.objects.filter(pk=run.pk).update(status=RolloverRun.Status.PREVIEWED)
        raise ValidationError(_("A rollover is being applied now. Wait until it has finished."))
    progress.write(run.pk, 0)
    run_id = str(run.pk)

    def enqueue() -> None:
        from .tasks import rollover_task

        rollover_task.enqueue(run_id)

    transaction.on_commit(enqueue)
    run.refresh_from_db()
    return run


class Changed(Exception):
    """The school changed between the preview and the apply."""


def execute(run_id) -> RolloverRun:
    """Apply a queued run (the task's body): all or nothing. A failure leaves the run failed with its reason."""
    run = RolloverRun.objects.select_related("school", "from_year", "applied_by").get(pk=run_id)
    if run.status not in (RolloverRun.Status.QUEUED, RolloverRun.Status.RUNNING):
        return run
    RolloverRun.objects.filter(pk=run.pk).update(status=RolloverRun.Status.RUNNING)
    try:
        with acting(run.applied_by), transaction.atomic():
            _apply(run)
    except (ValidationError, Changed) as exc:
        error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _failed(run, error)
    except Exception:
        log.exception("rollover %s failed", run.pk)
        _failed(run, _("The rollover failed and nothing was changed. Try again; if it fails again, tell the "
                       "administrator."))
    finally:
        progress.delete(run.pk)
    run.refresh_from_db()
    return run


def _failed(run: RolloverRun, error: str) -> None:
    run.status = RolloverRun.Status.FAILED
    run.error = error[:TEXT_MAX]  # an exception's text can be long; the column has the platform's limit
    with acting(run.applied_by):
        run.save(update_fields=["status", "error"])


def _apply(run: RolloverRun) -> None:
    school, old = run.school, run.from_year
    c = choices_of(run)
    current = current_year(school)
    if current is None or current.pk != old.pk:
        raise Changed(_("The current school year has changed since the preview. Prepare the rollover again."))
    plan = class_plan(school)
    actor_user_id = run.applied_by_id
    turn = build_turn(school, old, c, run=str(run.pk), actor_user_id=actor_user_id, plan=plan)
    lines = [line_dict(x) for x in preview(turn, c, plan)]

    def gist(rows: list[dict]) -> list[tuple]:
        return [(r["app"], r["title"], r["count"], r["action"]) for r in rows]

    if gist(lines) != gist(run.lines):
        raise Changed(_("The school has changed since the preview (students, classes or records). Prepare the "
                        "rollover again and check the new preview."))
    progress.write(run.pk, 5)
    undo: dict = {CORE: {}}
    data = undo[CORE]
    # the year
    data["was_current"] = list(SchoolYear.objects.filter(school=school, is_current=True).values_list("pk", flat=True))
    SchoolYear.objects.filter(school=school, is_current=True).update(is_current=False)
    year = SchoolYear.objects.create(school=school, name=c.name, start=c.start, end=c.end, is_current=True)
    Term.objects.bulk_create([Term(school_year=year, name=TERM_NAMES[0], start=c.term1[0], end=c.term1[1]),
                              Term(school_year=year, name=TERM_NAMES[1], start=c.term2[0], end=c.term2[1])])
    data["year"] = year.pk
    # the classes: the top grade graduates first (its numbers are free again), then each grade moves up, from the
    # highest down, so that (grade, number) stays unique at every step
    graduated = [cls.pk for cls in plan.graduating]
    SchoolClass.objects.filter(pk__in=graduated).update(graduated_in=old)
    data["graduated"] = graduated
    moved: dict[str, int] = {}
    for grade in reversed(plan.grades):
        ids = [cls.pk for cls, new in plan.moving if new.pk == grade.pk]
        if ids:
            old_grade = next(cls.grade_id for cls, new in plan.moving if new.pk == grade.pk)
            SchoolClass.objects.filter(pk__in=ids).update(grade=grade)
            moved.update({str(i): old_grade for i in ids})
    data["moved"] = moved
    created = SchoolClass.objects.bulk_create([
        SchoolClass(school=school, grade=plan.grades[0], number=n, name=name) for n, name in plan.created])
    data["created"] = [cls.pk for cls in created]
    progress.write(run.pk, 20)
    # head teachers: graduated classes leave their memberships; reassigned classes get their new head teacher
    through = Membership.classes.through
    freed = through.objects.filter(schoolclass_id__in=graduated, membership__role=Role.HEAD_TEACHER)
    data["freed"] = [[r.membership_id, r.schoolclass_id] for r in freed]
    freed.delete()
    removed: list[list[int]] = []
    added: list[list[int]] = []
    made: list[int] = []
    for class_id, user_id in c.head_teachers.items():
        others = through.objects.filter(schoolclass_id=class_id, membership__role=Role.HEAD_TEACHER).exclude(
            membership__user_id=user_id)
        removed.extend([r.membership_id, r.schoolclass_id] for r in others)
        others.delete()
        membership = Membership.objects.filter(user_id=user_id, school=school, role=Role.HEAD_TEACHER).first()
        if membership is None:
            membership = Membership.objects.create(user_id=user_id, school=school, role=Role.HEAD_TEACHER)
            made.append(membership.pk)
        if not through.objects.filter(membership=membership, schoolclass_id=class_id).exists():
            through.objects.create(membership=membership, schoolclass_id=class_id)
            added.append([membership.pk, class_id])
    data.update(removed=removed, added=added, made=made)
    progress.write(run.pk, 30)
    # every app's rule, in order, on the moved structure
    turn = dataclasses.replace(turn, new_year_id=year.pk)  # the students as they were before anything moved
    data["turn"] = {"graduating": sorted(turn.graduating), "promoted": sorted(turn.promoted),
                    "repeating": sorted(turn.repeating)}
    rules = registry.rollovers()
    for i, (label, rule) in enumerate(rules, 1):
        undo[label] = import_string(rule.apply)(turn)
        progress.write(run.pk, 30 + 65 * i // max(len(rules), 1))
    run.status = RolloverRun.Status.DONE
    run.to_year = year
    run.lines = lines
    run.undo = undo
    run.progress = 100
    run.error = ""
    run.applied_at = timezone.now()  # after every write of the run: what comes later is the new year's
    run.save()


# --- undo -----------------------------------------------------------------------------------------


def undo_blockers(run: RolloverRun) -> list[str]:
    """Why the run cannot be undone (empty: it can). The rule: only the school's latest applied run, and only while
    nothing has been written in the new year, i.e. since the run was applied
    - no change-history entry (django-auditlog) by a user of this school, or by the system, other than the run's own,
    - no student record created and no class change recorded other than the run's own (people's rule)."""
    if run.status != RolloverRun.Status.DONE or run.applied_at is None:
        return [_("Only an applied rollover can be undone.")]
    out = []
    if RolloverRun.objects.filter(school=run.school_id, status=RolloverRun.Status.DONE,
                                  applied_at__gt=run.applied_at).exists():
        out.append(_("A later rollover has been applied; undo that one first."))
    members = Membership.objects.filter(school=run.school_id).values("user_id")
    entries = (LogEntry.objects.filter(timestamp__gt=run.applied_at)
               .filter(Q(actor__isnull=True) | Q(actor_id__in=members))
               .exclude(content_type=ContentType.objects.get_for_model(RolloverRun)).count())
    if entries:
        out.append(_("%(n)s changes have been recorded since the rollover was applied.") % {"n": entries})
    written = people_rollover.written_since(run.school_id, run.applied_at, str(run.pk))
    if written:
        out.append(_("%(n)s students have been added or moved since the rollover was applied.") % {"n": written})
    return out


@audited
def undo(*, actor: Actor, run: RolloverRun) -> RolloverRun:
    """Restore exactly what the run changed, in one transaction: every app's undo in reverse order, then the
    engine's (classes back, the new year and its terms removed, the old year current again)."""
    actor.require("rollover.manage")
    if run.school_id != actor.school.pk:
        raise ValidationError(_("This rollover belongs to another school."))
    with transaction.atomic():
        run = RolloverRun.objects.select_for_update().select_related("school", "from_year").get(pk=run.pk)
        blockers = undo_blockers(run)
        if blockers:
            raise ValidationError(blockers)
        turn = applied_turn(run, actor.user.pk)
        for label, rule in reversed(registry.rollovers()):
            import_string(rule.undo)(turn, run.undo.get(label))
        _undo_core(run.undo.get(CORE) or {})
        run.status = RolloverRun.Status.UNDONE
        run.to_year = None
        run.undone_by = actor.user
        run.undone_at = timezone.now()
        run.save()
    return run


def applied_turn(run: RolloverRun, actor_user_id: int | None) -> registry.YearTurn:
    """The turn exactly as the run applied it (its students by what happened to them), for the apps' undo."""
    ids = (run.undo.get(CORE) or {}).get("turn") or {}
    return registry.YearTurn(
        school_id=run.school_id, old_year_id=run.from_year_id, new_year_id=run.to_year_id, old_end=run.from_year.end,
        new_start=run.year_start, new_end=run.year_end, graduating=frozenset(ids.get("graduating", ())),
        promoted=frozenset(ids.get("promoted", ())), repeating=frozenset(ids.get("repeating", ())),
        actor_user_id=actor_user_id, run=str(run.pk),
    )


def _undo_core(data: dict) -> None:
    through = Membership.classes.through
    for membership_id, class_id in data.get("added", []):
        through.objects.filter(membership_id=membership_id, schoolclass_id=class_id).delete()
    Membership.objects.filter(pk__in=data.get("made", [])).delete()
    through.objects.bulk_create([through(membership_id=m, schoolclass_id=c)
                                 for m, c in [*data.get("removed", []), *data.get("freed", [])]])
    SchoolClass.objects.filter(pk__in=data.get("created", [])).delete()
    by_grade: dict[int, list[int]] = {}
    for class_id, grade_id in data.get("moved", {}).items():
        by_grade.setdefault(grade_id, []).append(int(class_id))
    levels = dict(Grade.objects.filter(pk__in=by_grade).values_list("pk", "level"))
    for grade_id in sorted(by_grade, key=lambda g: levels[g]):  # the lowest first: each grade is free by then
        SchoolClass.objects.filter(pk__in=by_grade[grade_id]).update(grade_id=grade_id)
    SchoolClass.objects.filter(pk__in=data.get("graduated", [])).update(graduated_in=None)
    if data.get("year"):
        try:
            SchoolYear.objects.filter(pk=data["year"]).delete()
        except ProtectedError as exc:
            raise ValidationError(_("Records of the new school year exist; the rollover cannot be undone.")) from exc
    SchoolYear.objects.filter(pk__in=data.get("was_current", [])).update(is_current=True)
