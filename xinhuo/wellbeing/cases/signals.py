"""Signals of the follow-up cases (DESIGN.md, workflows): fired by the services after their write, inside their
transaction; receivers.py sends the notices."""

from django.dispatch import Signal

# a step of a case's workflow (its opening included): sender=Case, case=..., step=CaseStep, actor=...
case_changed = Signal()
