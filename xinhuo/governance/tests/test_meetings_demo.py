"""The demo school's meetings: a monthly series of 关工委例会 since September with approved minutes filed in the
archive, action items mostly closed with notes (two open, one overdue), two leading-group meetings, an elders' forum
and a parents' committee meeting, and the next regular meeting circulated to the README's elder."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.governance.archives.models import ArchiveRecord
from xinhuo.governance.meetings import selectors
from xinhuo.governance.meetings.models import ActionStatus, Meeting, MeetingSeries, MeetingStatus


@pytest.mark.django_db
def test_the_demo_meetings():
    build_demo(size="small", password="Demo-Pass-2026")
    director = build_actor(User.objects.get(username="director"))
    assert director is not None
    school = director.school
    series = MeetingSeries.objects.get(school=school)
    regular = Meeting.objects.filter(series=series)
    today = timezone.localdate()
    for m in regular.filter(status=MeetingStatus.CLOSED):
        day = timezone.localtime(m.starts_at).date()
        assert day < today and m.minutes
        assert ArchiveRecord.objects.filter(source=f"governance.meeting:{m.pk}", category="minutes").exists()
    [coming] = regular.exclude(status=MeetingStatus.CLOSED)
    assert coming.status == MeetingStatus.CIRCULATED and coming.starts_at.date() >= today
    assert set(Meeting.objects.filter(school=school).values_list("kind", flat=True)) >= {
        "regular", "leading", "elders", "parents"}
    assert Meeting.objects.filter(school=school, kind="leading").count() == 2
    items = selectors.action_items(director)
    open_items = items.filter(status=ActionStatus.OPEN)
    assert items.filter(status=ActionStatus.DONE).exclude(closing_note="").count() >= open_items.count()
    assert items.filter(status=ActionStatus.DONE, closing_note="").count() == 0
    assert open_items.filter(due_on__lt=today).count() == (1 if regular.filter(status="closed").count() > 1 else 0)
    elder = build_actor(User.objects.get(username="elder"))
    assert elder is not None and selectors.nav_shown(elder)
    mine = {m.pk: m.my_reply for m in selectors.meeting_list(elder)}  # type: ignore[attr-defined]
    assert mine[coming.pk] == "pending"
    assert Meeting.objects.filter(school=school).count() < 30
