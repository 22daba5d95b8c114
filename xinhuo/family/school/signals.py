"""Signals of the parent school: sent by the services after a write (receivers may notify or count)."""

from django.dispatch import Signal

# sender: SessionRegistration; kwargs: registration, action ("registered", "cancelled", "checked_in", "unchecked")
registration_changed = Signal()
