"""The demo school's consents: published notices, realistic partial coverage that obeys the rules,
deterministic."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from xinhuo.core.access import build_actor
from xinhuo.core.demo import DEMO_CODE, build_demo
from xinhuo.core.models import School, User
from xinhuo.people import selectors
from xinhuo.people.consent import PURPOSES, has_consent, notices_in_effect, requirement
from xinhuo.people.models import Consent, StudentGuardian


def consent_rows():
    return list(Consent.objects.order_by("student__student_no", "purpose", "party", "pk").values_list(
        "student__student_no", "purpose", "party", "guardian__name", "notice__version", "method", "given_at",
        "withdrawn_at"))


@pytest.mark.django_db
def test_demo_consents_are_realistic_and_obey_the_rules():
    build_demo(size="small", password="Demo-Pass-2026")
    school = School.objects.get(code=DEMO_CODE)
    notices = notices_in_effect(school)
    assert set(notices) == set(PURPOSES)
    assert notices["publicity"].version == 2, "publicity was revised: some consents to version 1 no longer count"
    director = build_actor(User.objects.get(username="director"))
    coverage = selectors.consent_coverage(director)
    share = {c["purpose"]: c["percent"] for c in coverage["total_cells"]}
    assert 40 <= share["screening"] <= 90  # from 14 the student must agree as well
    assert 10 <= share["partner_sharing"] <= share["screening"]
    assert share["publicity"] < 70
    links = set(StudentGuardian.objects.values_list("student_id", "guardian_id"))
    now = timezone.now()
    for c in Consent.objects.select_related("student", "notice"):
        day = timezone.localtime(c.given_at).date()
        assert c.given_at < now and (c.withdrawn_at is None or c.given_at < c.withdrawn_at <= now)
        assert c.notice.effective_from <= day and c.notice.school_id == c.school_id == c.student.school_id
        if c.party == "guardian":
            assert (c.student_id, c.guardian_id) in links
        else:
            assert requirement(c.student.birth_date, day).student, "no own consent from a child under 14"
    assert Consent.objects.filter(withdrawn_at__isnull=False).exists()
    assert Consent.objects.filter(party="student").exists()
    # the demo parent can try giving screening consent online
    parent = build_actor(User.objects.get(username="parent"))
    children = selectors.my_consent_students(parent)
    assert children and not any(has_consent(s, "screening") for s in children)


@pytest.mark.django_db
def test_demo_consents_are_deterministic():
    with transaction.atomic():
        build_demo(size="small", password="Demo-Pass-2026")
        first = consent_rows()
        transaction.set_rollback(True)
    build_demo(size="small", password="Demo-Pass-2026")
    assert consent_rows() == first and len(first) > 500
