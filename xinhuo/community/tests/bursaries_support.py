"""What the bursaries tests share: a donor's fund with money in it, special-group tags (care's models)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from xinhuo.care.groups.services import special_groups_for
from xinhuo.care.models import StudentTag, TagSource
from xinhuo.community.bursaries import services
from xinhuo.community.models import Donor, Fund

DAY = dt.date(2026, 11, 2)


def tag(world, student, code: str = "left_behind") -> StudentTag:
    group = {g.code: g for g in special_groups_for(world.school)}[code]
    return StudentTag.objects.create(school=world.school, student=student, group=group, source=TagSource.HOME_VISIT,
                                     identified_on=DAY, review_on=DAY + dt.timedelta(days=180))


def make_fund(world, *, name: str = "王氏爱心助学金", received: str = "5000", named: bool = True, **rules) -> Fund:
    director = world.actor("director")
    donor = Donor.objects.filter(school=world.school, name="王氏家族").first() or services.donor_save(
        actor=director, kind="person", name="王氏家族", phone="13812340000", named_publicly=named,
        note="退休干部，要求低调")
    fund = services.fund_save(actor=director, donor=donor, name=name, purpose="资助困难学生", **rules)
    if received:
        services.donation_add(actor=director, fund=fund, received_on=DAY, amount=received)
    return fund


def propose(world, fund, student, amount="500", persona: str = "head_teacher_a", reason: str = "父母在外务工"):
    return services.grant_propose(actor=world.actor(persona), fund=fund, student=student, amount=amount,
                                  granted_on=DAY, reason=reason)


def money(text: str) -> Decimal:
    return Decimal(text)
