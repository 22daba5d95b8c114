"""Who may do what with parent volunteers (selectors.py holds the same scopes as querysets).

- the committee (director, leaders): every offer and request of the school;
- an activity's organiser: requests for that activity (and those they made);
- a parent: their own offer, and the requests they are invited to or whose open call speaks to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from xinhuo.core.access import Actor

if TYPE_CHECKING:
    from xinhuo.activities.models import Activity


def is_committee(actor: Actor) -> bool:
    return actor.can("family.volunteers.committee")


def may_request_for(actor: Actor, activity: Activity) -> bool:
    """The activity's organiser (or whoever manages it) and the committee ask for volunteers for it."""
    from xinhuo.activities.rules import can as activity_can

    if activity.school_id != actor.school.pk or not actor.can("family.volunteers.request"):
        return False
    return is_committee(actor) or activity_can(actor, "manage_activity", activity)


@rules.predicate
def manages_request(actor, request) -> bool:
    if request.school_id != actor.school.pk or not actor.can("family.volunteers.request"):
        return False
    return (is_committee(actor) or request.created_by_id == actor.user.pk
            or request.activity.organiser_id == actor.user.pk)


@rules.predicate
def answers_request(actor, request) -> bool:
    """A parent invited to the request, or a volunteering parent its open call speaks to."""
    from xinhuo.activities.selectors import PUBLISHED

    from .models import VolunteerOffer, VolunteerResponse
    from .selectors import in_audience

    if request.school_id != actor.school.pk or not actor.guardian_id:
        return False
    if VolunteerResponse.objects.filter(request=request, guardian_id=actor.guardian_id).exists():
        return True
    return (request.open_to_all and request.activity.status in PUBLISHED
            and VolunteerOffer.objects.filter(guardian_id=actor.guardian_id, active=True).exists()
            and in_audience(actor.guardian_id, request.activity))


volunteer_rules = rules.RuleSet()
volunteer_rules.add_rule("manage_request", manages_request)
volunteer_rules.add_rule("answer_request", answers_request)


def can(actor: Actor, rule: str, obj=None) -> bool:
    return volunteer_rules.test_rule(rule, actor, obj)
