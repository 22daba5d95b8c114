"""Who hears of what in the clubs: the notices sent when the services' signals fire."""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.models import Membership, School, User
from xinhuo.core.services import notification_send, recipients_for_roles

from .models import Club, ClubMembership, ClubStatus
from .rules import CLUB_MANAGERS
from .signals import club_changed, membership_changed


def notify(school: School, users: Iterable[User | None], title: str, body: str = "", link: str = "",
           exclude: User | None = None) -> None:
    """A system notice to those of `users` with an active account in the school; nobody left means no notice."""
    wanted = {u.pk: u for u in users if u is not None and u.is_active and (exclude is None or u.pk != exclude.pk)}
    if not wanted:
        return
    members = set(Membership.objects.filter(school=school, user_id__in=wanted).values_list("user_id", flat=True))
    recipients = [u for pk, u in wanted.items() if pk in members]
    if recipients:
        notification_send(actor=None, school=school, recipients=recipients, title=title[:100], body=body[:2000],
                          link=link, check_permission=False)


def advisor_user(club: Club) -> User | None:
    if club.advisor_user_id:
        return club.advisor_user
    return club.advisor_elder.user if club.advisor_elder_id else None  # type: ignore[union-attr]


@receiver(club_changed, sender=Club)
def tell_of_club(sender, club: Club, step, actor, **kwargs) -> None:
    link = reverse("clubs:detail", args=[club.pk])
    if club.status == ClubStatus.REQUESTED:
        notify(club.school, recipients_for_roles(club.school, CLUB_MANAGERS),
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
