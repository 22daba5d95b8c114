"""Reads of the partners part, already scoped to the actor's school and role. A record of another school, or one
the role may not read, is a 404 (get_object_or_404 on the scoped queryset)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.access import Actor
from xinhuo.core.masking import mask_phone

from .models import (
    ActivityBase,
    Agreement,
    AgreementStatus,
    FollowUp,
    JointMeeting,
    Partner,
    PartnerContact,
    PartnerStatus,
    Resource,
    ResourceKind,
    ResourceStatus,
)

COMMITTEE_CAP = "community.partners.manage"
SOON_DAYS = 60


def sees_phones(actor: Actor) -> bool:
    """Only the committee reads a partner contact's phone in full."""
    return actor.can(COMMITTEE_CAP)


def shown_phone(actor: Actor, phone: str) -> str:
    return phone if sees_phones(actor) else mask_phone(phone)


def _search_q(q: str) -> Q:
    q = q.strip()
    found = Q(name__icontains=q)
    if q.isascii() and q.isalpha():
        found |= Q(name_initials__contains=q.lower())
    return found


# --- partners ------------------------------------------------------------------------------------------------------


def partners(actor: Actor) -> QuerySet[Partner]:
    if not actor.can("community.partners.view"):
        return Partner.objects.none()
    return Partner.objects.filter(school=actor.school)


def partner_list(actor: Actor, *, q: str = "", kind: str = "", status: str = "", base: bool = False
                 ) -> QuerySet[Partner]:
    qs = partners(actor)
    if q:
        qs = qs.filter(_search_q(q) | Q(offers__icontains=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if base:
        qs = qs.filter(is_base=True)
    # a correlated subquery rather than a join and GROUP BY: only the page's rows are counted, and the list's
    # COUNT stays a plain one
    links = (ActivityBase.objects.filter(partner=OuterRef("pk")).order_by().values("partner")
             .annotate(n=Count("pk")).values("n"))
    return qs.annotate(activity_count=Coalesce(Subquery(links), 0)).order_by("name", "pk")


def partner_detail(actor: Actor, pk: int) -> Partner:
    return get_object_or_404(partners(actor).prefetch_related(
        Prefetch("contacts", queryset=PartnerContact.objects.order_by("pk"))), pk=pk)


def partner_contacts(actor: Actor, partner: Partner) -> list[dict]:
    return [{"contact": c, "phone": shown_phone(actor, c.phone)} for c in partner.contacts.all()]


def partner_activities(actor: Actor, partner: Partner, limit: int = 50):
    """The activities held at a partner that the actor may see (through the activities app's own scope)."""
    from xinhuo.activities import selectors as activities_selectors

    ids = ActivityBase.objects.filter(partner=partner).values("activity_id")
    return list(activities_selectors.activities(actor).filter(pk__in=ids).order_by("-starts_at", "-pk")[:limit])


def partner_choices(actor: Actor, *, active_only: bool = True) -> QuerySet[Partner]:
    qs = partners(actor)
    if active_only:
        qs = qs.exclude(status=PartnerStatus.ENDED)
    return qs.order_by("name", "pk")


# --- agreements and meetings (the committee's) ---------------------------------------------------------------------


def agreements(actor: Actor) -> QuerySet[Agreement]:
    if not actor.can(COMMITTEE_CAP):
        return Agreement.objects.none()
    return Agreement.objects.filter(school=actor.school)


def agreement_list(actor: Actor, *, status: str = "", expiring: bool = False, partner: int | None = None
                   ) -> QuerySet[Agreement]:
    qs = agreements(actor)
    if status:
        qs = qs.filter(status=status)
    if expiring:
        today = timezone.localdate()
        qs = qs.filter(status=AgreementStatus.IN_FORCE, ends_on__lte=today + dt.timedelta(days=SOON_DAYS))
    if partner:
        qs = qs.filter(partner_id=partner)
    return qs.select_related("partner").order_by("ends_on", "pk")


def agreement_detail(actor: Actor, pk: int) -> Agreement:
    return get_object_or_404(agreements(actor).select_related("partner", "renews", "created_by"), pk=pk)


def partner_agreements(actor: Actor, partner: Partner) -> list[Agreement]:
    return list(agreements(actor).filter(partner=partner).order_by("-ends_on", "-pk"))


def meetings(actor: Actor) -> QuerySet[JointMeeting]:
    if not actor.can(COMMITTEE_CAP):
        return JointMeeting.objects.none()
    return JointMeeting.objects.filter(school=actor.school)


def meeting_list(actor: Actor) -> QuerySet[JointMeeting]:
    return (meetings(actor).prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name")))
            .annotate(open_items=Coalesce(Subquery(
                FollowUp.objects.filter(meeting=OuterRef("pk"), done=False).order_by().values("meeting")
                .annotate(n=Count("pk")).values("n")), 0))
            .order_by("-held_on", "-pk"))


def meeting_detail(actor: Actor, pk: int) -> JointMeeting:
    return get_object_or_404(meetings(actor).prefetch_related(
        Prefetch("partners", queryset=Partner.objects.order_by("name")),
        Prefetch("followups", queryset=FollowUp.objects.order_by("pk"))), pk=pk)


def followup_detail(actor: Actor, pk: int) -> FollowUp:
    return get_object_or_404(FollowUp.objects.filter(meeting__in=meetings(actor)).select_related("meeting"), pk=pk)


# --- the directory -------------------------------------------------------------------------------------------------


def resources(actor: Actor) -> QuerySet[Resource]:
    if not actor.can("community.directory.view"):
        return Resource.objects.none()
    return Resource.objects.filter(school=actor.school)


def resource_list(actor: Actor, *, q: str = "", kind: str = "", status: str = "") -> QuerySet[Resource]:
    """Search by name (characters or pinyin initials, anywhere: "xlzx" finds 县心理咨询中心), services and audience."""
    qs = resources(actor)
    if q:
        text = q.strip()
        qs = qs.filter(_search_q(text) | Q(services__icontains=text) | Q(audience__icontains=text))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("kind", "name", "pk")


def resource_detail(actor: Actor, pk: int) -> Resource:
    return get_object_or_404(resources(actor), pk=pk)


# the wellbeing referral's kinds of agency -> the directory's types
AGENCY_KINDS = {
    "psychological": (ResourceKind.PSYCHOLOGICAL,),
    "legal": (ResourceKind.LEGAL,),
    "hospital": (ResourceKind.MEDICAL,),
    "other": (ResourceKind.NGO, ResourceKind.GOVERNMENT),
}


def agencies(school, kind: str) -> list[tuple[str, str]]:
    """The hook "directory.agencies": the directory's active agencies of a referral's agency kind, as
    (name, detail); the detail is what they offer and where, never the contact's phone."""
    kinds = AGENCY_KINDS.get(kind, ())
    if not kinds:
        return []
    rows = (Resource.objects.filter(school=school, kind__in=kinds, status=ResourceStatus.ACTIVE)
            .order_by("name", "pk").values_list("name", "services", "location"))
    return [(name, " · ".join(x for x in (services, location) if x)) for name, services, location in rows]


# --- panels --------------------------------------------------------------------------------------------------------


def dashboard_panel(actor: Actor) -> dict | None:
    """The committee's block: agreements ending within 60 days, partners active, the last joint meeting."""
    if not actor.can(COMMITTEE_CAP):
        return None
    today = timezone.localdate()
    expiring = list(agreement_list(actor, expiring=True)[:5])
    active = partners(actor).filter(status=PartnerStatus.ACTIVE).aggregate(
        n=Count("pk"), bases=Count("pk", filter=Q(is_base=True)))
    last = meetings(actor).aggregate(last=Max("held_on"))["last"]
    for a in expiring:
        a.left = (a.ends_on - today).days  # type: ignore[attr-defined]
    return {"expiring": expiring, "active": active["n"], "bases": active["bases"], "last_meeting": last}


def activity_panel(actor: Actor, activity) -> dict | None:
    """The activity page's block: the base it used; the organiser and the committee link one (or change it)."""
    if activity.school_id != actor.school.pk:
        return None
    link = ActivityBase.objects.filter(activity=activity).select_related("partner").first()
    manages = can_link(actor, activity)
    if link is None and not manages:
        return None
    out: dict = {"link": link, "manages": manages, "activity": activity,
                 "sees_partner": actor.can("community.partners.view")}
    if manages:
        out["choices"] = list(partner_choices(actor).values_list("pk", "name", "is_base"))
        out["link_url"] = reverse("community:partners-activity-link", args=[activity.pk])
        out["unlink_url"] = reverse("community:partners-activity-unlink", args=[activity.pk])
    return out


def can_link(actor: Actor, activity) -> bool:
    """The organiser (a staff member who may read partners) and the committee link an activity to a base."""
    if activity.school_id != actor.school.pk or not actor.can("community.partners.view"):
        return False
    return activity.organiser_id == actor.user.pk or actor.can(COMMITTEE_CAP)


def partners_of_school(school) -> QuerySet[Partner]:
    """Every partner of the school, unscoped: for the evaluation's counts."""
    return Partner.objects.filter(school=school)


def joint_meetings_of_school(school) -> QuerySet[JointMeeting]:
    """Every joint meeting of the school, unscoped: for the evaluation's counts."""
    return JointMeeting.objects.filter(school=school)
