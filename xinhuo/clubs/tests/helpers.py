"""Builders for the clubs tests and the access matrix."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from xinhuo.clubs.models import (
    Club,
    ClubMeeting,
    ClubMembership,
    ClubStatus,
    ClubStep,
    MeetingKind,
    MembershipStatus,
)


def a_club(world, name: str = "书法社", *, status: str = ClubStatus.ACTIVE, elder=True, user=None,
           requested_by: str = "head_teacher_a", capacity: int | None = None, school=None) -> Club:
    """A club advised by the elder persona (周老) by default, or by `user`."""
    club = Club.objects.create(
        school=school or world.school, name=name, status=status, capacity=capacity,
        advisor_elder=world.elder if elder and user is None else None, advisor_user=user,
        requested_by=world.users[requested_by] if school is None else world.users["outsider"])
    ClubStep.objects.create(club=club, to_status=ClubStatus.REQUESTED, by=club.requested_by)
    return club


def a_member(club: Club, student, status: str = MembershipStatus.ACTIVE, role: str = "member") -> ClubMembership:
    return ClubMembership.objects.create(club=club, student=student, status=status, role=role,
                                         joined_at=timezone.now() if status == MembershipStatus.ACTIVE else None)


def a_meeting(club: Club, *, kind: str = MeetingKind.MEETING, days: int = -1, title: str = "临帖练习") -> ClubMeeting:
    """A meeting `days` from now (past by default), an hour long."""
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return ClubMeeting.objects.create(club=club, kind=kind, title=title, starts_at=start,
                                      ends_at=start + dt.timedelta(hours=1), place="书法教室")


def png(name: str = "show.png", size=(40, 30)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def not_an_image(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 this is not a picture", content_type="image/jpeg")
