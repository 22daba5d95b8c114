"""A head teacher proposes a bursary grant from a phone (issue 20): POST community/bursaries/grants/ records what the
page's form records (fund, student, amount, date, reason, the student's groups as evidence, the proposer, the first
step), refuses as the page does with nothing written, and is not open to the roles the page is not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinhuo.community.models import Grant

from .bursaries_support import DAY, make_fund, tag

pytestmark = pytest.mark.django_db
URL = "/api/v1/community/bursaries/grants/"


def grants() -> list[tuple]:
    return list(Grant.objects.order_by("pk").values_list("fund_id", "student_id", "grade_level", "amount",
                                                          "granted_on", "reason", "groups_snapshot", "status",
                                                          "proposed_by"))


def test_the_api_proposal_is_the_pages(world):
    fund = make_fund(world, received="2000")
    tag(world, world.student_x)
    fields = {"fund": fund.pk, "student": world.student_x.pk, "amount": "600", "granted_on": DAY.isoformat(),
              "reason": "父母在外务工"}
    teacher = world.client("head_teacher_a")
    assert teacher.post(reverse("community:bursaries-grant-new"), fields).status_code == 302
    r = teacher.post(URL, fields, content_type="application/json")
    assert r.status_code == 201, r.content
    page, api = grants()
    assert page == api and page[6] == "留守儿童" and page[8] == world.users["head_teacher_a"].pk
    steps = [list(g.steps.values_list("from_status", "to_status", "by")) for g in Grant.objects.order_by("pk")]
    assert steps[0] == steps[1]


def test_refusals_write_nothing_and_other_roles_are_refused(world):
    fund = make_fund(world, received="500")
    tag(world, world.student_x)
    body = {"fund": fund.pk, "student": world.student_x.pk, "amount": "600", "granted_on": DAY.isoformat(),
            "reason": "父母在外务工"}
    r = world.client("head_teacher_a").post(URL, body, content_type="application/json")
    assert r.status_code == 400 and list(r.json()) == ["amount"]  # over the fund's balance, as on the page
    r = world.client("head_teacher_a").post(URL, {**body, "amount": "100", "reason": " "},
                                            content_type="application/json")
    assert r.status_code == 400 and list(r.json()) == ["reason"]
    assert world.client("head_teacher_b").post(URL, {**body, "amount": "100"},
                                               content_type="application/json").status_code == 404
    for persona in ("finance", "parent_x", "student_x", "elder", "counsellor"):
        status = world.client(persona).post(URL, {**body, "amount": "100"}, content_type="application/json")
        assert status.status_code == 404, persona
    assert grants() == []
