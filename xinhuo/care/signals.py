"""Signals of the care app; notifications and later steps listen to them."""

from django.dispatch import Signal

# sender=StudentTag, tag=..., actor=...
tag_identified = Signal()
# sender=StudentTag, tag=..., actor=..., change=TagStatusChange (status changes and renewals)
tag_changed = Signal()

# sender=HomeVisit, visit=..., actor=..., follow_ups=[FollowUp, ...] (recorded with the visit)
home_visit_recorded = Signal()
# sender=FollowUp, item=..., actor=..., action="assigned" (created with an owner) or "closed"
follow_up_changed = Signal()

# sender=MentoringPair, pair=..., actor=..., action="created" or "ended"
pair_changed = Signal()
