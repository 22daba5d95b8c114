"""What the partners part holds about a student or their family, and its erasure (ORG-9)."""

from __future__ import annotations


def summary(student) -> list[tuple[str, list[str]]]:
    return []


def erase(subject) -> dict[str, list[int]]:
    return {}
