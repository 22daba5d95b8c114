"""The groups part's services and reminders: the special groups' settings, support measures (帮扶) and the
birthdays and festivals of emotional support. Each refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from conftest import PERSONAS
from xinhuo.care import rules
from xinhuo.care.groups import selectors, services
from xinhuo.care.models import (
    Mentor,
    MentoringPair,
    MentorKind,
    SpecialGroup,
    StudentTag,
    SupportKind,
    SupportMeasure,
    TagSource,
    TagStatus,
)
from xinhuo.core.tests.helpers import when_run
from xinhuo.people.models import Student


def today() -> dt.date:
    return timezone.localdate()


def group(world, code="left_behind", school=None):
    services.special_groups_for(school or world.school)
    return SpecialGroup.objects.get(school=school or world.school, code=code)


def open_tag(world, student, code="left_behind", **kw):
    school = student.school
    kw.setdefault("review_on", today() + dt.timedelta(days=60))
    return StudentTag.objects.create(school=school, student=student, group=group(world, code, school),
                                     source=TagSource.HEAD_TEACHER, identified_on=today() - dt.timedelta(days=10),
                                     **kw)


def record(world, persona="head_teacher_a", student=None, **kw):
    kw.setdefault("kind", SupportKind.ACADEMIC)
    kw.setdefault("given_on", today() - dt.timedelta(days=1))
    kw.setdefault("provider", "王老师")
    kw.setdefault("what", "每周两次数学辅导")
    return services.support_record(actor=world.actor(persona), student=student or world.student_x, **kw)


def messages_of(exc: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- the groups' settings ------------------------------------------------------------------------------------------


def test_the_director_adds_a_group_after_the_defaults(world):
    g = services.special_group_create(actor=world.actor("director"), code="Migrant_Children", name="随迁子女",
                                      review_months=12, visit_every_days=21, order=70)
    assert (g.code, g.name, g.review_months, g.visit_every_days, g.active) == ("migrant_children", "随迁子女", 12, 21,
                                                                               True)
    assert SpecialGroup.objects.filter(school=world.school).count() == 7
    assert g in selectors.special_groups(world.actor("counsellor"))


@pytest.mark.parametrize(("fields", "field"), [
    ({"code": "left_behind", "name": "留守"}, "code"),  # a default's code
    ({"code": "随迁", "name": "随迁子女"}, "code"),
    ({"code": "", "name": "随迁子女"}, "code"),
    ({"code": "migrant", "name": "单亲家庭"}, "name"),  # a default's name
    ({"code": "migrant", "name": " "}, "name"),
    ({"code": "migrant", "name": "随迁子女", "review_months": 0}, "review_months"),
    ({"code": "migrant", "name": "随迁子女", "review_months": 25}, "review_months"),
    ({"code": "migrant", "name": "随迁子女", "visit_every_days": 400}, "visit_every_days"),
])
def test_a_bad_group_is_refused_and_nothing_written(world, fields, field):
    services.special_groups_for(world.school)
    with pytest.raises(ValidationError) as exc:
        services.special_group_create(actor=world.actor("director"), **fields)
    assert field in messages_of(exc)
    assert SpecialGroup.objects.filter(school=world.school).count() == 6


def test_the_same_code_in_another_school_is_fine(world):
    services.special_group_create(actor=world.actor("outsider"), code="migrant", name="随迁子女")
    services.special_group_create(actor=world.actor("director"), code="migrant", name="随迁子女")
    assert SpecialGroup.objects.filter(code="migrant").count() == 2


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"director", "outsider"}))
def test_only_the_director_configures_groups(world, persona):
    with pytest.raises(Http404):
        services.special_group_create(actor=world.actor(persona), code="migrant", name="随迁子女")
    with pytest.raises(Http404):
        services.special_group_update(actor=world.actor(persona), group=group(world), name="留守",
                                      review_months=6, visit_every_days=14, active=True, order=1)
    assert not SpecialGroup.objects.filter(code="migrant").exists()


def test_another_schools_group_is_not_found(world):
    with pytest.raises(Http404):
        services.special_group_update(actor=world.actor("outsider"), group=group(world), name="X",
                                      review_months=6, visit_every_days=14, active=True, order=1)
    assert group(world).name == "留守儿童"


def test_a_group_with_open_tags_is_not_deactivated(world):
    tag = open_tag(world, world.student_x)
    director = world.actor("director")
    g = group(world)
    with pytest.raises(ValidationError) as exc:
        services.special_group_update(actor=director, group=g, name="留守儿童（新）", review_months=3,
                                      visit_every_days=7, active=False, order=5)
    assert "1" in messages_of(exc)["active"][0]
    g.refresh_from_db()
    assert (g.name, g.review_months, g.active) == ("留守儿童", 6, True)  # nothing changed
    # retuning without deactivating is fine; once the tag is closed the group may go
    services.special_group_update(actor=director, group=g, name="留守儿童", review_months=3, visit_every_days=7,
                                  active=True, order=5)
    StudentTag.objects.filter(pk=tag.pk).update(status=TagStatus.CLOSED)
    services.special_group_update(actor=director, group=g, name="留守儿童", review_months=3, visit_every_days=7,
                                  active=False, order=5)
    g.refresh_from_db()
    assert (g.review_months, g.visit_every_days, g.active) == (3, 7, False)
    assert g not in selectors.special_groups(director)
    assert g in selectors.special_groups_all(director)


# --- support measures ----------------------------------------------------------------------------------------------


def test_a_head_teacher_records_support_for_their_class(world):
    m = record(world, kind=SupportKind.MATERIAL, amount=Decimal("500.00"), what="助学金", outcome="已发放",
               internal_note="父亲务工，母亲多病")
    m.refresh_from_db()
    assert (m.school, m.student, m.recorded_by, m.amount, m.internal_note) == (
        world.school, world.student_x, world.users["head_teacher_a"], Decimal("500.00"), "父亲务工，母亲多病")


@pytest.mark.parametrize(("fields", "field"), [
    (lambda: {"given_on": today() + dt.timedelta(days=2)}, "given_on"),
    ({"kind": "money"}, "kind"),
    ({"provider": "  "}, "provider"),
    ({"what": ""}, "what"),
    ({"kind": SupportKind.ACADEMIC, "amount": Decimal("10")}, "amount"),
    ({"kind": SupportKind.MATERIAL, "amount": Decimal("-1")}, "amount"),
    ({"outcome": "很" * 2001}, "outcome"),
])
def test_bad_support_is_refused_and_nothing_written(world, fields, field):
    with pytest.raises(ValidationError) as exc:
        record(world, **when_run(fields))
    assert field in messages_of(exc)
    assert not SupportMeasure.objects.exists()


def test_material_support_without_an_amount_and_zero_are_fine(world):
    record(world, kind=SupportKind.MATERIAL, what="文具一套")
    record(world, kind=SupportKind.MATERIAL, what="免费午餐", amount=Decimal("0"))
    assert SupportMeasure.objects.count() == 2


@pytest.mark.parametrize(("persona", "student"), [
    ("head_teacher_a", "student_z"),  # another class
    ("head_teacher_b", "student_x"),
    ("director", "other_student"),  # another school
    ("outsider", "student_x"),
    ("parent_x", "student_x"),
    ("student_x", "student_x"),
    ("elder", "student_x"),
    ("finance", "student_x"),
    ("admin", "student_x"),
])
def test_support_outside_the_actors_care_is_not_found(world, persona, student):
    with pytest.raises(Http404):
        record(world, persona, student=getattr(world, student))
    assert not SupportMeasure.objects.exists()


def update(world, persona, measure, **kw):
    fields = {f: getattr(measure, f) for f in ("kind", "given_on", "provider", "what", "amount", "outcome",
                                                "internal_note")}
    fields.update(kw)
    return services.support_update(actor=world.actor(persona), measure=measure, **fields)


def test_the_recorder_and_the_committee_correct_a_measure(world):
    m = record(world)
    m = update(world, "head_teacher_a", m, outcome="期中数学及格")
    update(world, "counsellor", m, internal_note="需关注情绪")
    m.refresh_from_db()
    assert (m.outcome, m.internal_note, m.recorded_by) == ("期中数学及格", "需关注情绪", world.users["head_teacher_a"])


def test_a_head_teacher_does_not_correct_someone_elses_record(world):
    m = record(world, "director")
    for persona in ("head_teacher_a", "head_teacher_b", "parent_x", "outsider"):
        with pytest.raises(Http404):
            update(world, persona, m, outcome="改")
    m.refresh_from_db()
    assert m.outcome == ""


def test_a_correction_into_the_future_changes_nothing(world):
    m = record(world)
    with pytest.raises(ValidationError) as exc:
        update(world, "head_teacher_a", m, given_on=today() + dt.timedelta(days=1), outcome="改")
    assert "given_on" in messages_of(exc)
    m.refresh_from_db()
    assert (m.given_on, m.outcome) == (today() - dt.timedelta(days=1), "")


def test_edit_support_rule_and_selector_agree(world):
    measures = [record(world, "head_teacher_a"), record(world, "director"),
                record(world, "head_teacher_b", student=world.student_z),
                SupportMeasure.objects.create(school=world.other, student=world.other_student,
                                              kind=SupportKind.LEGAL, given_on=today(), provider="x", what="y")]
    editable = {}
    for persona in PERSONAS:
        actor = world.actor(persona)
        try:
            visible = set(selectors.editable_support(actor).values_list("pk", flat=True))
        except Http404:
            visible = set()
        editable[persona] = visible
        for m in SupportMeasure.objects.select_related("student"):
            assert rules.can(actor, "edit_support", m) == (m.pk in visible), (persona, m)
    a, d, b, other = (m.pk for m in measures)
    assert editable["head_teacher_a"] == {a} and editable["head_teacher_b"] == {b}
    assert editable["director"] == editable["leader"] == editable["counsellor"] == {a, d, b}
    assert editable["outsider"] == {other}
    assert editable["parent_x"] == editable["student_x"] == editable["elder"] == set()


# --- emotional support: birthdays and festivals ----------------------------------------------------------------------


def born(student, on: dt.date, years: int = 13) -> Student:
    year = on.year - years
    day = on.day if not (on.month == 2 and on.day == 29) else 28
    Student.objects.filter(pk=student.pk).update(birth_date=dt.date(year, on.month, day))
    student.refresh_from_db()
    return student


def test_upcoming_birthdays_of_students_in_a_group_or_with_a_mentor(world):
    soon = today() + dt.timedelta(days=3)
    for s in (world.student_x, world.student_y, world.student_z, world.other_student):
        born(s, soon)
    open_tag(world, world.student_x)
    mentor = Mentor.objects.create(school=world.school, kind=MentorKind.VOLUNTEER, name="志愿者李")
    MentoringPair.objects.create(school=world.school, mentor=mentor, student=world.student_z, started_on=today())
    open_tag(world, world.other_student)
    # student_y has neither: no reminder
    rows = selectors.upcoming_birthdays(world.actor("director"))
    assert [(s.name, s.birthday, s.turns, s.in_group, s.has_mentor) for s in rows] == [
        ("张小明", soon, 13, True, False), ("王小刚", soon, 13, False, True)]
    assert [s.name for s in selectors.upcoming_birthdays(world.actor("head_teacher_a"))] == ["张小明"]
    assert [s.name for s in selectors.upcoming_birthdays(world.actor("outsider"))] == [
        world.other_student.name]
    with pytest.raises(Http404):
        selectors.upcoming_birthdays(world.actor("parent_x"))


def test_a_closed_tag_or_an_ended_pair_does_not_remind(world):
    born(world.student_x, today() + dt.timedelta(days=1))
    open_tag(world, world.student_x, status=TagStatus.CLOSED)
    mentor = Mentor.objects.create(school=world.school, kind=MentorKind.VOLUNTEER, name="志愿者李")
    MentoringPair.objects.create(school=world.school, mentor=mentor, student=world.student_x,
                                 started_on=today() - dt.timedelta(days=90), ended_on=today())
    assert selectors.upcoming_birthdays(world.actor("director")) == []


@pytest.mark.parametrize(("days_ahead", "listed"), [(0, True), (13, True), (14, False), (-1, False)])
def test_the_birthday_window_is_today_and_the_next_13_days(world, days_ahead, listed):
    born(world.student_x, today() + dt.timedelta(days=days_ahead))
    open_tag(world, world.student_x)
    assert bool(selectors.upcoming_birthdays(world.actor("director"))) is listed


def test_birthdays_over_new_year_and_on_29_february(world):
    Student.objects.filter(pk=world.student_x.pk).update(birth_date=dt.date(2012, 1, 3))
    Student.objects.filter(pk=world.student_y.pk).update(birth_date=dt.date(2012, 2, 29))
    open_tag(world, world.student_x)
    open_tag(world, world.student_y)
    rows = selectors.birthday_items(world.school, dt.date(2026, 12, 28), days=14)
    assert [(s.name, s.birthday, s.turns) for s in rows] == [("张小明", dt.date(2027, 1, 3), 15)]
    rows = selectors.birthday_items(world.school, dt.date(2027, 2, 26), days=7)
    assert [(s.name, s.birthday) for s in rows] == [("李小红", dt.date(2027, 2, 28))]  # a common year
    rows = selectors.birthday_items(world.school, dt.date(2028, 2, 26), days=7)
    assert [(s.name, s.birthday) for s in rows] == [("李小红", dt.date(2028, 2, 29))]  # a leap year


def test_birthday_items_are_the_schools_only_and_enrolled(world):
    day = today()
    for s in (world.student_x, world.student_z, world.other_student):
        born(s, day + dt.timedelta(days=2))
        open_tag(world, s)
    Student.objects.filter(pk=world.student_z.pk).update(status=Student.Status.GRADUATED)
    rows = selectors.birthday_items(world.school, day)
    assert [(s.name, s.school_class_id) for s in rows] == [("张小明", world.class_a.pk)]


def test_festivals_fixed_and_lunar():
    assert selectors.upcoming_festivals(dt.date(2026, 12, 20), days=60) == [
        (dt.date(2027, 1, 1), "元旦"), (dt.date(2027, 2, 6), "春节")]
    assert selectors.upcoming_festivals(dt.date(2027, 9, 1), days=30) == [
        (dt.date(2027, 9, 10), "教师节"), (dt.date(2027, 9, 15), "中秋节"), (dt.date(2027, 10, 1), "国庆节")]
    assert selectors.upcoming_festivals(dt.date(2028, 5, 20), days=14) == [
        (dt.date(2028, 5, 28), "端午节"), (dt.date(2028, 6, 1), "六一儿童节")]
    assert selectors.upcoming_festivals(dt.date(2026, 10, 1), days=0) == [(dt.date(2026, 10, 1), "国庆节")]


def test_lunar_festivals_are_placed_every_year_not_only_in_a_table():
    """春节 2030 falls on 3 February, 中秋 2035 on 16 September: no cliff when a hand-made table runs out."""
    assert (dt.date(2030, 2, 3), "春节") in selectors.festivals_of(2030)
    assert (dt.date(2035, 9, 16), "中秋节") in selectors.festivals_of(2035)
