"""What community holds about a student and its family, and its erasure (ORG-9): each part answers for its own."""

from __future__ import annotations

from .bursaries import privacy as _bursaries
from .exchange import privacy as _exchange
from .partners import privacy as _partners

PARTS = [_partners, _bursaries, _exchange]


def summary(student) -> list[tuple[str, list[str]]]:
    return [line for part in PARTS for line in part.summary(student)]


def erase(subject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for part in PARTS:
        out.update(part.erase(subject))
    return out
