"""Claims over the API: a head teacher creates and submits a claim with a receipt from a phone (multipart), finance
checks it, the director approves it and finance pays it, each through the pages' services; refusals are 400s in
the services' words with nothing written; the boxes list what waits for each role; another's claim is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinhuo.core.tests.helpers import post
from xinhuo.finance.models import ClaimStatus, ExpenseClaim

from .finance_support import finance_budget
from .test_claims_services import DAY, jpeg, make_claim, pdf

pytestmark = pytest.mark.django_db
S = ClaimStatus
LIST = "/api/v1/finance/claims/"


@pytest.fixture
def fb(world):
    return finance_budget(world)


def body(fb, **kw) -> dict:
    return {"title": "研学实践大巴车费", "kind": "transport", "amount": "1320.50", "spent_on": DAY.isoformat(),
            "line": fb.activity.pk, "description": "往返两趟", **kw}


def test_a_claim_from_a_phone_through_every_step(world, fb):
    teacher = world.client("head_teacher_a")
    lines = teacher.get(LIST + "lines/").json()
    assert {x["name"] for x in lines} >= {"活动", "慰问"} and any(x["balance"] == "20000.00" for x in lines)
    response = teacher.post(LIST, {**body(fb), "submit": "true", "receipts": [jpeg(), pdf()]})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == S.SUBMITTED and data["amount"] == "1320.50" and len(data["receipts"]) == 2
    pk = data["id"]
    assert teacher.get(data["receipts"][1]["url"]).status_code == 200
    assert [c["id"] for c in world.client("finance").get(LIST, {"box": "check"}).json()["results"]] == [pk]
    url = f"{LIST}{pk}/step/"
    assert post(world, "finance", url, {"action": "check", "comment": "票据齐全"}).json()["status"] == S.CHECKED
    assert post(world, "director", url, {"action": "approve"}).json()["status"] == S.APPROVED
    paid = post(world, "finance", url, {"action": "pay", "payment_reference": "网银001"}).json()
    assert paid["status"] == S.PAID and paid["payment_reference"] == "网银001"
    assert [s["to_status"] for s in paid["steps"]] == [S.DRAFT, S.SUBMITTED, S.CHECKED, S.APPROVED, S.PAID]


def test_refusals_are_400s_with_nothing_written(world, fb):
    teacher = world.client("head_teacher_a")
    response = teacher.post(LIST, {**body(fb, amount="20000.01"), "submit": "true", "receipts": [jpeg()]})
    assert response.status_code == 400 and "amount" in response.json()
    response = teacher.post(LIST, {**body(fb, kind="printing", line=fb.care.pk), "submit": "true",
                                   "receipts": [jpeg()]})
    assert response.status_code == 400 and "kind" in response.json()
    response = teacher.post(LIST, {**body(fb, amount="abc")})
    assert response.status_code == 400 and "amount" in response.json()
    response = teacher.post(LIST, {**body(fb, line=999999)})
    assert response.status_code == 400 and "line" in response.json()
    assert not ExpenseClaim.objects.exists()
    draft = teacher.post(LIST, body(fb), content_type="application/json").json()
    assert draft["status"] == S.DRAFT
    assert post(world, "head_teacher_a", f"{LIST}{draft['id']}/submit/").status_code == 400  # no receipt
    added = teacher.post(f"{LIST}{draft['id']}/receipts/", {"receipts": [jpeg()]})
    assert added.status_code == 201 and len(added.json()["receipts"]) == 1
    changed = teacher.patch(f"{LIST}{draft['id']}/", {"amount": "99.90"}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["amount"] == "99.90" and changed.json()["title"] == \
        "研学实践大巴车费"
    assert post(world, "head_teacher_a", f"{LIST}{draft['id']}/submit/").json()["status"] == S.SUBMITTED
    assert post(world, "head_teacher_a", f"{LIST}{draft['id']}/step/", {"action": "check"}).status_code == 404
    assert post(world, "director", f"{LIST}{draft['id']}/step/", {"action": "approve"}).status_code == 400


def test_one_sees_only_ones_own_claims_and_the_boxes_of_ones_role(world, fb):
    theirs = make_claim(world, fb.activity, persona="head_teacher_b", submit=True)
    make_claim(world, fb.activity, submit=True)
    mine = world.client("head_teacher_a").get(LIST).json()["results"]
    assert len(mine) == 1 and all(c["claimant"] == world.users["head_teacher_a"].pk for c in mine)
    assert world.client("head_teacher_a").get(f"{LIST}{theirs.pk}/").status_code == 404
    assert world.client("head_teacher_a").get(LIST, {"box": "check"}).status_code == 404
    assert len(world.client("finance").get(LIST, {"box": "all"}).json()["results"]) == 2
    for persona in ("parent_x", "student_x", "elder", "admin"):
        assert world.client(persona).get(LIST).status_code == 404
        assert world.client(persona).get(f"{LIST}{theirs.pk}/").status_code == 404
    assert reverse("api:finance-claim-list") == LIST
