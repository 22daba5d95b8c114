"""Object-level predicates for clubs (ACT-7); selectors.py holds the matching querysets.

The director, school leaders and department heads review founding requests and manage every club; a club's advisor
(the elder or the teacher named on it) manages their own club: members, meetings, attendance and the showcase.
Members' names are minors' data: the whole list is for the school-wide roles, the advisor and the club's own active
members; others see only their own or their children's membership."""

from __future__ import annotations

import rules

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.models import Role
from xinhuo.core.scopes import has_capability, in_school, school_wide

from .models import ClubMembership, ClubStatus, MembershipStatus


def family_ids(actor) -> frozenset[int]:
    """The students a student or a parent acts for: themself, their children."""
    if not actor.has_role(Role.STUDENT, Role.PARENT):
        return frozenset()
    return frozenset(i for i in (actor.student_id, *actor.child_ids) if i)


@rules.predicate
def advises(actor, club) -> bool:
    if club.advisor_user_id is not None:
        return club.advisor_user_id == actor.user.pk
    return actor.elder_id is not None and club.advisor_elder_id == actor.elder_id


@rules.predicate
def requested_it(actor, club) -> bool:
    return club.requested_by_id == actor.user.pk


@rules.predicate
def is_active(actor, club) -> bool:
    return club.status == ClubStatus.ACTIVE


@rules.predicate
def is_staff(actor, club) -> bool:
    return actor.has_role(*STAFF_ROLES)


@rules.predicate
def is_active_member(actor, club) -> bool:
    return actor.student_id is not None and ClubMembership.objects.filter(
        club=club, student_id=actor.student_id, status=MembershipStatus.ACTIVE).exists()


@rules.predicate
def family_in_club(actor, club) -> bool:
    """The actor's own or a child's membership, now, before or asked for (not a request that was declined)."""
    ids = family_ids(actor)
    return bool(ids) and ClubMembership.objects.filter(
        club=club, student_id__in=ids, status__in=(MembershipStatus.ACTIVE, MembershipStatus.LEFT,
                                                   MembershipStatus.REQUESTED)).exists()


@rules.predicate
def family_member(actor, club) -> bool:
    """The actor or a child is or was a member (a request to join does not count)."""
    ids = family_ids(actor)
    return bool(ids) and ClubMembership.objects.filter(
        club=club, student_id__in=ids, status__in=(MembershipStatus.ACTIVE, MembershipStatus.LEFT)).exists()


club_rules = rules.RuleSet()
# the list and the detail: staff see every club; others active clubs, and those they advise, asked for or are in
club_rules.add_rule("view_club", in_school & (is_staff | is_active | advises | requested_it | family_in_club))
# reviewing one's own request is refused by the service with a message, not hidden by the rule
club_rules.add_rule("review_club", in_school & has_capability("clubs.review"))
# the request's text: its requester while it waits or was returned (the service checks the status), the managers
club_rules.add_rule("edit_club", in_school & (requested_it | advises | has_capability("clubs.manage")))
# members, meetings, attendance, showcase, closing
club_rules.add_rule("manage_club", in_school & (advises | has_capability("clubs.manage")))
# the full member list (minors' names)
club_rules.add_rule("view_members", in_school & (school_wide | advises | is_active_member))
# a showcase's photos show the members: whoever sees the member list, and the members' families
club_rules.add_rule("view_photos", in_school & (school_wide | advises | family_member))


def can(actor, rule: str, obj=None) -> bool:
    return actor is not None and club_rules.test_rule(rule, actor, obj)
