"""Signals of the bursaries part; its notices listen to them (receivers.py)."""

from django.dispatch import Signal

# sender=Grant, grant=..., step=GrantStep, actor=...: every status change, the proposal included
grant_changed = Signal()
