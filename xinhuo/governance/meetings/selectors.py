"""Reads of the meetings part, scoped to the actor (rules.py holds the same conditions as predicates): meetings,
their invitations, action items, series, the menu's question and the home-page panels."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from xinhuo.core.access import STAFF_ROLES, Actor
from xinhuo.core.models import Role, User

from .models import ActionItem, ActionStatus, Invitation, Meeting, MeetingKind, MeetingSeries, MeetingStatus, Reply
from .rules import MANAGE, VIEW, can

INVITABLE_STAFF = STAFF_ROLES - {Role.ADMIN}


def manages(actor: Actor) -> bool:
    return actor.can(MANAGE)


def visible_q(actor: Actor) -> Q:
    """rules.view_meeting as a filter (the actor holds `governance.meetings.view`)."""
    if manages(actor):
        return Q()
    uid = actor.user.pk
    invited = Invitation.objects.filter(user_id=uid).values("meeting_id")
    owns = ActionItem.objects.filter(owner_id=uid).values("meeting_id")
    return (Q(chair_id=uid) | Q(recorder_id=uid)
            | (Q(pk__in=invited) & ~Q(status=MeetingStatus.PLANNED))
            | (Q(pk__in=owns) & ~Q(kind=MeetingKind.LEADING_GROUP)))


def meetings(actor: Actor) -> QuerySet[Meeting]:
    if not actor.can(VIEW):
        raise Http404
    return Meeting.objects.filter(school=actor.school).filter(visible_q(actor))


def _count(qs, by: str = "meeting") -> Coalesce:
    return Coalesce(Subquery(qs.order_by().values(by).annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


def meeting_list(actor: Actor, *, status: str = "", kind: str = "", when: str = "") -> QuerySet[Meeting]:
    """The meetings the actor sees, with the number invited, who said yes, and the actor's own reply (one query)."""
    qs = meetings(actor)
    if status in MeetingStatus.values:
        qs = qs.filter(status=status)
    if kind in MeetingKind.values:
        qs = qs.filter(kind=kind)
    now = timezone.now()
    if when == "coming":
        qs = qs.filter(starts_at__gte=now - dt.timedelta(hours=12)).exclude(status=MeetingStatus.CANCELLED)
    elif when == "past":
        qs = qs.filter(starts_at__lt=now - dt.timedelta(hours=12))
    inv = Invitation.objects.filter(meeting=OuterRef("pk"))
    mine = Invitation.objects.filter(meeting=OuterRef("pk"), user_id=actor.user.pk).values("reply")[:1]
    qs = qs.annotate(n_invited=_count(inv), n_yes=_count(inv.filter(reply=Reply.YES)), my_reply=Subquery(mine))
    qs = qs.select_related("chair", "recorder", "series")
    if when == "coming":
        return qs.order_by("starts_at", "pk")
    return qs.order_by("-starts_at", "-pk")


def meeting_detail(actor: Actor, pk: int) -> Meeting:
    meeting = meetings(actor).select_related("chair", "recorder", "series", "created_by").filter(pk=pk).first()
    if meeting is None or not can(actor, "view_meeting", meeting):
        raise Http404
    return meeting


def managed_meeting(actor: Actor, pk: int) -> Meeting:
    meeting = meeting_detail(actor, pk)
    if not can(actor, "manage_meeting", meeting):
        raise Http404
    return meeting


def invitations(meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("user").order_by("user__full_name", "user__username", "pk")


def my_invitation(actor: Actor, meeting: Meeting) -> Invitation | None:
    return meeting.invitations.filter(user_id=actor.user.pk).first()


def meeting_steps(meeting: Meeting) -> QuerySet:
    return meeting.steps.select_related("by").order_by("at", "pk")


def nav_shown(actor: Actor) -> bool:
    """The menu's entry: the committee, and whoever has an invitation, chairs, minutes or owns an action item
    (one query)."""
    if manages(actor):
        return True
    from ..leading import held  # one query for all of governance's menu entries

    return held(actor)["meetings"]


# --- choices ----------------------------------------------------------------------------------------------------


def invitee_choices(school, kind: str = "") -> QuerySet[User]:
    """Who may be invited: the staff but the administrator, the elders, and for a parents' committee meeting the
    parents."""
    roles = set(INVITABLE_STAFF) | {Role.ELDER}
    if kind == MeetingKind.PARENTS:
        roles.add(Role.PARENT)
    return (User.objects.filter(memberships__school=school, memberships__role__in=roles, is_active=True)
            .distinct().order_by("full_name", "username"))


def invitable_ids(school, kind: str, ids) -> set[int]:
    return set(invitee_choices(school, kind).filter(pk__in=list(ids)).values_list("pk", flat=True))


def staff_choices(school) -> QuerySet[User]:
    """A chair or minute taker: staff but the administrator, or an elder (an elders' forum is often chaired by one)."""
    return invitee_choices(school, "")


def plan_task_choices(actor: Actor):
    """The plan tasks an action item may serve: those the actor sees (the plans app's own scope)."""
    from xinhuo.plans import selectors as plans

    if not actor.can("plans.view"):
        return []
    return plans.api_tasks(actor).select_related(None).only("pk", "title")


def forum_choices(actor: Actor):
    from xinhuo.care.visits import selectors as care

    if not actor.can("forums.view"):
        return []
    return care.forums(actor).order_by("-held_on", "-pk")


def joint_meeting_choices(actor: Actor):
    from xinhuo.community.partners import selectors as community

    return community.meetings(actor).order_by("-held_on", "-pk")


def linked_records(actor: Actor, meeting: Meeting) -> dict:
    """The other app's record of the same meeting, when the actor may open it there."""
    out: dict = {}
    if meeting.forum_id and actor.can("forums.view"):
        out["forum"] = forum_choices(actor).filter(pk=meeting.forum_id).first()
    if meeting.joint_meeting_id:
        out["joint"] = joint_meeting_choices(actor).filter(pk=meeting.joint_meeting_id).first()
    return out


# --- action items -----------------------------------------------------------------------------------------------


def action_items(actor: Actor) -> QuerySet[ActionItem]:
    """Action items the actor sees: the committee all (leading-group ones too: they are the committee); others their
    own and those of meetings they see."""
    if not actor.can(VIEW):
        raise Http404
    qs = ActionItem.objects.filter(school=actor.school)
    if not manages(actor):
        visible = Meeting.objects.filter(school=actor.school).filter(visible_q(actor)).values("pk")
        qs = qs.filter(Q(owner_id=actor.user.pk) | Q(meeting_id__in=visible))
    return qs.select_related("meeting", "owner", "plan_task", "closed_by")


def action_list(actor: Actor, *, scope: str = "mine", status: str = "", today: dt.date | None = None
                ) -> QuerySet[ActionItem]:
    today = today or timezone.localdate()
    qs = action_items(actor)
    if scope == "mine" or not manages(actor):
        qs = qs.filter(owner_id=actor.user.pk)
    if status == "overdue":
        qs = qs.filter(status=ActionStatus.OPEN, due_on__lt=today)
    elif status in ActionStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due_on", "pk")


def action_detail(actor: Actor, pk: int) -> ActionItem:
    item = action_items(actor).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def overdue_items(school, today: dt.date) -> QuerySet[ActionItem]:
    return (ActionItem.objects.filter(school=school, status=ActionStatus.OPEN, due_on__lt=today)
            .exclude(meeting__status=MeetingStatus.CANCELLED).select_related("owner", "meeting"))


def _open_mine(actor: Actor, limit: int = 8) -> list[ActionItem]:
    return list(ActionItem.objects.filter(school=actor.school, owner_id=actor.user.pk, status=ActionStatus.OPEN)
                .exclude(meeting__status=MeetingStatus.CANCELLED).select_related("meeting")
                .order_by("due_on", "pk")[:limit])


def actions_panel(actor: Actor) -> dict | None:
    """Home page: my open action items; for the committee also the overdue ones of the school (two queries)."""
    if not actor.can(VIEW):
        return None
    today = timezone.localdate()
    mine = _open_mine(actor)
    overdue: list[ActionItem] = []
    if manages(actor):
        overdue = list(overdue_items(actor.school, today).order_by("due_on", "pk")[:8])
    if not mine and not overdue:
        return None
    return {"mine": mine, "overdue": overdue, "today": today, "manages": manages(actor)}


def my_tasks_panel(actor: Actor, user=None) -> dict | None:
    """The plans app's "My tasks" page (place my_tasks): my open action items beside my plan tasks (one query)."""
    if not actor.can(VIEW):
        return None
    mine = _open_mine(actor, 50)
    if not mine:
        return None
    return {"mine": mine, "overdue": [], "today": timezone.localdate(), "manages": False}


# --- series -----------------------------------------------------------------------------------------------------


def series_list(actor: Actor) -> QuerySet[MeetingSeries]:
    actor.require(MANAGE)
    nxt = (Meeting.objects.filter(series=OuterRef("pk"), starts_at__gte=timezone.now())
           .exclude(status=MeetingStatus.CANCELLED).order_by("starts_at").values("starts_at")[:1])
    return (MeetingSeries.objects.filter(school=actor.school).select_related("chair")
            .annotate(next_at=Subquery(nxt), n_meetings=_count(Meeting.objects.filter(series=OuterRef("pk")), "series"))
            .order_by("-active", "kind", "pk"))


def series_detail(actor: Actor, pk: int) -> MeetingSeries:
    found = MeetingSeries.objects.filter(school=actor.school, pk=pk).first() if actor.can(MANAGE) else None
    if found is None:
        raise Http404
    return found
