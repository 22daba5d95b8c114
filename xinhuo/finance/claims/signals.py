"""Signals of the claims part; its notices listen to them (receivers.py)."""

from django.dispatch import Signal

# sender=ExpenseClaim, claim=..., step=ClaimStep, actor=...: every step, the first submission included
claim_changed = Signal()
