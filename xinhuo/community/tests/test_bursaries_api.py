"""Bursaries over the API: the same scopes and rules as the pages (a head teacher's classes, donors committee-only,
a parent's own child), proposing and the workflow's steps, refusals as field errors with nothing written."""

from __future__ import annotations

import pytest

from xinhuo.community.models import Grant, GrantStatus

from .bursaries_support import DAY, make_fund, propose, tag

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_propose_approve_and_pay_over_the_api(world):
    fund = make_fund(world, received="1000")
    tag(world, world.student_x)
    teacher = world.client("head_teacher_a")
    body = {"fund": fund.pk, "student": world.student_x.pk, "amount": "600", "granted_on": DAY.isoformat(),
            "reason": "父母在外务工"}
    created = post(teacher, "/api/v1/community/bursaries/grants/", body)
    assert created.status_code == 201, created.content
    grant_id = created.json()["id"]
    assert created.json()["groups_snapshot"] == "留守儿童"
    # over the balance: a field error, nothing written
    too_much = post(teacher, "/api/v1/community/bursaries/grants/", {**body, "amount": "500"})
    assert too_much.status_code == 400 and "amount" in too_much.json()
    # class B's student is not head teacher A's: 404
    other = post(teacher, "/api/v1/community/bursaries/grants/", {**body, "student": world.student_z.pk})
    assert other.status_code == 404
    assert Grant.objects.count() == 1
    assert post(teacher, f"/api/v1/community/bursaries/grants/{grant_id}/step/", {"action": "approve"}
                ).status_code == 404
    approved = post(world.client("director"), f"/api/v1/community/bursaries/grants/{grant_id}/step/",
                    {"action": "approve", "comment": "同意"})
    assert approved.status_code == 200 and approved.json()["status"] == GrantStatus.APPROVED
    paid = post(world.client("finance"), f"/api/v1/community/bursaries/grants/{grant_id}/step/",
                {"action": "pay", "paid_on": DAY.isoformat()})
    assert paid.status_code == 200 and paid.json()["paid_on"] == DAY.isoformat()


def test_scopes_of_the_grant_list(world):
    fund = make_fund(world)
    x = propose(world, fund, world.student_x)
    z = propose(world, fund, world.student_z, persona="head_teacher_b")
    ids = {p: {r["id"] for r in world.client(p).get("/api/v1/community/bursaries/grants/").json()["results"]}
           for p in ("director", "finance", "head_teacher_a", "head_teacher_b", "parent_x")}
    assert ids["director"] == ids["finance"] == {x.pk, z.pk}
    assert ids["head_teacher_a"] == {x.pk} and ids["head_teacher_b"] == {z.pk}
    assert ids["parent_x"] == set()  # not approved yet
    from xinhuo.community.bursaries import services

    services.grant_step(actor=world.actor("director"), grant=x, action="approve")
    rows = world.client("parent_x").get("/api/v1/community/bursaries/grants/").json()["results"]
    assert [r["id"] for r in rows] == [x.pk] and rows[0]["reason"] is None and rows[0]["fund_name"] == fund.name
    for persona in ("student_x", "elder", "counsellor", "admin"):
        assert world.client(persona).get("/api/v1/community/bursaries/grants/").status_code == 404


def test_donors_are_committee_only_and_funds_name_them_only_with_consent(world):
    fund = make_fund(world, named=False)
    director = world.client("director")
    donors = director.get("/api/v1/community/bursaries/donors/").json()["results"]
    assert donors[0]["name"] == "王氏家族" and donors[0]["phone"] == "138****0000"
    assert world.client("head_teacher_a").get("/api/v1/community/bursaries/donors/").status_code == 404
    teacher_funds = world.client("head_teacher_a").get("/api/v1/community/bursaries/funds/").json()["results"]
    assert teacher_funds[0]["donor"] == "爱心人士" and teacher_funds[0]["balance"] == "5000.00"
    assert director.get(f"/api/v1/community/bursaries/funds/{fund.pk}/").json()["donor"] == "王氏家族"
    created = post(director, "/api/v1/community/bursaries/donors/",
                   {"kind": "organisation", "name": "县鑫达建材有限公司", "phone": "12"})
    assert created.status_code == 400 and "phone" in created.json()


def test_the_donor_report_over_the_api_has_no_names(world):
    fund = make_fund(world)
    from xinhuo.community.bursaries import services

    services.grant_step(actor=world.actor("director"), grant=propose(world, fund, world.student_x), action="approve")
    data = world.client("finance").get(f"/api/v1/community/bursaries/funds/{fund.pk}/donor-report/").json()
    assert data["count"] == 1 and data["by_grade"] == [{"grade": "初一", "count": 1, "amount": "500.00"}]
    assert "张小明" not in str(data)


def test_the_answers_match_the_schema(world):
    import copy

    import schemathesis
    from drf_spectacular.generators import SchemaGenerator

    from xinhuo.community.bursaries import services
    from xinhuo.core.tests.test_schema_responses import conforms

    api_schema = schemathesis.openapi.from_dict(copy.deepcopy(SchemaGenerator().get_schema(request=None, public=True)))
    fund = make_fund(world)
    grant = services.grant_step(actor=world.actor("director"), grant=propose(world, fund, world.student_x),
                                action="approve")
    director = world.client("director")
    base = "/community/bursaries"
    for template, url in (
            (f"{base}/funds/", f"{base}/funds/"), (f"{base}/funds/{{id}}/", f"{base}/funds/{fund.pk}/"),
            (f"{base}/funds/{{id}}/donor-report/", f"{base}/funds/{fund.pk}/donor-report/"),
            (f"{base}/donors/", f"{base}/donors/"), (f"{base}/grants/", f"{base}/grants/"),
            (f"{base}/grants/{{id}}/", f"{base}/grants/{grant.pk}/")):
        answer = director.get(f"/api/v1{url}")
        assert answer.status_code == 200, url
        conforms(api_schema, "GET", template, answer)
    parent = world.client("parent_x").get(f"/api/v1{base}/grants/{grant.pk}/")
    conforms(api_schema, "GET", f"{base}/grants/{{id}}/", parent)
    paid = post(world.client("finance"), f"/api/v1{base}/grants/{grant.pk}/step/", {"action": "pay"})
    conforms(api_schema, "POST", f"{base}/grants/{{id}}/step/", paid)
