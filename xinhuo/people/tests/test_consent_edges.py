"""Consent edges mutation testing found untested (issue 21): 29 February at the 14 and 18 thresholds, a student's
own consent to an older version of the notice, and a purpose that does not exist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from xinhuo.people import services
from xinhuo.people.consent import (
    ADULT_AGE,
    OWN_CONSENT_AGE,
    RowStatus,
    age_on,
    annotate_consent,
    consent_status,
    has_consent,
    has_reached,
    requirement,
    row_status,
    years_before,
)
from xinhuo.people.models import Consent, ConsentNotice, ConsentPurpose, Student
from xinhuo.people.tests.consent_helpers import guardian_consent, publish


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("day", "years", "before"), [
    (dt.date(2028, 2, 29), OWN_CONSENT_AGE, dt.date(2014, 2, 28)),
    (dt.date(2028, 2, 29), ADULT_AGE, dt.date(2010, 2, 28)),
    (dt.date(2028, 2, 29), 4, dt.date(2024, 2, 29)),  # a leap year back: the same day
    (dt.date(2026, 3, 1), ADULT_AGE, dt.date(2008, 3, 1)),
])
def test_years_before_a_29_february(day, years, before):
    assert years_before(day, years) == before


@pytest.mark.parametrize("age", [OWN_CONSENT_AGE, ADULT_AGE])
@pytest.mark.parametrize("birth", [dt.date(2008, 2, 29), dt.date(2012, 2, 29), dt.date(2010, 2, 28),
                                   dt.date(2010, 3, 1), dt.date(2014, 2, 28)])
def test_the_database_threshold_is_the_age_rule_around_29_february(birth, age):
    day = dt.date(2025, 12, 31)
    while day < dt.date(2032, 3, 2):
        assert has_reached(birth, age, day) == (age_on(birth, day) >= age), (birth, age, day)
        day += dt.timedelta(days=1)


def test_born_on_29_february_needs_a_guardian_until_1_march_in_a_common_year():
    birth = dt.date(2008, 2, 29)
    assert requirement(birth, dt.date(2026, 2, 28)).guardian, "17 on 28 February 2026"
    assert not requirement(birth, dt.date(2026, 3, 1)).guardian, "18 on 1 March 2026"
    birth = dt.date(2012, 2, 29)
    assert not requirement(birth, dt.date(2026, 2, 28)).student, "13: a guardian decides alone"
    assert requirement(birth, dt.date(2026, 3, 1)).student, "14: the student's own consent is needed too"


def test_a_students_own_consent_to_an_older_notice_no_longer_counts(world):
    v1 = publish(world, "screening", days_ago=100)
    Student.objects.filter(pk=world.student_x.pk).update(birth_date=years_before(timezone.localdate(), 15))
    x = Student.objects.get(pk=world.student_x.pk)
    Consent.objects.create(school=world.school, student=x, purpose="screening", party=Consent.Party.STUDENT,
                           notice=v1, method=Consent.Method.ONLINE, given_at=timezone.now() - dt.timedelta(days=20))
    guardian_consent(world, x, notice=v1, days_ago=20)
    assert has_consent(x, "screening")
    v2 = publish(world, "screening", days_ago=0)
    status = consent_status(x, "screening")
    assert not status.ok and not has_consent(x, "screening")
    text = " ".join(str(m) for m in status.missing)
    assert "version 1" in text and "version 2" in text
    # the student agrees to version 2; the guardian's is still to version 1
    services.consent_give(actor=world.actor("student_x"), student=x, purpose="screening", notice=v2)
    assert not has_consent(x, "screening")
    services.consent_give(actor=world.actor("parent_x"), student=x, purpose="screening", notice=v2)
    assert has_consent(x, "screening")


def test_a_purpose_that_does_not_exist_is_refused_and_writes_nothing(world):
    publish(world, "screening")
    before = (Consent.objects.count(), ConsentNotice.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.consent_give(actor=world.actor("parent_x"), student=world.student_x, purpose="marketing",
                              notice=None)
    assert exc.value.message_dict == {"purpose": ["Choose one of the consent purposes."]}
    with pytest.raises(ValidationError):
        services.consent_record(actor=world.actor("director"), student=world.student_x, purpose="marketing",
                                method=Consent.Method.PAPER, date=timezone.localdate())
    # asked in code, an unknown purpose is a mistake to hear of, not a quiet "no consent"
    with pytest.raises(ValueError, match="unknown consent purpose 'marketing'"):
        has_consent(world.student_x, "marketing")
    assert (Consent.objects.count(), ConsentNotice.objects.count()) == before


def test_a_list_on_a_past_day_shows_the_consents_of_that_day_in_one_query(world, django_assert_num_queries):
    """The consent list asked about a past day: the notice then in effect and a consent withdrawn since both count
    as they were on that day; the list's rows and their consent columns come in one query (and one for the
    notices)."""
    v1 = publish(world, "screening", days_ago=100)
    consent = guardian_consent(world, notice=v1, days_ago=50)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now() - dt.timedelta(days=5))
    publish(world, "screening", days_ago=2)
    day = timezone.localdate() - dt.timedelta(days=20)
    students = Student.objects.filter(pk=world.student_x.pk)
    with django_assert_num_queries(2):
        then = list(annotate_consent(students, world.school, day))
    assert row_status(then[0], "screening", day, has_notice=True) == RowStatus(
        "screening", ok=True, needs_guardian=True, needs_student=False, guardian_ok=True, student_ok=False,
        has_notice=True)
    now = list(annotate_consent(students, world.school))
    assert row_status(now[0], "screening", timezone.localdate(), has_notice=True).ok is False
    status = consent_status(world.student_x, "screening", on=day)
    assert (status.ok, status.guardian_ok, status.student_ok) == (True, True, False)
    assert status.purpose_label == str(ConsentPurpose("screening").label)



def test_the_list_row_of_a_student_of_15_with_both_consents_and_of_a_row_without_the_columns(world):
    v1 = publish(world, "screening", days_ago=100)
    Student.objects.filter(pk=world.student_x.pk).update(birth_date=years_before(timezone.localdate(), 15))
    x = Student.objects.get(pk=world.student_x.pk)
    guardian_consent(world, x, notice=v1, days_ago=20)
    Consent.objects.create(school=world.school, student=x, purpose="screening", party=Consent.Party.STUDENT,
                           notice=v1, method=Consent.Method.ONLINE, given_at=timezone.now() - dt.timedelta(days=20))
    today = timezone.localdate()
    row = annotate_consent(Student.objects.filter(pk=x.pk), world.school).get()
    assert row_status(row, "screening", today, has_notice=True) == RowStatus(
        "screening", ok=True, needs_guardian=True, needs_student=True, guardian_ok=True, student_ok=True,
        has_notice=True)
    # a student read without the consent columns has no consent that counts
    assert row_status(x, "screening", today, has_notice=True) == RowStatus(
        "screening", ok=False, needs_guardian=True, needs_student=True, guardian_ok=False, student_ok=False,
        has_notice=True)


def test_an_outdated_consent_is_explained_with_who_gave_it_and_the_versions(world):
    from xinhuo.people.consent import consent_party_label

    v1 = publish(world, "screening", days_ago=100)
    Student.objects.filter(pk=world.student_x.pk).update(birth_date=years_before(timezone.localdate(), 15))
    x = Student.objects.get(pk=world.student_x.pk)
    guardian_consent(world, x, notice=v1, days_ago=20)
    Consent.objects.create(school=world.school, student=x, purpose="screening", party=Consent.Party.STUDENT,
                           notice=v1, method=Consent.Method.ONLINE, given_at=timezone.now() - dt.timedelta(days=20))
    v2 = publish(world, "screening", days_ago=0)
    tail = f"consented to version 1 of the notice; version 2 is in effect since {v2.effective_from.isoformat()}, " \
           "so that consent no longer counts and must be given again."
    assert [str(m) for m in consent_status(x, "screening").missing] == [f"{world.guardian_x.name} {tail}",
                                                                         f"The student {tail}"]
    # a guardian's consent whose guardian record is gone is still named
    assert consent_party_label(Consent(party=Consent.Party.GUARDIAN, guardian=None)) == "A guardian"


def test_a_consent_recorded_before_any_notice_is_explained_as_such(world):
    Student.objects.filter(pk=world.student_x.pk).update(birth_date=years_before(timezone.localdate(), 15))
    x = Student.objects.get(pk=world.student_x.pk)
    Consent.objects.create(school=world.school, student=x, purpose="screening", party=Consent.Party.STUDENT,
                           notice=None, method=Consent.Method.PAPER, given_at=timezone.now() - dt.timedelta(days=20))
    Consent.objects.create(school=world.school, student=x, purpose="screening", party=Consent.Party.GUARDIAN,
                           guardian=world.guardian_x, notice=None, method=Consent.Method.PAPER,
                           given_at=timezone.now() - dt.timedelta(days=20))
    v1 = publish(world, "screening", days_ago=0)
    tail = ("consented before any notice was published; "
            f"version 1 is in effect since {v1.effective_from.isoformat()}, "
            "so that consent no longer counts and must be given again.")
    assert [str(m) for m in consent_status(x, "screening").missing] == [f"{world.guardian_x.name} {tail}",
                                                                         f"The student {tail}"]


def test_a_former_guardian_still_guardian_of_another_child_no_longer_consents_for_this_one(world):
    from xinhuo.people.consent import students_with_consent
    from xinhuo.people.models import StudentGuardian

    guardian_consent(world, days_ago=10)  # guardian_x for student_x
    students = Student.objects.filter(pk=world.student_x.pk)
    assert list(students_with_consent(students, "screening")) == [world.student_x]
    StudentGuardian.objects.create(student=world.student_y, guardian=world.guardian_x, relation="father")
    StudentGuardian.objects.filter(student=world.student_x, guardian=world.guardian_x).delete()
    assert list(students_with_consent(students, "screening")) == []
    assert not has_consent(world.student_x, "screening")


def test_a_consent_given_in_the_last_moment_of_a_day_counts_that_day_and_one_withdrawn_then_does_not(world):
    """A question about a past day sees the whole day: a consent given at its last moment counts on it, a consent
    withdrawn at its last moment no longer does (the day before it still did); the list's rule says the same."""
    from xinhuo.people.consent import end_of_day, students_with_consent

    v1 = publish(world, "screening", days_ago=100)
    day = timezone.localdate() - dt.timedelta(days=10)
    given = guardian_consent(world, notice=v1)
    Consent.objects.filter(pk=given.pk).update(given_at=end_of_day(day))
    students = Student.objects.filter(pk=world.student_x.pk)
    assert has_consent(world.student_x, "screening", on=day)
    assert list(students_with_consent(students, "screening", on=day)) == [world.student_x]
    assert not has_consent(world.student_x, "screening", on=day - dt.timedelta(days=1))

    Consent.objects.filter(pk=given.pk).update(given_at=timezone.now() - dt.timedelta(days=20),
                                               withdrawn_at=end_of_day(day))
    assert not has_consent(world.student_x, "screening", on=day)
    assert list(students_with_consent(students, "screening", on=day)) == []
    assert has_consent(world.student_x, "screening", on=day - dt.timedelta(days=1))


def test_the_consents_that_count_are_listed_in_the_order_given_and_the_latest_outdated_one_is_named(world):
    """Two guardians' consents, the earlier one recorded last (from a paper form): the status lists them in the
    order they were given, as the student's page shows them; once a newer notice is in effect the message names
    the most recent of the outdated consents and its version."""
    v1 = publish(world, "screening", days_ago=100)
    later = guardian_consent(world, guardian=world.guardian_x2, notice=v1, days_ago=10)
    earlier = guardian_consent(world, guardian=world.guardian_x, notice=v1, days_ago=30)  # recorded after
    assert consent_status(world.student_x, "screening").guardian_consents == [earlier, later]

    v2 = publish(world, "screening", days_ago=5)
    Consent.objects.filter(pk=later.pk).update(notice=v2, given_at=timezone.now() - dt.timedelta(days=4))
    v3 = publish(world, "screening", days_ago=0)
    assert [str(m) for m in consent_status(world.student_x, "screening").missing] == [
        f"{world.guardian_x2.name} consented to version 2 of the notice; version 3 is in effect since "
        f"{v3.effective_from.isoformat()}, so that consent no longer counts and must be given again."]


def test_the_statuses_name_the_guardians_who_consented_without_a_query_each(world, django_assert_num_queries):
    """The register and the student's page show who consented (and who must consent again): the statuses of many
    students, with their guardians' names, still take three queries."""
    from conftest import make_guardian, make_student
    from xinhuo.people.consent import statuses_for

    v1 = publish(world, "screening", days_ago=100)
    kids, parents = [], []
    for i in range(5):
        kid = make_student(world.school, world.class_a, f"2031{i:03d}", f"名字{i}", seq=60 + i)
        parent = make_guardian(world.school, f"家长名{i}", f"1360000{i:04d}", kid)
        guardian_consent(world, kid, guardian=parent, notice=v1, days_ago=20)
        kids.append(kid)
        parents.append(parent)
    v2 = publish(world, "screening", days_ago=0)
    with django_assert_num_queries(3):
        statuses = statuses_for(kids)
        missing = [str(statuses[k.pk]["screening"].missing[0]) for k in kids]
    for message, parent in zip(missing, parents, strict=True):
        assert message.startswith(f"{parent.name} consented to version 1 of the notice; version 2")
    Consent.objects.filter(student__in=kids[1:]).update(notice=v2)  # all but the first agree to version 2
    with django_assert_num_queries(3):
        statuses = statuses_for(kids)
        names = [[c.guardian.name for c in statuses[k.pk]["screening"].guardian_consents if c.guardian]
                 for k in kids]
    assert names == [[]] + [[p.name] for p in parents[1:]]


def test_the_register_page_flags_of_a_past_day_use_the_notice_then_in_effect(world):
    """The register asked about a past day flags the consents to the notice in effect that day, not today's."""
    from xinhuo.people.consent import flag_consent

    v1 = publish(world, "screening", days_ago=100)
    guardian_consent(world, notice=v1, days_ago=50)
    publish(world, "screening", days_ago=2)
    day = timezone.localdate() - dt.timedelta(days=20)
    then = Student.objects.get(pk=world.student_x.pk)
    flag_consent([then], world.school, day)
    assert [getattr(then, f"screening_{party}") for party in ("guardian", "student")] == [True, False]
    now = Student.objects.get(pk=world.student_x.pk)
    flag_consent([now], world.school)
    assert [getattr(now, f"screening_{party}") for party in ("guardian", "student")] == [False, False]
