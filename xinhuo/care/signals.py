"""Signals of the care app; notifications and later steps listen to them."""

from django.dispatch import Signal

# sender=StudentTag, tag=..., actor=...
tag_identified = Signal()
# sender=StudentTag, tag=..., actor=..., change=TagStatusChange (status changes and renewals)
tag_changed = Signal()
