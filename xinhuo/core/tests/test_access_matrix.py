"""Every URL pattern and API endpoint × every persona: exactly the outcome it should get.

A new view without an entry here fails test_every_url_is_in_the_matrix.
Denied objects and pages answer 404 (never 403), so they cannot be probed.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS
from xinhuo.activities.tests.matrix import ACTIVITY_CASES
from xinhuo.care.tests.matrix import CARE_CASES
from xinhuo.clubs.tests.matrix import CASES as CLUB_CASES
from xinhuo.core.access import build_actor
from xinhuo.core.services import notification_send
from xinhuo.core.tests.matrix import ANON, EVERYONE, MANAGERS, SCHOOL_WIDE, STAFF, Case, gx, k, sa, sx
from xinhuo.elders.tests.matrix import ELDER_CASES
from xinhuo.news.tests.matrix import CASES as NEWS_CASES
from xinhuo.people.tests import consent_helpers, rosterbook
from xinhuo.plans.tests.matrix import CASES as PLAN_CASES
from xinhuo.selections.tests.matrix import CASES as SELECTION_CASES

CASES = [
    # -- core pages
    Case("dashboard", EVERYONE),
    Case("healthz", EVERYONE, anon=200),
    Case("login", set(), denied=302, anon=200),  # logged-in users are sent to the dashboard
    Case("logout", EVERYONE, ok=302, method="post", anon=302),
    Case("password-change", EVERYONE),
    Case("switch-school", EVERYONE, ok=302, method="post", data={"school": "own"}),
    Case("elder-mode", EVERYONE, ok=302, method="post", data={"on": "1"}),
    Case("set-language", EVERYONE, ok=302, method="post", data={"language": "zh-hans"}, anon=302),
    Case("structure", STAFF | {"elder"}),
    Case("year-create", MANAGERS, ok=400, method="post"),
    Case("term-create", MANAGERS, ok=400, method="post"),
    Case("grade-create", MANAGERS, ok=400, method="post"),
    Case("class-create", MANAGERS, ok=400, method="post"),
    Case("class-head-teacher", {"admin", "director"}, kwargs=k(pk=lambda w, e: w.class_a.pk)),
    Case("department-create", MANAGERS, ok=400, method="post"),
    Case("committee", STAFF | {"elder"}),
    Case("committee-create", MANAGERS),
    Case("committee-edit", {"admin", "director"}, kwargs=k(pk=lambda w, e: w.committee_member.pk)),
    Case("committee-remove", {"admin", "director"}, ok=302, method="post",
         kwargs=k(pk=lambda w, e: w.committee_member.pk)),
    Case("inbox", EVERYONE),
    Case("inbox-detail", {"director"}, kwargs=k(pk=lambda w, e: e["notification"].pk)),
    Case("inbox-read-all", EVERYONE, ok=302, method="post"),
    Case("notification-send", {"admin", "director", "leader", "outsider"}),
    Case("notification-receipts", {"director"}, kwargs=k(batch=lambda w, e: e["notification"].batch)),
    Case("accounts", {"admin"}),
    Case("account-create", {"admin"}),
    Case("account-detail", {"admin"}, kwargs=k(pk=lambda w, e: w.users["elder"].pk)),
    Case("account-reset-password", {"admin"}, method="post", kwargs=k(pk=lambda w, e: w.users["elder"].pk)),
    Case("account-set-active", {"admin"}, ok=302, method="post", data={"active": "1"},
         kwargs=k(pk=lambda w, e: w.users["elder"].pk)),
    Case("membership-remove", {"admin"}, ok=302, method="post",
         kwargs=k(pk=lambda w, e: w.users["elder"].pk,
                  membership_pk=lambda w, e: w.users["elder"].memberships.get().pk)),
    Case("access-log", MANAGERS),
    Case("audit-log", MANAGERS),
    # -- people pages
    Case("people:student-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                               "student_y", "outsider"}),
    Case("people:student-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x", "student_x"}, kwargs=k(pk=sx)),
    Case("people:guardian-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "outsider"}),
    Case("people:guardian-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x"}, kwargs=k(pk=gx)),
    Case("people:staff-list", STAFF),
    Case("people:staff-detail", STAFF - {"outsider"}, kwargs=k(pk=sa)),
    Case("people:person-login", {"admin"}, method="post",
         kwargs=k(kind=lambda w, e: "student", pk=lambda w, e: w.student_z.pk)),
    Case("people:reveal", {"admin", "director", "parent_x", "student_x"}, method="post",
         kwargs=k(kind=lambda w, e: "student", pk=sx, field=lambda w, e: "id_card")),
    # -- API
    Case("api:me", EVERYONE, api=True),
    Case("api:token", set(), method="post", ok=200, denied=400, anon=400, api=True),
    Case("api:class-list", STAFF | {"elder"}, api=True),
    Case("api:class-detail", STAFF - {"outsider"} | {"elder"}, kwargs=k(pk=lambda w, e: w.class_a.pk), api=True),
    Case("api:student-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                            "student_y", "outsider"}, api=True),
    Case("api:student-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x", "student_x"}, kwargs=k(pk=sx), api=True),
    Case("api:student-reveal", {"admin", "director", "parent_x", "student_x"}, method="post",
         kwargs=k(pk=sx), data={"field": "id_card"}, api=True),
    Case("api:guardian-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "outsider"}, api=True),
    Case("api:guardian-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x"}, kwargs=k(pk=gx), api=True),
    Case("api:guardian-reveal", {"admin", "director", "counsellor", "head_teacher_a", "parent_x"}, method="post",
         kwargs=k(pk=gx), data={"field": "phone"}, api=True),
    Case("api:staff-list", STAFF, api=True),
    Case("api:staff-detail", STAFF - {"outsider"}, kwargs=k(pk=sa), api=True),
    Case("api:staff-reveal", STAFF - {"outsider"}, method="post", kwargs=k(pk=sa), data={"field": "phone"},
         api=True),
    Case("api:notification-list", EVERYONE, api=True),
    Case("api:notification-detail", {"director"}, kwargs=k(pk=lambda w, e: e["notification"].pk), api=True),
    Case("api:notification-read", {"director"}, method="post", kwargs=k(pk=lambda w, e: e["notification"].pk),
         api=True),
    Case("api-schema", EVERYONE, api=True),
    Case("api-docs", EVERYONE, api=True),
    # -- consent register (pages and API): seen like the student; parents and students give online
    Case("people:consent-student", SCHOOL_WIDE | {"head_teacher_a", "parent_x", "student_x"}, kwargs=k(pk=sx)),
    Case("people:consent-record", {"admin", "director", "head_teacher_a"}, kwargs=k(pk=sx)),
    Case("people:consent-register", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                                   "student_y", "outsider"}),
    Case("people:consent-mine", {"parent_x", "student_x", "student_y"}),
    Case("people:consent-give", {"parent_x", "student_x", "student_y"}, ok=400, method="post"),
    Case("people:consent-withdraw", {"admin", "director", "head_teacher_a", "parent_x"}, ok=302, method="post",
         kwargs=k(pk=lambda w, e: consent_helpers.guardian_consent(w).pk)),
    Case("people:consent-coverage", {"admin", "director", "leader", "outsider"}),
    Case("people:consent-notices", MANAGERS),
    Case("api:consent-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                            "student_y", "outsider"}, api=True),
    Case("api:consent-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x", "student_x"},
         kwargs=k(pk=lambda w, e: consent_helpers.guardian_consent(w).pk), api=True),
    Case("api:consent-withdraw", {"admin", "director", "head_teacher_a", "parent_x"}, method="post",
         kwargs=k(pk=lambda w, e: consent_helpers.guardian_consent(w).pk), api=True),
    Case("api:consent-give", {"parent_x", "student_x", "student_y"}, ok=400, method="post", api=True),
    Case("api:consent-record", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}, ok=400,
         method="post", api=True),
    Case("api:consent-register", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                                "student_y", "outsider"}, api=True),
    Case("api:consent-coverage", {"admin", "director", "leader", "outsider"}, api=True),
    Case("api:consent-notices", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                               "student_y", "outsider"}, api=True),
    # -- roster import and export (ORG-4): head teachers for their own classes; an upload is its uploader's only
    Case("people:roster", {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "outsider"}),
    Case("people:roster-template", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}),
    Case("people:roster-upload", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}, ok=400,
         method="post"),
    Case("people:roster-import", {"director"}, kwargs=k(pk=lambda w, e: rosterbook.an_import(w).pk)),
    Case("people:roster-import-progress", {"director"}, kwargs=k(pk=lambda w, e: rosterbook.an_import(w).pk)),
    Case("people:roster-import-confirm", {"director"}, ok=302, method="post",
         kwargs=k(pk=lambda w, e: rosterbook.an_import(w).pk)),
    Case("people:roster-import-errors", {"director"}, kwargs=k(pk=lambda w, e: rosterbook.an_import(w).pk)),
    Case("people:roster-export", {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "outsider"}),
    Case("api:roster-validate", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}, ok=400,
         method="post", api=True),
    Case("api:roster-import", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}, ok=400,
         method="post", api=True),
    Case("api:roster-export", {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "outsider"},
         api=True),
]
CASES += ELDER_CASES
CASES += CARE_CASES
CASES += ACTIVITY_CASES + PLAN_CASES + NEWS_CASES + SELECTION_CASES + CLUB_CASES
BY_NAME = {c.name: c for c in CASES}


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= url_names(p, ns)
        elif isinstance(p, URLPattern):
            assert p.name, f"unnamed URL pattern {p.pattern} cannot be in the access matrix"
            names.add(namespace + p.name)
    return names


def test_every_url_is_in_the_matrix():
    names = url_names()
    missing = names - BY_NAME.keys()
    assert not missing, f"views without an access-matrix entry: {sorted(missing)}"
    assert not BY_NAME.keys() - names, "matrix entries for URLs that no longer exist"


@pytest.fixture
def extra(world):
    director = build_actor(world.users["director"])
    [n] = notification_send(actor=director, school=world.school, recipients=[world.users["director"]],
                            title="会议通知", body="周五开会")
    return {"notification": n}


def expected(case: Case, persona: str) -> int:
    if persona == ANON:
        return case.anon if not case.api else 403 if case.anon == 302 else case.anon
    return case.ok if persona in case.allowed else case.denied


def request_as(world, extra, case: Case, persona: str):
    client = world.client(None if persona == ANON else persona)
    url = reverse(case.name, kwargs=case.kwargs(world, extra) if case.kwargs else None)
    data = dict(case.data)
    if data.get("school") == "own" and persona != ANON:
        data["school"] = str(build_actor(world.users[persona]).school.pk)
    if case.method == "post" and case.api:
        return client.post(url, data, content_type="application/json")
    return getattr(client, case.method)(url, data)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_access(world, extra, case: Case):
    """One world per case (building it per persona would make the matrix slow); every persona is checked."""
    wrong = []
    for persona in [*PERSONAS, ANON]:
        with transaction.atomic():  # each persona starts from the same data, even after a removal
            response = request_as(world, extra, case, persona)
            transaction.set_rollback(True)
        want = expected(case, persona)
        if response.status_code != want:
            wrong.append(f"{persona}: got {response.status_code}, expected {want}")
        elif want == 404 and not case.api:
            body = response.content.decode()
            leaked = [s for s in (world.student_x.name, world.guardian_x.name, world.staff_a.name) if s in body]
            if leaked:
                wrong.append(f"{persona}: 404 page leaked {leaked}")
    assert not wrong, f"{case.name}: " + "; ".join(wrong)


def test_other_school_objects_are_404_for_everyone_here(world):
    """Tenancy: nobody in the demo school reaches the other school's records, even school-wide roles."""
    for persona in ("admin", "director", "counsellor"):
        c = world.client(persona)
        assert c.get(reverse("people:student-detail", args=[world.other_student.pk])).status_code == 404
        assert c.get(reverse("people:guardian-detail", args=[world.other_guardian.pk])).status_code == 404
        assert c.get(reverse("people:staff-detail", args=[world.other_staff.pk])).status_code == 404
        assert c.get(f"/api/v1/students/{world.other_student.pk}/").status_code == 404
        listing = c.get("/api/v1/students/").json()
        assert world.other_student.pk not in {row["id"] for row in listing["results"]}
