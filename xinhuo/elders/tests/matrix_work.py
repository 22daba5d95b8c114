"""Access-matrix cases: work part of the elders app (matching, assignments, hours, mentor contacts, home)."""

from __future__ import annotations

import datetime as dt

from xinhuo.core.tests.matrix import Case, k
from xinhuo.elders.models import ApprenticeshipPair, Assignment, Elder, ElderRole

# the committee of the demo school; the outsider manages only their own school
SCHOOL_MANAGERS = {"admin", "director", "leader"}
ALL_MANAGERS = SCHOOL_MANAGERS | {"outsider"}


def an_assignment(w) -> Assignment:
    """An active assignment of the elder persona (周老)."""
    a, _ = Assignment.objects.get_or_create(
        school=w.school, elder=w.elder, role=ElderRole.HISTORY_SPEAKER, need="初一党史故事会",
        status=Assignment.Status.ACTIVE, defaults={"start_on": dt.date(2026, 9, 1)})
    return a


def a_pair(w) -> ApprenticeshipPair:
    """周老 mentoring a new elder."""
    mentee, _ = Elder.objects.get_or_create(school=w.school, name="吴新老",
                                            defaults={"gender": "F", "category": Elder.Category.TEACHER})
    pair, _ = ApprenticeshipPair.objects.get_or_create(
        school=w.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=w.elder, mentee_elder=mentee,
        defaults={"started_on": dt.date(2026, 9, 1)})
    return pair


def eid(w, e):
    return w.elder.pk


CASES: list = [
    Case("elders:home", {"elder"}),
    Case("elders:my-pairs", {"elder"}),
    Case("elders:match", ALL_MANAGERS),
    Case("elders:assign", ALL_MANAGERS),
    Case("elders:assignments", ALL_MANAGERS | {"elder"}),
    # the elder may step down from their own assignment (the reason is then required)
    Case("elders:assignment-end", SCHOOL_MANAGERS | {"elder"}, ok=302, method="post",
         kwargs=k(pk=lambda w, e: an_assignment(w).pk), data={"reason": "身体原因"}),
    Case("elders:hours", SCHOOL_MANAGERS | {"elder"}, kwargs=k(pk=eid)),
    Case("elders:contact-new", SCHOOL_MANAGERS | {"elder"}, kwargs=k(pk=lambda w, e: a_pair(w).pk)),
    Case("api:elder-match", ALL_MANAGERS, data={"role": ElderRole.HISTORY_SPEAKER.value}, api=True),
    Case("api:elder-assignment-list", ALL_MANAGERS | {"elder"}, api=True),
    Case("api:elder-assignment-detail", SCHOOL_MANAGERS | {"elder"}, kwargs=k(pk=lambda w, e: an_assignment(w).pk),
         api=True),
    Case("api:elder-assignment-end", SCHOOL_MANAGERS | {"elder"}, method="post",
         kwargs=k(pk=lambda w, e: an_assignment(w).pk), data={"reason": "身体原因"}, api=True),
    # an empty body: those who may record get the validation errors, everyone else does not learn the endpoint
    Case("api:elder-apprenticeship-contacts", ALL_MANAGERS | {"elder"}, ok=400, method="post", api=True),
    Case("api:elder-hours", SCHOOL_MANAGERS | {"elder"}, kwargs=k(pk=eid), api=True),
]
