"""Signals of the activities app; notifications listen to them."""

from django.dispatch import Signal

# sender=Activity, activity=..., step=ActivityStep, actor=...: every status change, the application included
activity_changed = Signal()
