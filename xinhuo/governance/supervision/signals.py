"""Signals of the supervision part; its notices listen to them (receivers.py)."""

from django.dispatch import Signal

# sender=Rectification, rectification=..., step=RectificationStep, actor=...: every status change, the first included
rectification_changed = Signal()
