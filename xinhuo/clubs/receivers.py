"""Who hears of what in the clubs: the notices sent when the services' signals fire."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.access import roles_with
from xinhuo.core.models import User
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .models import Club, ClubMembership, ClubStatus
from .signals import club_changed, membership_changed


def advisor_user(club: Club) -> User | None:
    if club.advisor_user_id:
        return club.advisor_user
    return club.advisor_elder.user if club.advisor_elder_id else None  # type: ignore[union-attr]


@receiver(club_changed, sender=Club)
def tell_of_club(sender, club: Club, step, actor, **kwargs) -> None:
    link = reverse("clubs:detail", args=[club.pk])
    if club.status == ClubStatus.REQUESTED:
        notify(club.school, recipients_for_roles(club.school, roles_with("clubs.review")),
               _("Club founding request: %(name)s") % {"name": club.name},
               _("%(who)s asks to found the club. Advisor: %(advisor)s.") % {
                   "who": actor.user.display_name, "advisor": club.advisor_name}, link, exclude=actor.user)
    elif step.from_status:  # approved, returned, rejected or closed: the requester and the advisor hear of it
        notify(club.school, [club.requested_by, advisor_user(club)],
               _("Club %(name)s: %(status)s") % {"name": club.name, "status": club.get_status_display()},
               step.comment, link, exclude=actor.user)


@receiver(membership_changed, sender=ClubMembership)
def tell_of_membership(sender, membership: ClubMembership, action: str, actor, **kwargs) -> None:
    club = membership.club
    link = reverse("clubs:detail", args=[club.pk])
    if action == "asked":
        notify(club.school, [advisor_user(club)],
               _("%(name)s asks to join %(club)s") % {"name": membership.student.name, "club": club.name},
               _("Accept or decline on the club's members page."), reverse("clubs:members", args=[club.pk]),
               exclude=actor.user)
    elif action in ("accepted", "declined") and membership.added_by_id:
        title = (_("%(name)s has joined %(club)s") if action == "accepted"
                 else _("%(name)s's request to join %(club)s was not accepted"))
        notify(club.school, [membership.added_by], title % {"name": membership.student.name, "club": club.name},
               "", link, exclude=actor.user)
