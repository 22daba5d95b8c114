"""Reads of notices and family messages, scoped to the actor: a sender sees the notices they sent (the committee
every notice of the school), a parent the notices addressed to their family, a thread its parties only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from xinhuo.core.access import Actor
from xinhuo.core.models import Grade, Role, SchoolClass
from xinhuo.people import selectors as people

from . import rules
from .models import FamilyMessage, FamilyNotice, FamilyNoticeRecipient, FamilyThread, NoticeStatus

if TYPE_CHECKING:
    from xinhuo.people.models import Student

OUT = (NoticeStatus.SENDING, NoticeStatus.SENT)


# --- senders ----------------------------------------------------------------------------------------------------


def with_counts(qs: QuerySet[FamilyNotice]) -> QuerySet[FamilyNotice]:
    return qs.annotate(
        read_n=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
        replied_n=Count("recipients", filter=Q(recipients__replied_at__isnull=False)),
    )


def sent_notices(actor: Actor) -> QuerySet[FamilyNotice]:
    actor.require("family.notices.send")
    qs = FamilyNotice.objects.filter(school=actor.school)
    if not rules.sees_all_notices(actor):
        qs = qs.filter(sender=actor.user)
    return qs


def sent_notice_list(actor: Actor, *, status: str = "") -> QuerySet[FamilyNotice]:
    qs = sent_notices(actor)
    if status in NoticeStatus.values:
        qs = qs.filter(status=status)
    return with_counts(qs).select_related("sender").order_by("-created_at", "-id")


def sent_notice(actor: Actor, pk: int) -> FamilyNotice:
    notice = sent_notices(actor).filter(pk=pk).select_related("sender").first()
    if notice is None or not rules.can(actor, "see_receipts", notice):
        raise Http404
    return notice


def own_notice(actor: Actor, pk: int) -> FamilyNotice:
    """A notice the actor sent: only its sender edits, sends or reminds (the committee reads the others)."""
    notice = sent_notices(actor).filter(pk=pk, sender=actor.user).select_related("sender").first()
    if notice is None or not rules.can(actor, "act_on_notice", notice):
        raise Http404
    return notice


def counts(notice: FamilyNotice) -> dict:
    figures = notice.recipients.aggregate(
        total=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False)),
        replied=Count("pk", filter=Q(replied_at__isnull=False)), no_account=Count("pk", filter=Q(accounts=0)),
        yes=Count("pk", filter=Q(agree=True)), no=Count("pk", filter=Q(agree=False)))
    figures["unread"] = figures["total"] - figures["read"]
    figures["not_replied"] = figures["total"] - figures["replied"]
    total = figures["total"] or 1
    figures["read_pct"] = round(figures["read"] * 100 / total)
    figures["replied_pct"] = round(figures["replied"] * 100 / total)
    return figures


FILTERS = ("unread", "no_reply", "read", "replied", "no_account")


def recipients(notice: FamilyNotice, *, show: str = "", school_class: int | None = None) -> QuerySet:
    """The families of a notice with their guardians who have an account (a constant number of queries)."""
    qs = FamilyNoticeRecipient.objects.filter(notice=notice)
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    elif show == "no_reply":
        qs = qs.filter(replied_at__isnull=True)
    elif show == "read":
        qs = qs.filter(read_at__isnull=False)
    elif show == "replied":
        qs = qs.filter(replied_at__isnull=False)
    elif show == "no_account":
        qs = qs.filter(accounts=0)
    if school_class:
        qs = qs.filter(school_class_id=school_class)
    links = (people.guardian_links_of_school(notice.school_id).filter(guardian__user__isnull=False)
             .select_related("guardian")
             .only("student_id", "relation", "is_primary", "guardian__name").order_by("-is_primary", "pk"))
    # only what the list shows: the encrypted columns (a child's ID card and address, phones) are not decrypted
    return (qs.select_related("student", "school_class__grade", "read_by", "replied_by")
            .only("notice_id", "student_id", "school_class_id", "accounts", "read_at", "agree", "answers",
                  "replied_at", "student__name", "student__student_no", "school_class__name",
                  "school_class__number", "school_class__grade__name", "school_class__grade__level",
                  "read_by__username", "read_by__full_name", "replied_by__username", "replied_by__full_name")
            .prefetch_related(Prefetch("student__guardian_links", queryset=links, to_attr="account_links")))


def recipient_classes(notice: FamilyNotice) -> QuerySet[SchoolClass]:
    ids = FamilyNoticeRecipient.objects.filter(notice=notice).values("school_class_id")
    return SchoolClass.objects.filter(pk__in=ids).select_related("grade")


def sender_panel(actor: Actor) -> dict | None:
    """The sender's recent notices with their read rate (dashboard)."""
    if not actor.can("family.notices.send"):
        return None
    recent = list(with_counts(sent_notices(actor).filter(status__in=OUT)).order_by("-created_at", "-id")[:5])
    if not recent:
        return None
    for n in recent:
        n.read_pct = round(n.read_n * 100 / n.total) if n.total else 0  # type: ignore[attr-defined]
    return {"notices": recent}


# --- what a sender may choose ------------------------------------------------------------------------------------


def choosable_classes(actor: Actor) -> QuerySet[SchoolClass]:
    qs = SchoolClass.objects.filter(school=actor.school, graduated_in__isnull=True).select_related("grade")
    if not rules.all_classes(actor):
        qs = qs.filter(pk__in=actor.class_ids)
    return qs


def choosable_grades(actor: Actor) -> QuerySet[Grade]:
    return Grade.objects.filter(school=actor.school)


def choosable_students(actor: Actor) -> QuerySet[Student]:
    return people.enrolled_students_of_school(actor.school).filter(
        school_class__in=choosable_classes(actor)).select_related("school_class__grade")


# --- parents --------------------------------------------------------------------------------------------------------


def my_notices(actor: Actor) -> QuerySet[FamilyNotice]:
    actor.require("family.notices.read")
    mine = FamilyNoticeRecipient.objects.filter(notice=OuterRef("pk"), student_id__in=actor.child_ids)
    return (FamilyNotice.objects.filter(school=actor.school, status__in=OUT)
            .filter(Exists(mine))
            .annotate(unread=Exists(mine.filter(read_at__isnull=True)),
                      unreplied=Exists(mine.filter(replied_at__isnull=True)))
            .order_by("-sent_at", "-id"))


def my_notice(actor: Actor, pk: int) -> FamilyNotice:
    notice = my_notices(actor).filter(pk=pk).select_related("sender").first()
    if notice is None:
        raise Http404
    return notice


def my_rows(actor: Actor, notice: FamilyNotice) -> list[FamilyNoticeRecipient]:
    return list(FamilyNoticeRecipient.objects.filter(notice=notice, student_id__in=actor.child_ids)
                .select_related("student", "school_class__grade", "read_by", "replied_by")
                .order_by("student__pk"))


def parent_panel(actor: Actor) -> dict | None:
    """A parent's unread notices and unread messages (dashboard)."""
    if not actor.has_role(Role.PARENT) or not actor.child_ids:
        return None
    unread = my_notices(actor).filter(unread=True).count()  # type: ignore[misc]
    messages = FamilyMessage.objects.filter(thread__school=actor.school, thread__student_id__in=actor.child_ids,
                                            side=FamilyMessage.Side.SCHOOL, read_at__isnull=True).count()
    return {"unread": unread, "messages": messages}


# --- per-child message threads -----------------------------------------------------------------------------------


def threads(actor: Actor) -> QuerySet[FamilyThread]:
    actor.require("family.messages.view")
    cond = Q(pk__in=[])
    if actor.has_role(Role.HEAD_TEACHER):
        cond |= Q(started_by=actor.user) | Q(student__school_class_id__in=actor.class_ids)
    if actor.has_role(Role.PARENT) and actor.child_ids:
        cond |= Q(student_id__in=actor.child_ids)
    return FamilyThread.objects.filter(school=actor.school).filter(cond)


def thread_list(actor: Actor) -> QuerySet[FamilyThread]:
    parent = actor.has_role(Role.PARENT)
    other = FamilyMessage.Side.SCHOOL if parent and not actor.has_role(Role.HEAD_TEACHER) else FamilyMessage.Side.FAMILY
    return (threads(actor).select_related("student__school_class__grade", "started_by")
            .annotate(unread_n=Count("messages", filter=Q(messages__side=other, messages__read_at__isnull=True)),
                      message_n=Count("messages"))
            .order_by("-last_at", "-id"))


def thread(actor: Actor, pk: int) -> FamilyThread:
    found = threads(actor).filter(pk=pk).select_related("student__school_class__grade", "started_by").first()
    if found is None or not rules.can(actor, "see_thread", found):
        raise Http404
    return found


def thread_messages(found: FamilyThread) -> list[FamilyMessage]:
    return list(found.messages.select_related("author", "read_by"))


def message_students(actor: Actor) -> QuerySet[Student]:
    """The children a head teacher may write to the family of: those of their classes."""
    return people.enrolled_students_of_school(actor.school).filter(
        school_class_id__in=actor.class_ids).select_related("school_class__grade")
