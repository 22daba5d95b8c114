"""Writes of the elders app: `<entity>_<action>(*, actor, ...)`, each checking permission,
validating with a clear Chinese message, and changing nothing when it refuses."""

from __future__ import annotations

# --- registry (ELD-1) ---------------------------------------------------------------------------

# --- end registry

# --- work: assignments, service hours, mentor contacts ------------------------------------------

# --- end work

# --- care: inspections, training, care visits, recreation, reminders ----------------------------

# --- end care

# --- team: mentor pairs, young teachers, research projects, awards -------------------------------

# --- end team
