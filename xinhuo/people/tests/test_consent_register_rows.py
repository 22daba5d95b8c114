"""The API consent register builds its rows directly (people.api.register_row, issue 21): they must be what the
documented serializer (ConsentRegisterRowSerializer, the OpenAPI schema) gives, whatever the state of a consent —
complete, missing, outdated (a consent to an older notice), withdrawn, a guardian no longer linked, no notice."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone, translation

from xinhuo.people import consent as consent_rules
from xinhuo.people.api import ConsentRegisterRowSerializer, register_row
from xinhuo.people.consent import years_before
from xinhuo.people.models import Consent, Student, StudentGuardian
from xinhuo.people.tests.consent_helpers import guardian_consent, publish


def varied_consents(world) -> None:
    """Every case a status can be in, across the world's students."""
    today = timezone.localdate()
    Student.objects.filter(pk=world.student_y.pk).update(birth_date=years_before(today, 15))
    Student.objects.filter(pk=world.student_z.pk).update(birth_date=None)
    for purpose in ("screening", "publicity", "special_group"):  # partner_sharing keeps no notice
        publish(world, purpose)
    guardian_consent(world, purpose="screening")  # complete
    guardian_consent(world, world.student_x, purpose="publicity")
    publish(world, "publicity", days_ago=5)  # a new version: the consent above is outdated
    Consent.objects.create(school=world.school, student=world.student_y, purpose="screening",
                           party=Consent.Party.STUDENT, method=Consent.Method.IN_PERSON,
                           notice=consent_rules.notice_in_effect(world.school, "screening"),
                           given_at=timezone.now() - dt.timedelta(days=2))
    gone = guardian_consent(world, world.student_z, guardian=world.guardian_z, purpose="screening")
    gone.withdrawn_at = timezone.now() - dt.timedelta(days=1)
    gone.save()
    guardian_consent(world, world.student_z, guardian=world.guardian_z, purpose="publicity", days_ago=1)
    StudentGuardian.objects.filter(student=world.student_z, guardian=world.guardian_z).delete()  # unlinked


def test_rows_equal_the_serializers(world):
    varied_consents(world)
    students = list(Student.objects.filter(school=world.school).select_related("school_class__grade")
                    .order_by("pk"))
    statuses = consent_rules.statuses_for(students)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            direct = [register_row(s, statuses[s.pk]) for s in students]
            documented = ConsentRegisterRowSerializer(
                [{"student": s, "age": statuses[s.pk][consent_rules.PURPOSES[0]].requirement.age,
                  "rule": str(statuses[s.pk][consent_rules.PURPOSES[0]].requirement.reason),
                  "purposes": list(statuses[s.pk].values())} for s in students], many=True).data
            assert json.dumps(direct, ensure_ascii=False) == json.dumps(documented, ensure_ascii=False)
    states = {(p["purpose"], p["complete"], len(p["missing"])) for row in direct for p in row["purposes"]}
    assert any(complete for _p, complete, _n in states) and any(not complete for _p, complete, _n in states)
    every = [st for by_purpose in statuses.values() for st in by_purpose.values()]
    assert any(st.outdated for st in every) and any(st.notice is None for st in every)


def test_the_register_endpoint_answers_the_same_rows(world):
    varied_consents(world)
    response = world.client("director").get("/api/v1/consents/register/")
    assert response.status_code == 200
    results = response.json()["results"]
    students = {s.pk: s for s in Student.objects.filter(pk__in=[r["student"] for r in results])
                .select_related("school_class__grade")}
    statuses = consent_rules.statuses_for(list(students.values()))
    with translation.override("zh-hans"):
        assert results == [register_row(students[r["student"]], statuses[r["student"]]) for r in results]


def test_shared_requirements_are_translated_when_shown(world):
    """A requirement is made once per age and shared: its reason is still lazy, in each request's language."""
    day = timezone.localdate()
    a = consent_rules.requirement(years_before(day, 15), day)
    assert a is consent_rules.requirement(years_before(day, 15) - dt.timedelta(days=3), day)
    with translation.override("en"):
        english = str(a.reason)
    with translation.override("zh-hans"):
        chinese = str(a.reason)
    assert english.startswith("Aged 14 to 17") and english != chinese
