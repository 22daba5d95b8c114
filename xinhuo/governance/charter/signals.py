"""Signals of the charter part: a version's step (charter_version_changed: version, step, actor). The archive files
a published version (setup.py)."""

from django.dispatch import Signal

charter_version_changed = Signal()
