"""Pages of the elders app."""

from __future__ import annotations
