"""Signals of the selections app; the notices listen to them (receivers.py)."""

from django.dispatch import Signal

# sender=Selection, selection=..., step=SelectionStep, actor=...: every stage change, the opening included
selection_changed = Signal()
# sender=Nomination, nomination=..., action="added" | "reviewed", actor=...
nomination_changed = Signal()
# sender=Objection, objection=..., action="raised" | "handled", actor=...
objection_changed = Signal()
