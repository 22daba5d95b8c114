"""Access-matrix cases of donors, funds, grants to students and the accountability report (COM-3).

The committee (director, leader) keeps donors and funds and approves; finance reads everything and pays; head
teachers see the funds and their classes' grants and propose; a parent sees their own child's granted bursaries on
their own page; students, elders, the counsellor and the administrator see nothing (404). The outsider is a
director of another school: the lists of their own school open, this school's records are 404. The grant of
student_x (class A, approved) is head teacher A's, not B's."""

from __future__ import annotations

from decimal import Decimal

from xinhuo.core.tests.matrix import Case, k

COMMITTEE = {"director", "leader"}
READ = COMMITTEE | {"finance"}
VIEW = READ | {"head_teacher_a", "head_teacher_b"}
PROPOSE = COMMITTEE | {"head_teacher_a", "head_teacher_b"}
OWN_SCHOOL = {"outsider"}  # their own school's lists


def fund(w, e=None):
    from xinhuo.community.models import Donation, Donor, Fund

    found = Fund.objects.filter(school=w.school, name="测试助学金").first()
    if found:
        return found.pk
    donor = Donor.objects.create(school=w.school, name="测试爱心企业", kind="organisation", named_publicly=False,
                                 phone="13800001111")
    made = Fund.objects.create(school=w.school, donor=donor, name="测试助学金", purpose="资助困难学生")
    Donation.objects.create(fund=made, received_on=w.year.start, amount=Decimal("5000"))
    return made.pk


def donor(w, e=None):
    from xinhuo.community.models import Fund

    return Fund.objects.get(pk=fund(w)).donor_id


def receipt(w, e=None):
    from django.core.files.base import ContentFile

    from xinhuo.community.models import Donation

    found = Donation.objects.filter(fund_id=fund(w)).exclude(receipt="").first()
    if found:
        return found.pk
    made = Donation(fund_id=fund(w), received_on=w.year.start, amount=Decimal("100"), receipt_name="回执.pdf")
    made.receipt.save("receipt.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    made.save()
    return made.pk


def grant_x(w, e=None):
    from xinhuo.community.models import Grant, GrantStatus

    found = Grant.objects.filter(student=w.student_x).first()
    if found:
        return found.pk
    return Grant.objects.create(school=w.school, fund_id=fund(w), student=w.student_x, grade_level=7,
                                amount=Decimal("500"), granted_on=w.year.start, reason="家庭困难",
                                status=GrantStatus.APPROVED, proposed_by=w.users["head_teacher_a"]).pk


F = k(pk=fund)
G = k(pk=grant_x)

CASES: list = [
    Case("community:bursaries-home", VIEW | OWN_SCHOOL),
    Case("community:bursaries-mine", {"parent_x"}),
    Case("community:bursaries-fund-new", COMMITTEE | OWN_SCHOOL),
    Case("community:bursaries-fund-new", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"name": ""}),
    Case("community:bursaries-fund", VIEW, kwargs=F),
    Case("community:bursaries-fund-edit", COMMITTEE, kwargs=F),
    Case("community:bursaries-donation-add", COMMITTEE, ok=302, method="post", kwargs=F, data={"amount": ""}),
    Case("community:bursaries-report", READ, kwargs=F),
    Case("community:bursaries-report-xlsx", READ, kwargs=F),
    Case("community:bursaries-donor-report", READ, kwargs=F),
    Case("community:bursaries-donor-report-xlsx", READ, kwargs=F),
    Case("community:bursaries-donor-letter", READ, kwargs=F),
    Case("community:bursaries-donation-receipt", READ, kwargs=k(pk=receipt)),
    Case("community:bursaries-donors", READ | OWN_SCHOOL),
    Case("community:bursaries-donor-new", COMMITTEE | OWN_SCHOOL),
    Case("community:bursaries-donor-new", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"name": ""}),
    Case("community:bursaries-donor-edit", COMMITTEE, kwargs=k(pk=donor)),
    Case("community:bursaries-grants", VIEW | OWN_SCHOOL),
    Case("community:bursaries-grant-new", PROPOSE | OWN_SCHOOL),
    Case("community:bursaries-grant-new", PROPOSE | OWN_SCHOOL, ok=400, method="post", data={"amount": ""}),
    Case("community:bursaries-grant", READ | {"head_teacher_a"}, kwargs=G),
    # paying is finance's: the committee and head teacher A see the grant but cannot take the step
    Case("community:bursaries-grant-step", {"finance"}, ok=302, method="post", kwargs=G, data={"action": "pay"}),
    # -- API
    Case("api:bursaries-donor-list", READ | OWN_SCHOOL, api=True),
    Case("api:bursaries-donor-list", COMMITTEE | OWN_SCHOOL, ok=400, method="post", api=True),
    Case("api:bursaries-donor-detail", READ, kwargs=k(pk=donor), api=True),
    Case("api:bursaries-fund-list", VIEW | OWN_SCHOOL, api=True),
    Case("api:bursaries-fund-detail", VIEW, kwargs=F, api=True),
    Case("api:bursaries-fund-donor-report", READ, kwargs=F, api=True),
    Case("api:bursaries-grant-list", VIEW | OWN_SCHOOL | {"parent_x"}, api=True),
    Case("api:bursaries-grant-list", PROPOSE | OWN_SCHOOL, ok=400, method="post", api=True),
    Case("api:bursaries-grant-detail", READ | {"head_teacher_a", "parent_x"}, kwargs=G, api=True),
    Case("api:bursaries-grant-step", READ | {"head_teacher_a"}, ok=400, method="post", kwargs=G, api=True),
]
