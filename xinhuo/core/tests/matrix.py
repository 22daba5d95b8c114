"""The access matrix's vocabulary, shared by the apps' case lists (xinhuo/<app>/tests/matrix_*.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from conftest import PERSONAS

ANON = "anon"
EVERYONE = set(PERSONAS)
STAFF = {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "finance", "outsider"}
MANAGERS = {"admin", "director", "outsider"}  # outsider manages their own school
SCHOOL_WIDE = {"admin", "director", "leader", "counsellor"}


@dataclass
class Case:
    name: str
    allowed: set[str]
    ok: int = 200
    method: str = "get"
    kwargs: Callable | None = None
    data: dict = field(default_factory=dict)
    denied: int = 404
    anon: int = 302
    api: bool = False


def k(**fn):
    return lambda w, extra: {key: f(w, extra) for key, f in fn.items()}


def sx(w, e):
    return w.student_x.pk


def gx(w, e):
    return w.guardian_x.pk


def sa(w, e):
    return w.staff_a.pk
