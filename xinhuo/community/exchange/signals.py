"""Signals of the exchange part: sent by the services after a write (receivers.py listens)."""

from django.dispatch import Signal

# sender: ExchangeEntry; kwargs: entry, actor, action ("created", "updated", "done", "assigned")
entry_changed = Signal()
