"""Signals of the activities app; notifications listen to them."""

from django.dispatch import Signal

# sender=Activity, activity=..., step=ActivityStep, actor=...: every status change, the application included
activity_changed = Signal()

# sender=SignUp, signup=..., activity=...: a place freed moved someone up from the waiting list
signup_promoted = Signal()
