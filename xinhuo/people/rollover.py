"""What the turn of the school year does to students (issue 19; registry.Rollover, order 100).

The split with the rollover engine (xinhuo/rollover/services.py, docs/rollover.md): the engine moves the classes
(core's tables: a class is a cohort and goes up a grade with its students, the top grade's classes graduate, new
first-grade classes are created), then calls this rule, which writes people's tables: a repeating student joins a
class of their own grade, graduates become GRADUATED on the old year's last day (the retention clock of ORG-9
starts), and every student's step is written to their class history (ClassChange, `rollover` = the run). It also
lists the consents that a student's new age makes insufficient (nothing written: someone renews them)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext as _

from xinhuo.core.models import Grade, SchoolClass
from xinhuo.core.registry import RolloverLine, YearTurn

from . import consent, history
from .models import ClassChange, Student

APP = "people"
NAMES_SHOWN = 20
CHUNK = 500


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _grades(school_id: int) -> list[Grade]:
    return list(Grade.objects.filter(school_id=school_id).order_by("level"))


def _names(rows: list[str]) -> tuple[str, ...]:
    more = len(rows) - NAMES_SHOWN
    return tuple(rows[:NAMES_SHOWN]) + ((_("… and %(n)s more") % {"n": more},) if more > 0 else ())


def _students(ids: Iterable[int]) -> list[tuple[int, str, int, dt.date | None]]:
    """(id, name, class id, birth date) of these students, without reading their encrypted fields."""
    out: list = []
    for chunk in _chunks(ids):
        out.extend(Student.objects.filter(pk__in=chunk).values_list("pk", "name", "school_class_id", "birth_date"))
    return sorted(out, key=lambda r: r[0])


def _arrivals(classes: list[SchoolClass], grade_id: int) -> list[SchoolClass]:
    return sorted((c for c in classes if c.grade_id == grade_id), key=lambda c: c.number)


def _pick(arriving: list[SchoolClass], number: int) -> SchoolClass | None:
    """A repeating student joins the class of their old class's number among those arriving in their grade, else
    the lowest-numbered one."""
    same = [c for c in arriving if c.number == number]
    return (same or arriving)[0] if (same or arriving) else None


# --- preview ----------------------------------------------------------------------------------


def preview(turn: YearTurn) -> list[RolloverLine]:
    """Before anything moves: students promoted (by grade), repeating (where they go), graduating, and the consents
    to renew."""
    grades = _grades(turn.school_id)
    index = {g.pk: i for i, g in enumerate(grades)}
    classes = {c.pk: c for c in SchoolClass.objects.filter(school_id=turn.school_id, graduated_in__isnull=True)
               .select_related("grade")}
    lines: list[RolloverLine] = []
    promoted = _students(turn.promoted)
    by_step: Counter = Counter()
    for _sid, _name, class_id, _born in promoted:
        i = index[classes[class_id].grade_id]
        by_step[(i, f"{grades[i].name} → {grades[i + 1].name}")] += 1
    lines.append(RolloverLine(APP, _("Students promoted with their class"), len(promoted),
                              tuple(_("%(step)s: %(n)s") % {"step": step, "n": n}
                                    for (_i, step), n in sorted(by_step.items()))))
    repeating = _students(turn.repeating)
    rows = []
    for _sid, name, class_id, _born in repeating:
        cls = classes[class_id]
        i = index[cls.grade_id]
        # the classes arriving in their grade: the grade below's, or in the first grade the new ones, which take the
        # numbers and names of the first grade's classes now
        target = _pick(_arrivals(list(classes.values()), grades[max(i - 1, 0)].pk), cls.number)
        label = f"{grades[i].name}{target.name}" if target else "—"
        rows.append(f"{name}（{cls} → {label}）")
    lines.append(RolloverLine(APP, _("Students repeating the year (they stay in their grade)"), len(repeating),
                              tuple(rows)))
    graduating = _students(turn.graduating)
    lines.append(RolloverLine(APP, _("Students graduating (they leave the school on the last day of the year)"),
                              len(graduating), _names([f"{name}（{classes[c]}）" for _s, name, c, _b in graduating])))
    lines.extend(consent_lines(turn, promoted + repeating))
    return lines


def consent_lines(turn: YearTurn, staying) -> list[RolloverLine]:
    """Students whose consent requirement changes during the new year (turning 14: their own consent is needed too;
    turning 18: their own consent alone counts): listed for renewal, nothing written."""
    fourteen: list[str] = []
    eighteen: list[str] = []
    for _sid, name, _class_id, born in staying:
        if born is None:
            continue
        before, after = consent.requirement(born, turn.new_start), consent.requirement(born, turn.new_end)
        if (before.guardian, before.student) == (after.guardian, after.student):
            continue
        birthday = f"{name}（{born:%m-%d}）"
        (eighteen if (after.age or 0) >= consent.ADULT_AGE else fourteen).append(birthday)
    return [
        RolloverLine(APP, _("Consents to renew: students turning 14 in the new year need their own consent too"),
                     len(fourteen), _names(fourteen), action=False),
        RolloverLine(APP, _("Consents to renew: students turning 18 in the new year give their own consent"),
                     len(eighteen), _names(eighteen), action=False),
    ]


# --- apply and undo -----------------------------------------------------------------------------


def apply(turn: YearTurn) -> dict:
    """After the engine moved the classes: repeaters to a class of their grade, graduates graduated, every step in
    the class history. Bulk writes (thousands of students); returns what undo needs."""
    grades = _grades(turn.school_id)
    index = {g.pk: i for i, g in enumerate(grades)}
    classes = {c.pk: c for c in SchoolClass.objects.filter(school_id=turn.school_id).select_related("grade")}
    open_classes = [c for c in classes.values() if c.graduated_in_id is None]

    def old_label(cls: SchoolClass) -> str:
        if cls.graduated_in_id is not None:
            return str(cls)
        return f"{grades[index[cls.grade_id] - 1].name}{cls.name}"

    user, run = turn.actor_user_id, turn.run or None
    rows: list[ClassChange] = []

    def step(sid: int, kind: str, on: dt.date, from_class, to_class) -> None:
        row = history.change(Student(pk=sid, school_id=turn.school_id), kind, on=on, from_class=from_class,
                             to_class=to_class, user_id=user, rollover=run)
        row.from_label = old_label(from_class)
        rows.append(row)

    placed = dict(_class_of(turn.promoted | turn.graduating | turn.repeating))
    for sid in sorted(turn.promoted):
        cls = classes[placed[sid]]
        step(sid, ClassChange.Kind.PROMOTED, turn.new_start, cls, cls)
    for sid in sorted(turn.graduating):
        step(sid, ClassChange.Kind.GRADUATED, turn.old_end, classes[placed[sid]], None)
    repeaters: dict[str, int] = {}
    moves: dict[int, list[int]] = {}
    for sid in sorted(turn.repeating):
        cls = classes[placed[sid]]
        grade = cls.grade_id if cls.graduated_in_id is not None else grades[index[cls.grade_id] - 1].pk
        target = _pick(_arrivals(open_classes, grade), cls.number)
        if target is None:
            raise ValueError(f"no class for repeating student {sid}")
        step(sid, ClassChange.Kind.REPEATED, turn.new_start, cls, target)
        repeaters[str(sid)] = cls.pk
        moves.setdefault(target.pk, []).append(sid)
    for target_id, ids in moves.items():
        Student.objects.filter(pk__in=ids).update(school_class_id=target_id)
    for chunk in _chunks(turn.graduating):
        Student.objects.filter(pk__in=chunk, status=Student.Status.ENROLLED).update(
            status=Student.Status.GRADUATED, left_on=turn.old_end)
    history.record_many(rows)
    return {"repeaters": repeaters, "graduates": sorted(turn.graduating)}


def _class_of(ids: Iterable[int]) -> list[tuple[int, int]]:
    out: list = []
    for chunk in _chunks(ids):
        out.extend(Student.objects.filter(pk__in=chunk).values_list("pk", "school_class_id"))
    return out


def undo(turn: YearTurn, data: dict | None) -> None:
    """Exactly back: the run's class-history rows removed, repeaters in their old classes, graduates enrolled."""
    data = data or {}
    ClassChange.objects.filter(rollover=turn.run).delete()
    back: dict[int, list[int]] = {}
    for sid, class_id in data.get("repeaters", {}).items():
        back.setdefault(class_id, []).append(int(sid))
    for class_id, ids in back.items():
        Student.objects.filter(pk__in=ids).update(school_class_id=class_id)
    for chunk in _chunks(data.get("graduates", [])):
        Student.objects.filter(pk__in=chunk).update(status=Student.Status.ENROLLED, left_on=None)


def written_since(school_id: int, since: dt.datetime, run: str) -> int:
    """Students created, and class-history steps recorded other than by the rollover run `run`, since `since`:
    what the new year has written in people (the rollover's undo is refused then)."""
    created = Student.objects.filter(school_id=school_id, created_at__gt=since).count()
    steps = ClassChange.objects.filter(school_id=school_id, created_at__gt=since).exclude(rollover=run).count()
    return created + steps
