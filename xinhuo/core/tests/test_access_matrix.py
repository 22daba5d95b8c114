"""Every URL pattern and API endpoint × every persona: exactly the outcome it should get.

Each app declares its cases in its manifest (`matrix`: xinhuo/<app>/tests/matrix.py); a view without an entry
fails test_every_url_is_in_the_matrix.
Denied objects and pages answer 404 (never 403), so they cannot be probed.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS
from xinhuo.core import registry
from xinhuo.core.access import build_actor
from xinhuo.core.services import notification_send
from xinhuo.core.tests.matrix import ANON, COUNTY, Case

CASES = registry.matrix_cases()
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
    if persona in case.also:
        return case.also[persona]
    if persona == COUNTY and case.anon == 200 and case.denied == 404 and persona not in case.allowed:
        return case.anon  # what is public (the news site, the mailbox's lookup) is public to a county account too
    return case.ok if persona in case.allowed else case.denied


def request_as(world, extra, case: Case, persona: str):
    client = world.client(None if persona == ANON else persona)
    url = reverse(case.name, kwargs=case.kwargs(world, extra) if case.kwargs else None)
    data = dict(case.data)
    if data.get("school") == "own" and persona in PERSONAS:
        data["school"] = str(build_actor(world.users[persona]).school.pk)
    if case.method in ("post", "put", "patch") and case.api:
        return getattr(client, case.method)(url, data, content_type="application/json")
    return getattr(client, case.method)(url, data)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_access(world, extra, case: Case):
    """One world per case (building it per persona would make the matrix slow); every persona is checked."""
    wrong = []
    for persona in [*PERSONAS, COUNTY, ANON]:
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
