"""The demo school's bursaries (爱心助学) in the autumn term: three funds — a local company's, the alumni
association's and a retired cadre's who asked not to be named (爱心人士) — with their donations since September, and
about fifteen grants to students of the special groups (read through care's selectors): most paid, some approved and
waiting for finance, one waiting for the director's approval (proposed by the README's head teacher when their class
has a tagged student) and one returned for changes. The second school has none. Deterministic, bulk-written."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from xinhuo.core.models import Membership, Role, User

from .models import Donation, Donor, DonorKind, Fund, Grant, GrantStatus, GrantStep

FUNDS = [
    # donor, kind, named publicly, contact, fund, purpose, groups, grades, max per student and year, donations
    ("县鑫达建材有限公司", DonorKind.ORGANISATION, True, "刘经理", "鑫达爱心助学金",
     "资助父母外出务工的留守儿童和家庭经济困难的学生，用于学习用品、校服和交通费用。", ["left_behind", "low_income"],
     (None, None), Decimal("1000"),
     [(dt.date(2026, 9, 5), Decimal("20000")), (dt.date(2026, 11, 20), Decimal("10000"))]),
    ("薪火实验中学校友会", DonorKind.ORGANISATION, True, "陈会长", "校友励志奖助金",
     "校友会捐资设立，奖励品学兼优、家庭困难的初中学生，鼓励他们自强不息。", [], (7, 9), Decimal("800"),
     [(dt.date(2026, 9, 10), Decimal("8000")), (dt.date(2026, 10, 15), Decimal("5000")),
      (dt.date(2026, 12, 1), Decimal("3000"))]),
    ("王建国", DonorKind.PERSON, False, "", "夕阳红爱心助学金",
     "一位退休老干部个人捐资，资助单亲家庭和残疾学生安心上学。捐资人不愿透露姓名。", ["single_parent", "disability"],
     (None, None), Decimal("600"), [(dt.date(2026, 9, 1), Decimal("6000"))]),
]
REASONS = {
    "left_behind": ["父母常年在外务工，由年迈的祖父母照顾，学习用品和冬衣缺乏。",
                    "父母在外省打工，家中收入不稳定，孩子住校生活费紧张。"],
    "low_income": ["家庭为低保户，父亲因病不能劳动，孩子学习刻苦。", "家中种植收入微薄，兄妹三人同时上学，负担较重。"],
    "single_parent": ["单亲家庭，母亲独自抚养两个孩子，收入有限。", "父亲去世后由母亲一人务工供养，生活困难。"],
    "disability": ["孩子有肢体残疾，需要长期康复训练，家庭开支较大。"],
}
ALUMNI_REASON = "品学兼优，家中今年遭遇变故，经济一时困难。"
AMOUNTS = [Decimal("500"), Decimal("600"), Decimal("800")]


def _tagged(director: User) -> dict[int, tuple[Any, list[str]]]:
    """Students with an open special-group tag, read through care's selectors as the director sees them."""
    from xinhuo.care.groups import selectors as care
    from xinhuo.care.models import TagStatus
    from xinhuo.core.access import build_actor

    actor = build_actor(director)
    if actor is None or not actor.can("special_groups.view"):
        return {}
    out: dict[int, tuple[Any, list[str]]] = {}
    for tag in care.tags(actor).exclude(status=TagStatus.CLOSED).order_by("student_id", "group__order"):
        out.setdefault(tag.student_id, (tag.student, []))[1].append(tag.group.code)
    return out


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    from xinhuo.care.groups.services import special_groups_for
    from xinhuo.people.models import Student

    school, today, director = ctx.school, ctx.today, ctx.director
    rng = random.Random(f"bursaries-{school.code}")
    names = dict(special_groups_for(school).values_list("code", "name"))
    users = {m.role: m.user for m in Membership.objects.filter(school=school, role__in=[Role.LEADER, Role.FINANCE])
             .select_related("user").order_by("pk")}
    leader, finance = users.get(Role.LEADER), users.get(Role.FINANCE)
    head_teacher = dict(Membership.classes.through.objects.filter(
        membership__school=school, membership__role=Role.HEAD_TEACHER).values_list("schoolclass_id",
                                                                                    "membership__user_id"))
    readme_teacher = User.objects.filter(username="teacher").first()
    now = timezone.now()

    donors = Donor.objects.bulk_create([
        Donor(school=school, kind=kind, name=name, contact_person=contact, named_publicly=named,
              phone=f"139{rng.randint(10000000, 99999999)}", created_by=director,
              note="捐资人为退休老干部，要求不公开姓名。" if not named else "")
        for name, kind, named, contact, *_rest in FUNDS])
    funds = Fund.objects.bulk_create([
        Fund(school=school, donor=donor, name=row[4], purpose=row[5], group_codes=row[6], grade_min=row[7][0],
             grade_max=row[7][1], max_per_student_year=row[8], created_by=director)
        for donor, row in zip(donors, FUNDS, strict=True)])
    Donation.objects.bulk_create([
        Donation(fund=fund, received_on=day, amount=amount, reference=f"HK{day:%Y%m%d}{i + 1:02d}",
                 recorded_by=director)
        for i, (fund, row) in enumerate(zip(funds, FUNDS, strict=True)) for day, amount in row[9]])

    tagged = _tagged(director)
    # the README's head teacher's class first, so that they have a pending and a returned grant to follow
    order = sorted(tagged, key=lambda pk: (head_teacher.get(tagged[pk][0].school_class_id) != getattr(
        readme_teacher, "pk", None), pk))
    plans: list[tuple[Fund, Any, str, list[str]]] = []
    used: set[int] = set()
    for fund, row in zip(funds, FUNDS, strict=True):
        wanted = 7 if fund is funds[0] else 4
        for pk in order:
            student, codes = tagged[pk]
            level = student.school_class.grade.level if student.school_class_id else None
            fits_groups = not row[6] or set(codes) & set(row[6])
            fits_grade = row[7][0] is None or (level is not None and row[7][0] <= level <= row[7][1])
            if pk in used or not fits_groups or not fits_grade:
                continue
            used.add(pk)
            code = next((c for c in codes if c in REASONS), "low_income")
            plans.append((fund, student, rng.choice(REASONS[code]) if row[6] else ALUMNI_REASON, codes))
            if sum(1 for p in plans if p[0] is fund) >= wanted:
                break
    # the demo parent's child: a grant of the alumni fund (no special group), so that the family sees it
    child = (Student.objects.filter(school=school, guardian_links__guardian__user__username="parent")
             .select_related("school_class__grade").order_by("pk").first())
    if (child is not None and child.pk not in used and child.school_class_id
            and 7 <= child.school_class.grade.level <= 9):
        plans.append((funds[1], child, ALUMNI_REASON, []))

    grants, steps = [], []
    pending_done = returned_done = False
    for i, (fund, student, reason, codes) in enumerate(plans):
        proposer_id = head_teacher.get(student.school_class_id) or director.pk
        day = dt.date(2026, 9, 20) + dt.timedelta(days=(i * 6) % 70)
        status = GrantStatus.PAID if day < today - dt.timedelta(days=20) else GrantStatus.APPROVED
        mine = readme_teacher is not None and proposer_id == readme_teacher.pk
        if not pending_done and (mine or i == len(plans) - 3) and child is not student:
            status, day, pending_done = GrantStatus.APPLIED, today - dt.timedelta(days=2), True
        elif not returned_done and (mine or i == len(plans) - 2) and child is not student:
            status, day, returned_done = GrantStatus.RETURNED, today - dt.timedelta(days=5), True
        amount = min(AMOUNTS[i % len(AMOUNTS)], fund.max_per_student_year or AMOUNTS[-1])
        grant = Grant(school=school, fund=fund, student=student, grade_level=student.school_class.grade.level,
                      amount=amount, granted_on=day, reason=reason,
                      groups_snapshot="、".join(names.get(c, c) for c in codes), status=status,
                      proposed_by_id=proposer_id, paid_on=day + dt.timedelta(days=7) if status == GrantStatus.PAID
                      else None, created_at=now - dt.timedelta(days=(today - day).days))
        grants.append(grant)
    Grant.objects.bulk_create(grants)
    approver = director
    for grant in grants:
        at = dt.datetime.combine(grant.granted_on, dt.time(9), tzinfo=dt.UTC)
        checker = leader if grant.proposed_by_id == director.pk and leader is not None else approver
        steps.append(GrantStep(grant=grant, from_status="", to_status=GrantStatus.APPLIED, by_id=grant.proposed_by_id,
                               at=at))
        if grant.status == GrantStatus.RETURNED:
            steps.append(GrantStep(grant=grant, from_status=GrantStatus.APPLIED, to_status=GrantStatus.RETURNED,
                                   by=checker, at=at + dt.timedelta(days=1),
                                   comment="请补充家访情况和家庭收入说明后再提交。"))
        if grant.status in (GrantStatus.APPROVED, GrantStatus.PAID):
            steps.append(GrantStep(grant=grant, from_status=GrantStatus.APPLIED, to_status=GrantStatus.APPROVED,
                                   by=checker, at=at + dt.timedelta(days=2), comment="同意。"))
        if grant.status == GrantStatus.PAID:
            steps.append(GrantStep(grant=grant, from_status=GrantStatus.APPROVED, to_status=GrantStatus.PAID,
                                   by=finance, at=at + dt.timedelta(days=7)))
    GrantStep.objects.bulk_create(steps)
