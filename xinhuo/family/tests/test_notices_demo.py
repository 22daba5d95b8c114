"""The demo school's notices and messages tell the autumn term: the head teacher's parents' meeting notice (yes/no,
deadline passed, most families replied), the director's winter safety letter with its form (open, the README
parent has not read it yet), the winter holiday draft, and two threads between the README teacher and parent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.family.notices import selectors, services
from xinhuo.family.notices.models import FamilyMessage, FamilyNotice, FamilyThread, NoticeStatus


@pytest.mark.django_db
def test_the_demo_notices_and_messages():
    build_demo(size="small", password="Demo-Pass-2026")
    teacher = build_actor(User.objects.get(username="teacher"))
    parent = build_actor(User.objects.get(username="parent"))
    notices = {n.title: n for n in FamilyNotice.objects.filter(school=teacher.school)}
    assert {"期中考试家长会通知", "冬季安全告家长书", "寒假放假通知"} <= set(notices)
    meeting, safety, holiday = notices["期中考试家长会通知"], notices["冬季安全告家长书"], notices["寒假放假通知"]
    assert holiday.status == NoticeStatus.DRAFT and meeting.status == safety.status == NoticeStatus.SENT
    assert meeting.sender == teacher.user and meeting.reply_closed and not safety.reply_closed
    figures = selectors.counts(meeting)
    assert figures["total"] == meeting.total > 20 and 0.8 <= figures["read"] / figures["total"] <= 1
    assert 0.6 <= figures["replied"] / figures["total"] < 1 and figures["yes"] > figures["no"]
    whole = selectors.counts(safety)
    assert whole["total"] == safety.total > 300 and 0 < whole["replied"] < whole["read"] < whole["total"]
    for row in safety.recipients.filter(replied_at__isnull=False)[:20]:
        assert [q for q, _a in services.answers_of(safety, row)] == [q["text"] for q in safety.questions]
    # the README parent: the safety letter waits unread with its form; the meeting notice was read
    mine = {n.title: n for n in selectors.my_notices(parent)}
    assert mine["冬季安全告家长书"].unread and not mine["期中考试家长会通知"].unread
    assert "寒假放假通知" not in mine
    assert selectors.parent_panel(parent) == {"unread": 1, "messages": 1}
    threads = list(selectors.thread_list(parent))
    assert len(threads) == 2 and all(t.started_by == teacher.user for t in threads)
    assert FamilyMessage.objects.filter(thread__in=threads, side="family").exists()
    assert list(selectors.thread_list(teacher)) and FamilyThread.objects.count() == 2
    assert all(m.sent_at <= timezone.now() for m in FamilyMessage.objects.all())
    assert selectors.sender_panel(teacher)["notices"][0].title == "期中考试家长会通知"
