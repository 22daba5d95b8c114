"""Signals of the meetings part; its notices listen to them (receivers.py)."""

from django.dispatch import Signal

# sender=Meeting, meeting=..., step=MeetingStep, actor=...: every status change, the creation included
meeting_changed = Signal()
