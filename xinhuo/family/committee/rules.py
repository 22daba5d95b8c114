"""Who may change what in the committee part (the same for pages and API)."""

from __future__ import annotations

from xinhuo.core.access import Actor

from .models import CommitteeLevel, MutualHelpGroup, ParentCommittee


def manages_committee(actor: Actor, committee: ParentCommittee) -> bool:
    """The committee (director, leaders) manages every committee of the school; a head teacher their classes'."""
    if committee.school_id != actor.school.pk:
        return False
    if actor.can("family.committee.manage"):
        return True
    return (actor.can("family.committee.manage_class") and committee.level == CommitteeLevel.CLASS
            and committee.school_class_id in actor.class_ids)


def may_create_committee(actor: Actor, level: str, school_class_id: int | None) -> bool:
    if actor.can("family.committee.manage"):
        return True
    return (actor.can("family.committee.manage_class") and level == CommitteeLevel.CLASS
            and school_class_id in actor.class_ids)


def manages_group(actor: Actor, group: MutualHelpGroup) -> bool:
    """The committee manages every mutual-help group; a coordinator (a staff member or a parent) their own."""
    if group.school_id != actor.school.pk:
        return False
    if actor.can("family.mutual_help.manage"):
        return True
    coordinators = (group.coordinator_staff, group.coordinator_guardian)
    return any(p is not None and p.user_id is not None and p.user_id == actor.user.pk for p in coordinators)
