"""What the partners part holds about a student or their family, and its erasure (ORG-9).

Nothing: partners, agreements, joint meetings and the directory are about outside organisations and their work
contacts; an activity's base names the activity, not who took part (the activities app answers for that). The
joint meeting's minutes are asked to name no pupil. So the summary is empty and erasure has nothing to do."""

from __future__ import annotations


def summary(student) -> list[tuple[str, list[str]]]:
    return []


def erase(subject) -> dict[str, list[int]]:
    return {}
