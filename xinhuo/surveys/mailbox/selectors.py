"""Reads of the feedback mailbox, scoped to the actor (rules.py holds the matching predicates).

The committee (director, leaders) sees every letter of the school; anyone else the letters assigned to them; the
counsellors and the school's safeguarding lead also every flagged letter. A writer sees their own named letters
(never the anonymous ones: nothing links those to them). The public replies page shows no writer, ever."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from xinhuo.core.access import Actor, roles_with
from xinhuo.core.models import Role, User

from ..models import MailboxSettings, Message, MessageStatus

S = MessageStatus
OPEN = (S.RECEIVED, S.ASSIGNED, S.REPLIED)


def mailbox_settings(school) -> MailboxSettings:
    """The school's settings, or the defaults (unsaved) while the committee has not set them."""
    return MailboxSettings.objects.filter(school=school).first() or MailboxSettings(school=school)


def is_committee(actor: Actor) -> bool:
    return actor.can("mailbox.manage")


def is_safeguarding_lead(actor: Actor) -> bool:
    from xinhuo.wellbeing.selectors import safeguarding_lead_id

    return safeguarding_lead_id(actor.school) == actor.user.pk


def sees_flagged(actor: Actor) -> bool:
    return actor.has_role(Role.COUNSELLOR) or is_safeguarding_lead(actor)


def handles(actor: Actor) -> bool:
    """Whether the handlers' pages exist for the actor."""
    return actor.can("mailbox.handle") or is_safeguarding_lead(actor)


def messages(actor: Actor) -> QuerySet[Message]:
    qs = Message.objects.filter(school=actor.school)
    if is_committee(actor):
        return qs
    scope = Q(assignee=actor.user)
    if sees_flagged(actor):
        scope |= Q(flagged=True)
    return qs.filter(scope)


def overdue_q(today=None) -> Q:
    return Q(status=S.ASSIGNED, reply_due__lt=today or timezone.localdate())


def with_overdue(qs: QuerySet[Message]) -> QuerySet[Message]:
    return qs.annotate(is_overdue=Case(When(overdue_q(), then=Value(True)), default=Value(False),
                                       output_field=BooleanField()))


def message_list(actor: Actor, *, status: str = "", box: str = "", overdue: bool = False,
                 flagged: bool = False) -> QuerySet[Message]:
    qs = messages(actor)
    if status:
        qs = qs.filter(status=status)
    if box:
        qs = qs.filter(box=box)
    if overdue:
        qs = qs.filter(overdue_q())
    if flagged:
        qs = qs.filter(flagged=True)
    # the letter's text and the reply are not read for a list (encrypted: decrypting is the list's cost)
    return with_overdue(qs.select_related("assignee").defer("body", "reply")).order_by("-received_on", "-pk")


def message_detail(actor: Actor, pk) -> Message:
    """A letter the actor handles with its steps and the people in them; 404 otherwise."""
    from django.http import Http404

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:  # a key the database cannot hold: no letter (not an overflow error)
        raise Http404
    row = with_overdue(messages(actor).select_related("assignee", "writer").prefetch_related("steps__by")).filter(
        pk=pk).first()
    if row is None:
        raise Http404
    return row


def assignable(actor: Actor) -> QuerySet[User]:
    """The active staff of the school who handle the mailbox, by name."""
    return User.objects.filter(memberships__school=actor.school, memberships__role__in=list(
        roles_with("mailbox.handle")), is_active=True).distinct().order_by("full_name", "username")


def my_messages(actor: Actor) -> QuerySet[Message]:
    return Message.objects.filter(school=actor.school, writer=actor.user, anonymous=False).defer(
        "body").order_by("-received_on", "-pk")


def public_replies(actor: Actor) -> QuerySet[Message]:
    """The replies the committee made public, newest first; the letter's text only where it chose to show it."""
    return Message.objects.filter(school=actor.school, reply_public=True, status__in=(S.REPLIED, S.CLOSED)).only(
        "pk", "school", "box", "subject", "body", "reply", "replied_on", "show_body", "writer_role",
        "status").order_by("-replied_on", "-pk")


def mailbox_panel(actor: Actor) -> dict | None:
    """The home page's figures for those who handle letters: new, assigned to me, overdue, flagged."""
    if not handles(actor):
        return None
    today = timezone.localdate()
    counts = messages(actor).aggregate(
        new=Count("pk", filter=Q(status=S.RECEIVED)),
        mine=Count("pk", filter=Q(status=S.ASSIGNED, assignee=actor.user)),
        overdue=Count("pk", filter=overdue_q(today)),
        flagged=Count("pk", filter=Q(flagged=True, status__in=OPEN)),
    )
    return {**counts, "committee": is_committee(actor), "sees_flagged": sees_flagged(actor) or is_committee(actor)}
