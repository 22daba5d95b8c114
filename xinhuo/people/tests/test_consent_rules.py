"""The rules of consent: who must agree at which age, notice versions, withdrawal at once.

Every case is checked twice: by consent_status (Python, for one student) and by the database
condition that lists and the coverage page use; the two must agree.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from conftest import make_guardian, make_student
from xinhuo.people import consent as rules
from xinhuo.people import services
from xinhuo.people.consent import age_on, consent_status, has_consent, years_before
from xinhuo.people.models import Consent, Student, StudentGuardian
from xinhuo.people.tests.consent_helpers import guardian_consent, publish

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def english():
    """Messages are compared by their English msgids, whatever the catalogue says."""
    with translation.override("en"):
        yield


def born(years: int, days: int = 0) -> dt.date:
    """The birth date of someone exactly `years` old today, `days` earlier (older) or later (negative)."""
    return years_before(TODAY(), years) - dt.timedelta(days=days)


def sql_says(student: Student, purpose: str = "screening", on: dt.date | None = None) -> bool:
    qs = Student.objects.filter(pk=student.pk)
    return rules.students_with_consent(qs, purpose, on).exists()


def both_say(student: Student, purpose: str = "screening", on: dt.date | None = None) -> bool:
    python = has_consent(student, purpose, on)
    assert python == sql_says(student, purpose, on), "consent_status and the database condition disagree"
    return python


def student_consent(student, notice, purpose="screening", days_ago=5) -> Consent:
    return Consent.objects.create(school=student.school, student=student, purpose=purpose,
                                  party=Consent.Party.STUDENT, notice=notice, method=Consent.Method.PAPER,
                                  given_at=timezone.now() - dt.timedelta(days=days_ago))


@pytest.fixture
def notice(world):
    return publish(world, "screening")


def with_birth(student: Student, birth: dt.date | None) -> Student:
    Student.objects.filter(pk=student.pk).update(birth_date=birth)
    student.refresh_from_db()
    return student


# --- age ------------------------------------------------------------------------------------


def test_age_on_birthdays():
    assert age_on(dt.date(2012, 11, 29), dt.date(2026, 11, 28)) == 13
    assert age_on(dt.date(2012, 11, 29), dt.date(2026, 11, 29)) == 14
    # born on 29 February: a year older on 1 March of a common year, on 29 February of a leap year
    assert age_on(dt.date(2012, 2, 29), dt.date(2026, 2, 28)) == 13
    assert age_on(dt.date(2012, 2, 29), dt.date(2026, 3, 1)) == 14
    assert age_on(dt.date(2014, 2, 28), dt.date(2028, 2, 29)) == 14


@pytest.mark.parametrize("birth", [dt.date(2012, 2, 29), dt.date(2012, 3, 1), dt.date(2012, 2, 28),
                                   dt.date(2010, 12, 31), dt.date(2013, 1, 1)])
def test_the_database_threshold_is_the_same_age_rule(birth):
    day = dt.date(2025, 12, 31)
    while day < dt.date(2029, 1, 1):
        assert rules.has_reached(birth, 14, day) == (age_on(birth, day) >= 14), (birth, day)
        day += dt.timedelta(days=1)


def test_under_14_needs_a_guardian_only(world, notice):
    x = with_birth(world.student_x, born(14, days=-1))  # 13 years and 364 (or 365) days
    status = consent_status(x, "screening")
    assert status.requirement.age == 13
    assert (status.requirement.guardian, status.requirement.student) == (True, False)
    assert not both_say(x)
    assert status.missing == ["A guardian's consent is missing."]
    guardian_consent(world, x, notice=notice)
    assert both_say(x)


def test_exactly_14_today_needs_both(world, notice):
    x = with_birth(world.student_x, born(14))
    status = consent_status(x, "screening")
    assert status.requirement.age == 14
    assert (status.requirement.guardian, status.requirement.student) == (True, True)
    guardian_consent(world, x, notice=notice)
    assert not both_say(x), "a guardian alone is not enough from 14"
    assert [str(m) for m in consent_status(x, "screening").missing] == [
        "The student's own consent is missing (the student is 14)."]
    student_consent(x, notice)
    assert both_say(x)


def test_the_day_before_and_on_the_14th_birthday(world, notice):
    """Age is taken on the day asked: the same consents are enough one day and not the next."""
    x = with_birth(world.student_x, born(14, days=-1))  # 14 tomorrow
    guardian_consent(world, x, notice=notice)
    tomorrow = TODAY() + dt.timedelta(days=1)
    assert both_say(x)
    assert not both_say(x, on=tomorrow)
    assert consent_status(x, "screening", on=tomorrow).requirement.age == 14


def test_17_needs_both_and_the_student_alone_is_not_enough(world, notice):
    x = with_birth(world.student_x, born(17, days=200))
    assert consent_status(x, "screening").requirement.age == 17
    student_consent(x, notice)
    assert not both_say(x)
    assert consent_status(x, "screening").missing == ["A guardian's consent is missing."]
    guardian_consent(world, x, notice=notice)
    assert both_say(x)


@pytest.mark.parametrize("years", [18, 19])
def test_18_or_more_the_student_alone(world, notice, years):
    x = with_birth(world.student_x, born(years))
    req = consent_status(x, "screening").requirement
    assert (req.guardian, req.student, req.age) == (False, True, years)
    guardian_consent(world, x, notice=notice)
    assert not both_say(x), "an adult's guardian cannot consent in their place"
    student_consent(x, notice)
    assert both_say(x)


def test_17_and_364_days_still_needs_a_guardian(world, notice):
    x = with_birth(world.student_x, born(18, days=-1))
    student_consent(x, notice)
    assert not both_say(x)
    assert both_say(x, on=TODAY() + dt.timedelta(days=1))


def test_no_birth_date_needs_both_and_says_why(world, notice):
    x = with_birth(world.student_x, None)
    status = consent_status(x, "screening")
    assert status.requirement.age is None
    assert "No birth date is recorded" in str(status.requirement.reason)
    guardian_consent(world, x, notice=notice)
    assert not both_say(x)
    assert [str(m) for m in consent_status(x, "screening").missing] == [
        "The student's own consent is missing (needed while the age is unknown)."]
    student_consent(x, notice)
    assert both_say(x)


def test_any_one_guardian_is_enough(world, notice):
    guardian_consent(world, world.student_x, guardian=world.guardian_x2, notice=notice)
    assert both_say(world.student_x)


def test_a_consent_counts_for_its_purpose_only(world, notice):
    publish(world, "publicity")
    guardian_consent(world, notice=notice)
    assert both_say(world.student_x, "screening")
    assert not both_say(world.student_x, "publicity")


# --- withdrawal -----------------------------------------------------------------------------


def test_withdrawal_takes_effect_at_once(world, notice):
    consent = guardian_consent(world, notice=notice)
    assert both_say(world.student_x)
    services.consent_withdraw(actor=world.actor("parent_x"), consent=consent)
    assert not both_say(world.student_x), "has_consent must turn false the moment the consent is withdrawn"
    # ... but the history keeps it: it counted yesterday
    assert both_say(world.student_x, on=TODAY() - dt.timedelta(days=1))


def test_a_consent_given_later_did_not_count_before(world, notice):
    guardian_consent(world, notice=notice, days_ago=3)
    assert not both_say(world.student_x, on=TODAY() - dt.timedelta(days=4))
    assert both_say(world.student_x, on=TODAY() - dt.timedelta(days=3))


def test_a_former_guardians_consent_no_longer_counts(world, notice):
    guardian_consent(world, notice=notice)
    StudentGuardian.objects.filter(student=world.student_x, guardian=world.guardian_x).delete()
    assert not both_say(world.student_x)


# --- notices --------------------------------------------------------------------------------


def test_without_a_notice_nobody_can_have_consented(world):
    status = consent_status(world.student_x, "special_group")
    assert status.notice is None and not status.ok
    assert "No notice has been published" in str(status.missing[0])
    assert not both_say(world.student_x, "special_group")


def test_a_newer_notice_makes_older_consents_stop_counting(world, notice):
    guardian_consent(world, notice=notice, days_ago=30)
    assert both_say(world.student_x)
    v2 = publish(world, "screening", days_ago=0)
    assert v2.version == 2
    status = consent_status(world.student_x, "screening")
    assert not status.ok and status.notice == v2
    assert len(status.outdated) == 1
    [message] = status.missing
    assert "version 1" in message and "version 2" in message and world.guardian_x.name in message
    assert not both_say(world.student_x)
    # it still counted before version 2 took effect
    assert both_say(world.student_x, on=TODAY() - dt.timedelta(days=1))
    guardian_consent(world, guardian=world.guardian_x2, notice=v2, days_ago=0)
    assert both_say(world.student_x)


def test_a_notice_with_a_future_date_changes_nothing_until_then(world, notice):
    guardian_consent(world, notice=notice)
    publish(world, "screening", days_ago=-7)  # takes effect in a week
    assert both_say(world.student_x)
    assert not both_say(world.student_x, on=TODAY() + dt.timedelta(days=7))


def test_each_school_has_its_own_notices(world, notice):
    assert rules.notice_in_effect(world.school, "screening") == notice
    assert rules.notice_in_effect(world.other, "screening") is None
    other = Consent.objects.create(  # a row pointing at the wrong school's notice must not count
        school=world.other, student=world.other_student, purpose="screening", party="guardian",
        guardian=world.other_guardian, notice=notice, method="paper")
    assert other.pk and not both_say(world.other_student)
    other.delete()
    own = publish(world, "screening", school=world.other)
    guardian_consent(world, world.other_student, guardian=world.other_guardian, notice=own)
    assert both_say(world.other_student)


# --- many students at once ------------------------------------------------------------------


def test_statuses_for_many_students_take_three_queries(world, notice, django_assert_num_queries):
    kids = [make_student(world.school, world.class_a, f"29{i:03d}", f"学生{i}", born=born(10 + i), seq=30 + i)
            for i in range(10)]
    for i, s in enumerate(kids):
        g = make_guardian(world.school, f"家长{i}", f"1380000{i:04d}", s)
        if i % 2:
            guardian_consent(world, s, guardian=g, notice=notice)
    with django_assert_num_queries(3):
        statuses = rules.statuses_for(kids)
    for s in kids:
        assert statuses[s.pk]["screening"].ok == both_say(s)
    # who is complete: odd ones with a guardian under 14 only
    assert [statuses[s.pk]["screening"].ok for s in kids] == [False, True, False, True] + [False] * 6


def test_row_status_agrees_with_consent_status(world, notice):
    people = [with_birth(world.student_x, born(13)), with_birth(world.student_y, born(15)),
              with_birth(world.student_z, None)]
    guardian_consent(world, world.student_x, notice=notice)
    guardian_consent(world, world.student_y, guardian=make_guardian(world.school, "李爸", "13800001111",
                                                                     world.student_y), notice=notice)
    student_consent(world.student_z, notice)
    annotated = {s.pk: s for s in rules.annotate_consent(Student.objects.filter(school=world.school),
                                                          world.school)}
    for s in people:
        row = rules.row_status(annotated[s.pk], "screening", TODAY(), True)
        assert row.ok == has_consent(s, "screening"), s
    assert [rules.row_status(annotated[s.pk], "screening", TODAY(), True).ok for s in people] == [
        True, False, False]
