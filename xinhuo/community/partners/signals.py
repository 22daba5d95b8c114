"""Signals of the partners part (sent by services.py after a write)."""

from django.dispatch import Signal

partner_changed = Signal()  # partner, actor, created
agreement_changed = Signal()  # agreement, actor, created
