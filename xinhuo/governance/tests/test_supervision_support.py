"""What the supervision tests share (no tests here): an inspection, a rectification item owned by head teacher A, the
leading group with the leader in it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinhuo.core.models import CommitteeMember
from xinhuo.governance.models import Rectification
from xinhuo.governance.supervision import services


def today() -> dt.date:
    return timezone.localdate()


def make_inspection(world, *, title: str = "本学期关工委工作自查", kind: str = "self", held_on=None):
    return services.inspection_save(actor=world.actor("director"), kind=kind, title=title,
                                    held_on=held_on or today() - dt.timedelta(days=20),
                                    inspectors="关工委领导小组")


def make_item(world, inspection=None, *, owner: str = "head_teacher_a", due_in: int = 10,
              problem: str = "例会记录不完整") -> Rectification:
    inspection = inspection or make_inspection(world)
    return services.rectification_add(actor=world.actor("director"), inspection=inspection, problem=problem,
                                      measure="补齐本学期例会记录并归档", owner=world.users[owner],
                                      due_on=today() + dt.timedelta(days=due_in))


def overdue(item: Rectification, days: int = 3) -> Rectification:
    Rectification.objects.filter(pk=item.pk).update(due_on=today() - dt.timedelta(days=days))
    item.refresh_from_db()
    return item


def put_in_leading_group(world, persona: str = "leader") -> None:
    CommitteeMember.objects.filter(pk=world.committee_member.pk).update(user=world.users[persona])
