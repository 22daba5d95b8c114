"""What governance work an account holds, asked once per request in one query: whether it sits in the leading group
(领导小组: approves the charter and duties, alone sees accountability records), and whether it has a meeting
(invited, chairing, taking the minutes, owning an action item) or an open rectification item. The menu asks it on
every page, so it is one query whatever the school holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q

from xinhuo.core.models import CommitteeMember, School

from .models import ActionItem, Invitation, Meeting, Rectification, RectificationStatus

if TYPE_CHECKING:
    from xinhuo.core.access import Actor


def held(actor: Actor) -> dict[str, bool]:
    cached = actor.__dict__.get("_governance_held")
    if cached is None:
        uid, school = actor.user.pk, OuterRef("pk")
        row = School.objects.filter(pk=actor.school.pk).values(
            leading=Exists(CommitteeMember.objects.filter(school=school, in_leading_group=True, user_id=uid,
                                                          user__is_active=True)),
            meetings=Exists(Meeting.objects.filter(school=school).filter(
                Q(chair_id=uid) | Q(recorder_id=uid)
                | Q(pk__in=Invitation.objects.filter(user_id=uid).values("meeting_id"))
                | Q(pk__in=ActionItem.objects.filter(owner_id=uid).values("meeting_id")))),
            rectifications=Exists(Rectification.objects.filter(
                school=school, owner_id=uid, status__in=(RectificationStatus.OPEN, RectificationStatus.SUBMITTED))),
        ).first()
        cached = {k: bool(row and row[k]) for k in ("leading", "meetings", "rectifications")}
        actor.__dict__["_governance_held"] = cached
    return cached


def in_leading_group(actor: Actor) -> bool:
    return held(actor)["leading"]
