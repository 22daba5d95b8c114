"""Expense claims' services: every step and its refusals (wrong status, wrong role → 404, one's own claim, the
second approver not the first), overspend and earmark refusals through budgets' check_claim that leave nothing
written, bad amounts and receipts refused with messages, and the notices each step sends to the next actor."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils.translation import override
from PIL import Image

from xinhuo.core.models import Notification
from xinhuo.core.tests.helpers import refused_unchanged
from xinhuo.core.tests.upload_samples import pdf_bytes
from xinhuo.finance.budgets.money import position
from xinhuo.finance.claims import services
from xinhuo.finance.models import ClaimReceipt, ClaimStatus, ClaimStep, ExpenseClaim, FinanceSettings

from .finance_support import CARE_PURPOSE, finance_budget

pytestmark = pytest.mark.django_db
S = ClaimStatus
DAY = dt.date(2026, 10, 12)


def jpeg(name: str = "fapiao.jpg", size=(40, 30)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def pdf(name: str = "发票.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes("fapiao"), content_type="application/pdf")


def make_claim(world, line, amount="320", *, persona="head_teacher_a", kind="transport", title="研学实践大巴车费",
               submit=False, receipts=None, activity=None) -> ExpenseClaim:
    return services.claim_save(actor=world.actor(persona), title=title, kind=kind, amount=amount, spent_on=DAY,
                               line=line, activity=activity, receipts=[jpeg()] if receipts is None else receipts,
                               submit=submit, description="往返两趟")


def step(world, claim, action, persona, **kw) -> ExpenseClaim:
    return services.claim_step(actor=world.actor(persona), claim=claim, action=action, **kw)


def to_checked(world, line, amount="320", persona="head_teacher_a") -> ExpenseClaim:
    claim = make_claim(world, line, amount, persona=persona, submit=True)
    return step(world, claim, "check", "finance")


def snapshot():
    return (list(ExpenseClaim.objects.order_by("pk").values_list("pk", "status", "amount", "approved_by",
                                                                 "second_by", "paid_on")),
            ClaimStep.objects.count(), ClaimReceipt.objects.count())


refused = partial(refused_unchanged, snapshot)


@pytest.fixture
def fb(world):
    return finance_budget(world)


def inbox(world, persona) -> list[str]:
    return list(Notification.objects.filter(recipient=world.users[persona]).values_list("body", flat=True))


def test_a_claim_under_the_threshold_goes_draft_submitted_checked_approved_paid(world, fb):
    claim = make_claim(world, fb.activity)
    assert claim.status == S.DRAFT and claim.receipts.count() == 1
    claim = step(world, claim, "submit", "head_teacher_a")
    assert claim.status == S.SUBMITTED and claim.submitted_at and not claim.needs_second
    assert position(fb.activity).waiting == Decimal("320.00")
    assert inbox(world, "finance")  # finance hears of it
    claim = step(world, claim, "check", "finance", comment="票据齐全")
    assert claim.status == S.CHECKED and claim.checked_by == world.users["finance"]
    assert inbox(world, "director") and not inbox(world, "leader")  # the director approves, not the leader
    claim = step(world, claim, "approve", "director")
    assert claim.status == S.APPROVED and claim.approved_by == world.users["director"] and claim.second_by is None
    pos = position(fb.activity)
    assert pos.waiting == 0 and pos.spent == Decimal("320.00") and pos.balance == Decimal("19680.00")
    claim = step(world, claim, "pay", "finance", payment_reference="网银20261015")
    assert claim.status == S.PAID and claim.paid_on is not None and claim.payment_reference == "网银20261015"
    assert [s.to_status for s in claim.steps.order_by("pk")] == [S.DRAFT, S.SUBMITTED, S.CHECKED, S.APPROVED, S.PAID]
    assert len(inbox(world, "head_teacher_a")) == 2  # approved, paid


def test_above_the_threshold_a_second_approver_who_is_not_the_first(world, fb):
    claim = to_checked(world, fb.activity, "2000.01")
    claim = step(world, claim, "approve", "director")
    assert claim.status == S.FIRST_APPROVED and claim.needs_second
    assert inbox(world, "leader")  # the second approver hears of it
    with override("en"), refused("second approval is another approver's"):
        step(world, claim, "approve", "director")  # the first approver cannot be the second
    claim = step(world, claim, "approve", "leader")
    assert claim.status == S.APPROVED and claim.second_by == world.users["leader"]
    # exactly the threshold needs one approval; the school's own threshold counts
    assert step(world, to_checked(world, fb.activity, "2000"), "approve", "director").status == S.APPROVED
    FinanceSettings.objects.create(school=world.school, second_approval_over=Decimal("500"))
    assert step(world, to_checked(world, fb.activity, "600"), "approve", "director").status == S.FIRST_APPROVED


def test_nobody_checks_or_approves_their_own_claim(world, fb):
    mine = make_claim(world, fb.activity, persona="finance", kind="printing", submit=True)
    with override("en"), refused("another finance officer checks it"):
        step(world, mine, "check", "finance")
    with override("en"), refused("someone else decides"):
        step(world, mine, "return", "finance", comment="改一下")
    # the director's own claim: the director cannot approve it; a leader approves it first
    own = to_checked(world, fb.activity, "300", persona="director")
    with override("en"), refused("nobody approves their own claim"):
        step(world, own, "approve", "director")
    assert step(world, own, "approve", "leader").status == S.APPROVED
    # above the threshold the director (its claimant) cannot be the second approver either
    big = to_checked(world, fb.activity, "3000", persona="director")
    big = step(world, big, "approve", "leader")
    assert big.status == S.FIRST_APPROVED
    with override("en"), refused("nobody approves their own claim"):
        step(world, big, "approve", "director")
    with override("en"), refused("second approval is another approver's"):
        step(world, big, "approve", "leader")


def test_a_step_of_a_role_one_does_not_hold_is_a_404_and_writes_nothing(world, fb):
    claim = make_claim(world, fb.activity, submit=True)
    for persona in ("head_teacher_b", "director", "leader", "head_teacher_a", "counsellor"):
        with refused(exc=Http404):
            step(world, claim, "check", persona)
    claim = step(world, claim, "check", "finance")
    for persona in ("finance", "leader", "head_teacher_b"):  # a leader approves first only a director's claim
        with refused(exc=Http404):
            step(world, claim, "approve", persona)
    with refused(exc=Http404):
        step(world, claim, "submit", "head_teacher_b")  # not theirs
    with refused(exc=Http404):
        services.claim_step(actor=world.actor("outsider"), claim=claim, action="approve")
    claim = step(world, claim, "approve", "director")
    for persona in ("director", "head_teacher_a"):
        with refused(exc=Http404):
            step(world, claim, "pay", persona)


def test_a_step_the_status_does_not_allow_is_refused_with_the_status(world, fb):
    claim = make_claim(world, fb.activity)
    with override("en"), refused("Draft"):
        step(world, claim, "check", "finance")
    claim = step(world, claim, "submit", "head_teacher_a")
    with override("en"), refused("Waiting for finance"):
        step(world, claim, "approve", "director")
    with refused():
        step(world, claim, "pay", "finance")
    with refused():
        step(world, claim, "submit", "head_teacher_a")
    with refused():
        step(world, claim, "fly", "finance")


def test_return_and_reject_need_a_comment_and_the_returned_claim_is_rechecked_on_resubmission(world, fb):
    claim = make_claim(world, fb.activity, "15000", submit=True)
    with override("en"), refused("Say what to change"):
        step(world, claim, "return", "finance")
    claim = step(world, claim, "return", "finance", comment="缺少乘车人员名单")
    assert claim.status == S.RETURNED and "缺少乘车人员名单" in inbox(world, "head_teacher_a")[0]
    assert position(fb.activity).waiting == 0  # a returned claim reserves nothing
    # meanwhile another claim takes most of the line
    other = make_claim(world, fb.activity, "6000", persona="head_teacher_b", submit=True)
    assert other.status == S.SUBMITTED
    services.claim_save(actor=world.actor("head_teacher_a"), claim=claim, title=claim.title, kind=claim.kind,
                        amount="14500", spent_on=DAY, line=fb.activity, description="附名单")
    with refused("14,000.00"):
        step(world, claim, "submit", "head_teacher_a")
    services.claim_save(actor=world.actor("head_teacher_a"), claim=claim, title=claim.title, kind=claim.kind,
                        amount="14000.00", spent_on=DAY, line=fb.activity, receipts=[pdf()])
    claim.refresh_from_db()
    assert claim.amount == Decimal("14000.00") and claim.receipts.count() == 2
    services.claim_save(actor=world.actor("head_teacher_a"), claim=claim, title=claim.title, kind=claim.kind,
                        amount="13000", spent_on=DAY, line=fb.activity)
    claim = step(world, claim, "submit", "head_teacher_a")
    assert claim.status == S.SUBMITTED and position(fb.activity).balance == Decimal("1000.00")
    claim = step(world, claim, "check", "finance")
    with override("en"), refused("Say why"):
        step(world, claim, "reject", "director")
    claim = step(world, claim, "reject", "director", comment="超出活动方案标准")
    assert claim.status == S.REJECTED and position(fb.activity).waiting == Decimal("6000.00")


def test_overspending_a_line_is_refused_and_nothing_is_written(world, fb):
    make_claim(world, fb.activity, "19000", submit=True)
    with refused("1,000.00"):
        make_claim(world, fb.activity, "1000.01", persona="head_teacher_b", submit=True)  # the draft neither
    draft = make_claim(world, fb.activity, "1000.01", persona="head_teacher_b")
    with refused("1,000.00"):
        step(world, draft, "submit", "head_teacher_b")
    assert ExpenseClaim.objects.get(pk=draft.pk).status == S.DRAFT
    assert step(world, draft, "withdraw", "head_teacher_b").status == S.WITHDRAWN
    assert make_claim(world, fb.activity, "1000", persona="head_teacher_b", submit=True).status == S.SUBMITTED
    assert position(fb.activity).balance == 0


def test_an_earmarked_line_takes_only_its_kinds(world, fb):
    with refused(CARE_PURPOSE):
        make_claim(world, fb.care, "300", kind="printing", title="慰问宣传单印刷", submit=True)
    assert not ExpenseClaim.objects.exists()
    claim = make_claim(world, fb.care, "300", kind="gifts", title="重阳节慰问品", submit=True)
    assert claim.status == S.SUBMITTED
    with refused(fb.aid.earmark_purpose):
        make_claim(world, fb.aid, "300", kind="materials", title="学习用品", submit=True)


def test_a_claim_needs_a_receipt_to_be_submitted(world, fb):
    claim = make_claim(world, fb.activity, receipts=[])
    with override("en"), refused("receipt"):
        step(world, claim, "submit", "head_teacher_a")
    services.receipts_add(actor=world.actor("head_teacher_a"), claim=claim, receipts=[pdf()])
    assert step(world, claim, "submit", "head_teacher_a").status == S.SUBMITTED
    with refused():  # a submitted claim's receipts stay as they are
        services.receipts_add(actor=world.actor("head_teacher_a"), claim=claim, receipts=[jpeg()])
    with refused():
        services.receipt_remove(actor=world.actor("head_teacher_a"), receipt=claim.receipts.get())
    with refused(exc=Http404):
        services.receipts_add(actor=world.actor("head_teacher_b"), claim=claim, receipts=[jpeg()])


@pytest.mark.parametrize("amount", ["", "abc", "-5", "0", "0.00", "1.234", "NaN", "Infinity", "1e400", "1000000.01",
                                    "¥20"])
def test_bad_amounts_are_refused_with_a_message(world, fb, amount):
    with pytest.raises(ValidationError) as exc:
        make_claim(world, fb.activity, amount)
    assert set(exc.value.message_dict) == {"amount"}
    assert not ExpenseClaim.objects.exists()


def test_good_amounts_are_kept_exactly(world, fb):
    assert make_claim(world, fb.activity, "268.5").amount == Decimal("268.50")
    assert make_claim(world, fb.activity, "1,268.50").amount == Decimal("1268.50")
    assert make_claim(world, fb.activity, "0.01").amount == Decimal("0.01")
    assert make_claim(world, fb.activity, "3.100").amount == Decimal("3.10")


def test_other_bad_input_is_refused_by_field(world, fb):
    with pytest.raises(ValidationError) as exc:
        services.claim_save(actor=world.actor("head_teacher_a"), title="", kind="jewels", amount="10",
                            spent_on=dt.date(2030, 1, 1), line=None, description="x" * 2001)
    assert set(exc.value.message_dict) == {"title", "kind", "spent_on", "line", "description"}
    with pytest.raises(ValidationError) as exc:  # before the budget's school year
        services.claim_save(actor=world.actor("head_teacher_a"), title="去年的车费", kind="transport", amount="10",
                            spent_on=dt.date(2026, 8, 20), line=fb.activity, receipts=[jpeg()])
    assert set(exc.value.message_dict) == {"spent_on"}
    draft = finance_budget(world, year=_next_year(world), approved=False, title="下一学年预算")
    with pytest.raises(ValidationError) as exc:  # another year's (unapproved) line
        make_claim(world, draft.activity)
    assert set(exc.value.message_dict) == {"line"}
    assert not ExpenseClaim.objects.exists()


def _next_year(world):
    from xinhuo.core.models import SchoolYear

    return SchoolYear.objects.create(school=world.school, name="2027-2028学年", start=dt.date(2027, 9, 1),
                                     end=dt.date(2028, 7, 15))


def test_receipts_are_checked_by_content_and_limited(world, fb):
    fake = SimpleUploadedFile("fapiao.jpg", b"this is not a picture at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        make_claim(world, fb.activity, receipts=[jpeg(), fake])
    assert set(exc.value.message_dict) == {"receipts"} and "fapiao.jpg" in exc.value.message_dict["receipts"][0]
    fake_pdf = SimpleUploadedFile("发票.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        make_claim(world, fb.activity, receipts=[fake_pdf])
    exe = SimpleUploadedFile("发票.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        make_claim(world, fb.activity, receipts=[exe])
    big = SimpleUploadedFile("big.pdf", pdf_bytes() + b"%" * (services.RECEIPT_MAX_BYTES + 1))
    with pytest.raises(ValidationError):
        make_claim(world, fb.activity, receipts=[big])
    with pytest.raises(ValidationError):
        make_claim(world, fb.activity, receipts=[jpeg(f"{i}.jpg") for i in range(services.RECEIPTS_MAX + 1)])
    assert not ExpenseClaim.objects.exists() and not ClaimReceipt.objects.exists()
    # a photo named .png that is a JPEG is kept as the JPEG it is; a PDF keeps its name for the download
    claim = make_claim(world, fb.activity, receipts=[jpeg("收据.png"), pdf()])
    names = sorted(r.file.name.rsplit(".", 1)[1] for r in claim.receipts.all())
    assert names == ["jpg", "pdf"]
    assert sorted(claim.receipts.values_list("name", flat=True)) == ["发票.pdf", "收据.png"]


def test_withdraw_before_the_approval_only_and_only_by_the_claimant(world, fb):
    claim = make_claim(world, fb.activity, "2500", submit=True)
    claim = step(world, step(world, claim, "check", "finance"), "approve", "director")
    assert claim.status == S.FIRST_APPROVED
    with refused(exc=Http404):
        step(world, claim, "withdraw", "finance")
    assert step(world, claim, "withdraw", "head_teacher_a").status == S.WITHDRAWN
    assert position(fb.activity).waiting == 0
    done = step(world, to_checked(world, fb.activity), "approve", "director")
    with refused():
        step(world, done, "withdraw", "head_teacher_a")


def test_only_the_claimant_edits_and_only_a_draft_or_returned_claim(world, fb):
    claim = make_claim(world, fb.activity, submit=True)
    args = {"title": "改", "kind": "transport", "amount": "1", "spent_on": DAY, "line": fb.activity}
    with refused():
        services.claim_save(actor=world.actor("head_teacher_a"), claim=claim, **args)
    with refused(exc=Http404):
        services.claim_save(actor=world.actor("finance"), claim=claim, **args)
