"""What family holds about a student and its family, and its erasure (ORG-9): each part answers for its own."""

from __future__ import annotations

from .committee import privacy as _committee
from .notices import privacy as _notices
from .school import privacy as _school
from .volunteers import privacy as _volunteers

PARTS = [_school, _committee, _volunteers, _notices]


def summary(student) -> list[tuple[str, list[str]]]:
    return [line for part in PARTS for line in part.summary(student)]


def erase(subject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for part in PARTS:
        out.update(part.erase(subject))
    return out
