"""The demo's clubs: the plans' clubs with elder and teacher advisors, members, meetings with attendance, one
showcase credited on the growth record, and something for each named account."""

from __future__ import annotations

from django.utils import timezone

from xinhuo.care.models import GrowthEntry, GrowthKind
from xinhuo.clubs.demo import build_clubs
from xinhuo.clubs.models import ClubAttendance, ClubMeeting, ClubMembership, ClubStatus, MeetingKind


def test_the_demo_clubs(world):
    clubs = build_clubs(world.school, timezone.localdate(), world.users["director"])
    by_name = {c.name: c for c in clubs}
    assert {"书法社", "红色宣讲团", "科技创新社", "文学社", "摄影社", "环保社"} <= set(by_name)
    assert by_name["辩论社"].status == ClubStatus.REQUESTED and by_name["非遗剪纸社"].status == ClubStatus.RETURNED
    assert sum(c.status == ClubStatus.ACTIVE for c in clubs) == 6
    assert by_name["红色宣讲团"].advisor_elder == world.elder
    assert by_name["文学社"].advisor_user == world.users["head_teacher_a"]
    active = ClubMembership.objects.filter(status="active")
    assert active.filter(club=by_name["红色宣讲团"], student=world.student_x).exists()
    assert active.filter(club=by_name["文学社"], student=world.student_x).exists()
    show = ClubMeeting.objects.get(kind=MeetingKind.SHOWCASE)
    present = ClubAttendance.objects.filter(meeting=show, present=True).count()
    assert present and GrowthEntry.objects.filter(kind=GrowthKind.CLUB).count() == present
    assert all(c.steps.exists() for c in clubs)
    # the leader reviews the debate club, which the head teacher asked for
    assert world.client("leader").get(f"/clubs/{by_name['辩论社'].pk}/review/").status_code == 200
