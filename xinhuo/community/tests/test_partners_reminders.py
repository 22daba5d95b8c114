"""The daily agreement reminders: the committee is told once when an agreement has 30 days or fewer left and once
when it has expired; a second run the same day sends nothing; renewed or terminated agreements are left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from xinhuo.community.partners import reminders
from xinhuo.community.partners.models import Agreement, AgreementStatus
from xinhuo.community.partners.tasks import agreement_reminders_task
from xinhuo.core.models import Notification

from .partners_support import agreement, partner

pytestmark = pytest.mark.django_db


def _notices(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def test_the_committee_is_told_once_thirty_days_before_and_once_on_expiry(world):
    today = timezone.localdate()
    a = agreement(world, partner(world), ends_in=45, title="馆校共建协议")
    director, leader, teacher = world.users["director"], world.users["leader"], world.users["head_teacher_a"]

    assert reminders.send_all(today)[world.school.code] == []  # 45 days left: nothing yet
    day = a.ends_on - dt.timedelta(days=30)
    sent = reminders.send_all(day)[world.school.code]
    assert sent == [f"partners:agreement:{a.pk}:soon:{a.ends_on.isoformat()}"]
    assert len(_notices(director)) == 1 and len(_notices(leader)) == 1 and _notices(teacher) == []
    assert "馆校共建协议" in _notices(director)[0]
    # the same day again (a second server, a restart), and the next days: nothing more
    assert reminders.send_all(day)[world.school.code] == []
    assert reminders.send_all(day + dt.timedelta(days=1))[world.school.code] == []
    assert reminders.send_all(a.ends_on)[world.school.code] == []  # its last day: still in force
    a.refresh_from_db()
    assert a.status == AgreementStatus.IN_FORCE

    after = a.ends_on + dt.timedelta(days=1)
    assert reminders.send_all(after)[world.school.code] == [f"partners:agreement:{a.pk}:ended:{a.ends_on.isoformat()}"]
    assert reminders.send_all(after)[world.school.code] == []
    a.refresh_from_db()
    assert a.status == AgreementStatus.EXPIRED
    assert len(_notices(director)) == 2


def test_renewed_and_terminated_agreements_are_not_reminded(world):
    p = partner(world)
    renewed = agreement(world, p, ends_in=10)
    ended = agreement(world, p, ends_in=10, title="另一份")
    Agreement.objects.filter(pk=renewed.pk).update(status=AgreementStatus.RENEWED)
    Agreement.objects.filter(pk=ended.pk).update(status=AgreementStatus.TERMINATED)
    assert reminders.send_all()[world.school.code] == []
    assert reminders.send_all(timezone.localdate() + dt.timedelta(days=11))[world.school.code] == []


def test_the_daily_job_runs_twice_a_day_safely_and_each_school_hears_of_its_own(world):
    mine = agreement(world, partner(world), ends_in=12)
    theirs = agreement(world, partner(world, school=world.other), ends_in=5)
    first = agreement_reminders_task.enqueue().return_value
    second = agreement_reminders_task.enqueue().return_value
    assert first is not None
    assert first[world.school.code] == [f"partners:agreement:{mine.pk}:soon:{mine.ends_on.isoformat()}"]
    assert first[world.other.code] == [f"partners:agreement:{theirs.pk}:soon:{theirs.ends_on.isoformat()}"]
    assert second == {world.school.code: [], world.other.code: []}
    assert len(_notices(world.users["outsider"])) == 1 and len(_notices(world.users["director"])) == 1


def test_the_job_is_a_daily_job_of_the_manifest():
    from xinhuo.core.registry import daily_jobs

    assert "xinhuo.community.partners.tasks.agreement_reminders_task" in daily_jobs()
