"""Claims' pages: the phone form makes and submits a claim with a receipt photo, a refused one comes back with the
message and writes nothing; a claimant sees only their own claims (another's is a 404, their receipts too); the
queues show finance and the approvers what waits for them; the lists' queries do not grow with their rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinhuo.core.tests.helpers import page_queries
from xinhuo.core.tests.queries import rows_add_no_query
from xinhuo.finance.models import ClaimReceipt, ClaimStatus, ExpenseClaim

from .finance_support import finance_budget
from .test_claims_services import DAY, jpeg, make_claim, pdf, step

pytestmark = pytest.mark.django_db
S = ClaimStatus


@pytest.fixture
def fb(world):
    return finance_budget(world)


def form_data(fb, **kw) -> dict:
    return {"title": "研学实践大巴车费", "kind": "transport", "amount": "320.50", "spent_on": DAY.isoformat(),
            "line": str(fb.activity.pk), "description": "往返两趟", **kw}


def test_the_form_submits_a_claim_with_a_receipt_photo(world, fb):
    client = world.client("head_teacher_a")
    page = client.get(reverse("finance:claims-new"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'accept="image/*,application/pdf"' in html and "capture" in html and "19680" not in html
    response = client.post(reverse("finance:claims-new"), {**form_data(fb), "receipts": [jpeg()], "submit": "1"})
    claim = ExpenseClaim.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("finance:claims-detail", args=[claim.pk])
    assert claim.status == S.SUBMITTED and claim.receipts.count() == 1 and str(claim.amount) == "320.50"
    detail = client.get(reverse("finance:claims-detail", args=[claim.pk])).content.decode()
    assert "研学实践大巴车费" in detail and reverse("finance:claims-receipt", args=[claim.receipts.get().pk]) in detail


def test_a_refused_claim_comes_back_with_its_message_and_nothing_written(world, fb):
    client = world.client("head_teacher_a")
    response = client.post(reverse("finance:claims-new"), {**form_data(fb, amount="20000.01"), "receipts": [jpeg()],
                                                           "submit": "1"})
    assert response.status_code == 400 and "20,000.00" in response.content.decode()
    response = client.post(reverse("finance:claims-new"), {**form_data(fb, amount="12.345"), "submit": "1"})
    assert response.status_code == 400
    assert not ExpenseClaim.objects.exists()
    # saved as a draft without a receipt, then submitting says a receipt is needed
    response = client.post(reverse("finance:claims-new"), {**form_data(fb), "draft": "1"})
    claim = ExpenseClaim.objects.get()
    assert claim.status == S.DRAFT
    client.post(reverse("finance:claims-step", args=[claim.pk]), {"action": "submit"})
    claim.refresh_from_db()
    assert claim.status == S.DRAFT
    client.post(reverse("finance:claims-receipt-add", args=[claim.pk]), {"receipts": [pdf()]})
    client.post(reverse("finance:claims-step", args=[claim.pk]), {"action": "submit"})
    claim.refresh_from_db()
    assert claim.status == S.SUBMITTED and claim.receipts.count() == 1


def test_a_claimant_sees_only_their_own_claims(world, fb):
    mine = make_claim(world, fb.activity, submit=True)
    theirs = make_claim(world, fb.activity, persona="head_teacher_b", title="家长学校讲义印刷", kind="printing",
                        submit=True)
    client = world.client("head_teacher_a")
    listing = client.get(reverse("finance:claims-mine")).content.decode()
    assert "研学实践大巴车费" in listing and "家长学校讲义印刷" not in listing
    assert client.get(reverse("finance:claims-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("finance:claims-receipt", args=[theirs.receipts.get().pk])).status_code == 404
    assert client.get(reverse("finance:claims-receipt", args=[mine.receipts.get().pk])).status_code == 200
    assert client.get(reverse("finance:claims-queue")).status_code == 404
    for persona in ("parent_x", "student_x", "elder", "admin"):
        other = world.client(persona)
        assert other.get(reverse("finance:claims-detail", args=[mine.pk])).status_code == 404
        assert other.get(reverse("finance:claims-mine")).status_code == 404


def test_the_queues_show_what_waits_for_each(world, fb):
    submitted = make_claim(world, fb.activity, submit=True)
    checked = step(world, make_claim(world, fb.activity, title="重阳节慰问品", kind="materials", submit=True),
                   "check", "finance")
    own = make_claim(world, fb.activity, persona="finance", title="财务自己的报销", kind="printing", submit=True)
    finance = world.client("finance").get(reverse("finance:claims-queue"), {"box": "check"}).content.decode()
    assert submitted.title in finance and "重阳节慰问品" not in finance and own.title not in finance
    director = world.client("director").get(reverse("finance:claims-queue")).content.decode()
    assert "重阳节慰问品" in director and "研学实践大巴车费" not in director
    leader = world.client("leader").get(reverse("finance:claims-queue"), {"box": "approve"}).content.decode()
    assert "重阳节慰问品" not in leader  # a leader approves first only a director's own claim
    step(world, checked, "approve", "director")
    paying = world.client("finance").get(reverse("finance:claims-queue"), {"box": "pay"}).content.decode()
    assert "重阳节慰问品" in paying
    assert world.client("finance").get(reverse("finance:claims-queue"), {"box": "approve"}).status_code == 404


def test_the_lists_queries_do_not_grow_with_their_rows(world, fb):
    def load(persona, url, params=None):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = world.client(persona)
        client.get(url, params or {})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params or {}).status_code == 200
        # a session pushed back after a minute is saved once: not a query of the list
        return [q["sql"] for q in ctx.captured_queries if "django_session" not in q["sql"]]

    make_claim(world, fb.activity, submit=True, receipts=[jpeg(), pdf()])
    small = (load("head_teacher_a", reverse("finance:claims-mine")),
             load("finance", reverse("finance:claims-queue"), {"box": "check"}))
    first = ExpenseClaim.objects.get()
    more = ExpenseClaim.objects.bulk_create([
        ExpenseClaim(school=world.school, claimant=first.claimant, title=f"车费{i}", kind="transport",
                     amount="10", spent_on=DAY, line=fb.activity, status=S.SUBMITTED) for i in range(30)])
    ClaimReceipt.objects.bulk_create([ClaimReceipt(claim=c, file="finance/x.pdf", name="发票.pdf") for c in more])
    large = (load("head_teacher_a", reverse("finance:claims-mine")),
             load("finance", reverse("finance:claims-queue"), {"box": "check"}))
    assert rows_add_no_query(small[0], large[0]) and rows_add_no_query(small[1], large[1])
    assert page_queries(world.client("finance"), reverse("finance:claims-queue"), {"box": "all"}) < 25
