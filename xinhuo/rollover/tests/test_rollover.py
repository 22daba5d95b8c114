"""The rollover to the next school year (issue 19): preview equals what is applied, all or nothing, undo exactly
and only while nothing was written in the new year, every school type, consents to renew, who may do it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from xinhuo.core import registry
from xinhuo.core import selectors as core_selectors
from xinhuo.core.access import build_actor
from xinhuo.core.models import Membership, Role, SchoolClass, SchoolYear, Term
from xinhuo.people.models import ClassChange, Student
from xinhuo.rollover import services
from xinhuo.rollover.models import RolloverRun

from .schools import apply, choices, school_of, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """A run keeps its lines as they were shown (translated when written): these tests find them by their English
    words."""
    with translation.override("en"):
        yield


def labels(school, **filters) -> list[str]:
    return [str(c) for c in SchoolClass.objects.filter(school=school, **filters).select_related("grade")
            .order_by("grade__level", "number")]


def line(run, title_part: str, app: str | None = None) -> dict:
    [found] = [x for x in run.lines if title_part in x["title"] and (app is None or x["app"] == app)]
    return found


def test_preview_equals_what_is_applied(django_capture_on_commit_callbacks):
    school, actor = school_of("junior", "j1")
    repeater = Student.objects.get(school=school, school_class__grade__name="初二", school_class__number=2,
                                   student_no="S0007")
    top_repeater = Student.objects.get(school=school, student_no="S0009")  # 初三1班
    c2 = SchoolClass.objects.get(school=school, grade__name="初一", number=2)
    new_head = Membership.objects.filter(school=school, role=Role.HEAD_TEACHER).exclude(classes=c2).first().user
    before = snapshot(school)
    run = services.prepare(actor=actor, choices=choices(repeat=(repeater.pk, top_repeater.pk),
                                                        head_teachers={c2.pk: new_head.pk}))
    assert run.status == "previewed"
    assert snapshot(school) == before, "a preview writes nothing but its run"
    preview = [dict(x) for x in run.lines]

    run = apply(run, django_capture_on_commit_callbacks)
    assert run.status == "done", run.error
    assert run.lines == preview  # the lines recorded as applied are the preview's

    # what the preview said is what happened
    assert line(run, "Classes promoted")["count"] == 4
    assert labels(school, graduated_in__isnull=True) == ["初一1班", "初一2班", "初二1班", "初二2班", "初三1班",
                                                         "初三2班"]
    assert sorted(line(run, "Classes promoted")["details"])[0] == "初一1班 → 初二1班"
    assert labels(school, graduated_in__isnull=False) == ["初三1班", "初三2班"]
    assert line(run, "Classes graduated")["count"] == 2
    assert line(run, "Classes created")["count"] == 2
    steps = ClassChange.objects.filter(school=school, rollover=run.pk)
    assert steps.filter(kind="promoted").count() == line(run, "Students promoted", "people")["count"] == 7
    assert steps.filter(kind="graduated").count() == line(run, "Students graduating", "people")["count"] == 3
    assert steps.filter(kind="repeated").count() == line(run, "Students repeating", "people")["count"] == 2
    graduates = Student.objects.filter(school=school, status="graduated")
    assert graduates.count() == 3 and set(graduates.values_list("left_on", flat=True)) == {dt.date(2027, 7, 15)}
    # the repeaters joined the class the preview named: the one of their number that moved into their grade
    repeater.refresh_from_db()
    top_repeater.refresh_from_db()
    assert str(repeater.school_class) == "初二2班" and repeater.school_class_id != before_class(before, repeater)
    assert str(top_repeater.school_class) == "初三1班" and top_repeater.status == "enrolled"
    shown = " ".join(line(run, "Students repeating", "people")["details"])
    assert "初二2班 → 初二2班" in shown and "初三1班 → 初三1班" in shown
    step = steps.get(student=repeater)
    assert (step.from_label, step.to_label) == ("初二2班", "初二2班")
    promoted = steps.filter(kind="promoted").first()
    assert promoted.from_label != promoted.to_label  # 初一1班 → 初二1班: the names of that day
    # the new year is the current one, with its two terms; the old one stays
    new = SchoolYear.objects.get(school=school, is_current=True)
    assert new.name == "2027-2028学年" and run.to_year_id == new.pk
    assert list(Term.objects.filter(school_year=new).values_list("name", "start", "end")) == [
        ("第一学期", dt.date(2027, 9, 1), dt.date(2028, 1, 20)),
        ("第二学期", dt.date(2028, 2, 20), dt.date(2028, 7, 10))]
    assert SchoolYear.objects.filter(school=school, name="2026-2027学年", is_current=False).exists()
    # head teachers: the reassigned class has only its new head teacher; graduated classes have none
    assert set(Membership.objects.filter(classes=c2, role=Role.HEAD_TEACHER).values_list("user", flat=True)) == {
        new_head.pk}
    assert not Membership.objects.filter(classes__graduated_in__isnull=False).exists()
    assert line(run, "Head teachers freed")["count"] == 2 and line(run, "Head teachers reassigned")["count"] == 1


def before_class(snap: dict, student) -> int:
    return next(row[1] for row in snap["students"] if row[0] == student.pk)


def boom(turn):
    raise RuntimeError("an app's rule failed")


def nothing(turn, *args):
    return []


def test_a_failure_midway_writes_nothing(django_capture_on_commit_callbacks, monkeypatch):
    school, actor = school_of("junior", "j2")
    run = services.prepare(actor=actor, choices=choices())
    before = snapshot(school)
    real = registry.rollovers()
    here = __name__
    failing = registry.Rollover(f"{here}.nothing", f"{here}.boom", f"{here}.nothing", order=10_000)
    monkeypatch.setattr(registry, "rollovers", lambda: [*real, ("boom", failing)])
    run = apply(run, django_capture_on_commit_callbacks)
    assert run.status == "failed" and "nothing was changed" in run.error.lower() or "没有" in run.error
    assert snapshot(school) == before  # people's rule (which ran before the failing one) and the engine undone


def test_the_school_changing_after_the_preview_stops_the_apply(django_capture_on_commit_callbacks):
    school, actor = school_of("junior", "j3")
    run = services.prepare(actor=actor, choices=choices())
    Student.objects.filter(school=school, student_no="S0001").update(status="transferred")
    before = snapshot(school)
    run = apply(run, django_capture_on_commit_callbacks)
    assert run.status == "failed" and run.error
    assert snapshot(school) == before


def test_undo_restores_exactly(django_capture_on_commit_callbacks):
    school, actor = school_of("junior", "j4")
    repeater = Student.objects.get(school=school, student_no="S0001")
    c = SchoolClass.objects.get(school=school, grade__name="初二", number=1)
    fresh = Membership.objects.get(user__username="dir_j4").user  # no head-teacher membership: one is made
    before = snapshot(school)
    run = apply(services.prepare(actor=actor, choices=choices(repeat=(repeater.pk,), head_teachers={c.pk: fresh.pk})),
                django_capture_on_commit_callbacks)
    assert run.status == "done" and snapshot(school) != before
    assert services.undo_blockers(run) == []
    run = services.undo(actor=actor, run=run)
    assert run.status == "undone" and run.undone_by == actor.user
    assert snapshot(school) == before


def test_undo_is_refused_after_a_write_in_the_new_year(django_capture_on_commit_callbacks):
    school, actor = school_of("junior", "j5")
    run = apply(services.prepare(actor=actor, choices=choices()), django_capture_on_commit_callbacks)
    # a head teacher edits a student in the new year (the change history records it)
    student = Student.objects.filter(school=school, status="enrolled").first()
    student.name = "改过的名字"
    student.save()
    after = snapshot(school)
    assert services.undo_blockers(run)
    with pytest.raises(ValidationError):
        services.undo(actor=actor, run=run)
    assert snapshot(school) == after
    run.refresh_from_db()
    assert run.status == "done"


def test_undo_is_refused_once_the_new_intake_is_imported(django_capture_on_commit_callbacks):
    """A roster import writes its students in bulk (no change-history entry): people's rule sees them."""
    school, actor = school_of("junior", "j6")
    run = apply(services.prepare(actor=actor, choices=choices()), django_capture_on_commit_callbacks)
    first = SchoolClass.objects.get(school=school, grade__name="初一", number=1, graduated_in__isnull=True)
    Student.objects.bulk_create([Student(school=school, school_class=first, student_no="N001", name="新生",
                                         gender="F")])
    assert any("added or moved" in b or "学生" in b for b in map(str, services.undo_blockers(run)))


@pytest.mark.parametrize(("kind", "top", "moves", "graduates"), [
    ("primary", 6, ("一年级1班 → 二年级1班", "五年级2班 → 六年级2班"), ["六年级1班", "六年级2班"]),
    ("junior", 9, ("初一1班 → 初二1班", "初二2班 → 初三2班"), ["初三1班", "初三2班"]),
    ("senior", 12, ("高一1班 → 高二1班", "高二2班 → 高三2班"), ["高三1班", "高三2班"]),
    ("nine_year", 9, ("六年级1班 → 初一1班", "初二2班 → 初三2班"), ["初三1班", "初三2班"]),
])
def test_every_school_type_rolls_over_the_same_way(kind, top, moves, graduates, django_capture_on_commit_callbacks):
    school, actor = school_of(kind, f"t{kind}")
    count = SchoolClass.objects.filter(school=school).count()
    run = apply(services.prepare(actor=actor, choices=choices()), django_capture_on_commit_callbacks)
    assert run.status == "done", run.error
    details = line(run, "Classes promoted")["details"]
    assert all(m in details for m in moves)
    assert labels(school, graduated_in__isnull=False) == graduates
    assert not SchoolClass.objects.filter(school=school, graduated_in__isnull=True, grade__level__gt=top).exists()
    # as many open classes as before: the top grade's left, new first-grade classes came for the intake
    assert SchoolClass.objects.filter(school=school, graduated_in__isnull=True).count() == count
    assert Student.objects.filter(school=school, status="graduated").count() == 4


def test_a_student_turning_14_is_listed_for_consent():
    school, actor = school_of("junior", "j7")
    turning = Student.objects.get(school=school, student_no="S0005")
    turning.birth_date = dt.date(2014, 3, 3)  # 13 on 1 September 2027, 14 on 3 March 2028
    turning.save()
    adult = Student.objects.get(school=school, student_no="S0009")  # 初三: graduates, so not listed
    adult.birth_date = dt.date(2010, 3, 3)
    adult.save()
    run = services.prepare(actor=actor, choices=choices())
    fourteen = line(run, "turning 14", "people")
    assert fourteen["count"] == 1 and fourteen["action"] is False
    assert any(turning.name in d for d in fourteen["details"])
    assert line(run, "turning 18", "people")["count"] == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"start": dt.date(2027, 7, 1)}, "start"),  # before the old year ends
    ({"name": "2026-2027学年"}, "name"),  # used
    ({"name": "  "}, "name"),
    ({"term2": (dt.date(2028, 1, 10), dt.date(2028, 7, 10))}, "term2_start"),  # overlaps the first term
    ({"term1": (dt.date(2027, 8, 20), dt.date(2028, 1, 20))}, "term1_start"),  # outside the year
    ({"end": dt.date(2027, 8, 1)}, "end"),
])
def test_bad_choices_are_refused_and_nothing_is_written(change, field):
    school, actor = school_of("junior", "j8", per_grade=1, per_class=1)
    before = snapshot(school)
    with pytest.raises(ValidationError) as exc:
        services.prepare(actor=actor, choices=choices(**change))
    assert field in exc.value.error_dict
    assert not RolloverRun.objects.exists() and snapshot(school) == before


def test_only_students_at_school_can_repeat(world):
    Student.objects.filter(pk=world.student_z.pk).update(status="transferred")
    with pytest.raises(ValidationError) as exc:
        services.prepare(actor=world.actor("director"), choices=choices(repeat=(world.student_z.pk,)))
    assert "repeat" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.prepare(actor=world.actor("director"), choices=choices(repeat=(world.other_student.pk,)))


@pytest.mark.parametrize("persona", ["leader", "head_teacher_a", "counsellor", "finance", "elder", "parent_x",
                                     "student_x"])
def test_nobody_but_the_committee_rolls_over(world, persona):
    with pytest.raises(Http404):
        services.prepare(actor=world.actor(persona), choices=choices())
    assert not RolloverRun.objects.exists()


def test_graduated_classes_are_offered_nowhere(world, django_capture_on_commit_callbacks):
    """The world's school has one grade (初一): its classes graduate and new 初一 classes take their numbers."""
    actor = world.actor("director")
    run = apply(services.prepare(actor=actor, choices=choices()), django_capture_on_commit_callbacks)
    assert run.status == "done", run.error
    offered = set(core_selectors.classes(actor).values_list("pk", flat=True))
    assert world.class_a.pk not in offered and world.class_b.pk not in offered
    assert len(offered) == 2
    page = world.client("director").get("/structure/").content.decode()
    assert "2027-2028学年" in page
    assert build_actor(world.users["head_teacher_a"]).class_ids == frozenset()  # freed
