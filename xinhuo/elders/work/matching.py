"""Matching elders to a need (ELD-2): a ranking that says why.

Pure logic: `rank(need, candidates)` reads only what `work.selectors.match_candidates` prefetched (each
elder's weekly availability and current load), so a ranking costs the same few queries for 5 or 150
elders. Each suggestion carries a score and the reasons behind it, in the user's language.

Scoring (higher is better; the weights are deliberately simple so a manager can follow them):
- specialty fit: 30 per wanted specialty the elder has, 10 per other specialty that serves the role
  (ROLE_SPECIALTIES);
- willingness: 25 when the role is among the roles the elder is willing to take;
- availability: 20 when a weekly slot covers the wanted weekday (and time window, if given);
- load: up to 15 for free capacity (15 when idle, 0 when full). An elder at capacity ranks after
  every elder with room, whatever the score, and says so.
Ties: the lighter load first, then the name, then the id — the same order every time.
Paused and left elders are never suggested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import ROLE_SPECIALTIES, Assignment, Elder, ElderRole, Specialty, Weekday

WANTED_SPECIALTY = 30
ROLE_SPECIALTY = 10
WILLING = 25
AVAILABLE = 20
FREE_CAPACITY = 15


@dataclass(frozen=True)
class Need:
    """What is to be done: the role to hold, the specialties wanted, when, and what kind of need."""

    role: str
    specialties: tuple[str, ...] = ()
    weekday: int | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    kind: str = Assignment.NeedKind.TASK


@dataclass
class Suggestion:
    elder: Elder
    score: int
    load: int
    capacity: int
    reasons: list[str] = field(default_factory=list)  # what speaks for the elder (and the load, for context)
    concerns: list[str] = field(default_factory=list)  # what speaks against

    @property
    def at_capacity(self) -> bool:
        return self.load >= self.capacity


def _hm(t: dt.time) -> str:
    return f"{t:%H:%M}"


def covering_slot(elder: Elder, weekday: int, start: dt.time | None, end: dt.time | None):
    """The elder's first weekly slot on that weekday covering [start, end] (any slot that day without times).
    Reads the day's slots match_candidates put on the elder (`slots_that_day`), else every slot."""
    slots = getattr(elder, "slots_that_day", None)
    for slot in sorted(elder.availability.all() if slots is None else slots, key=lambda s: (s.weekday, s.start)):
        if slot.weekday != weekday:
            continue
        if start is not None and slot.start > start:
            continue
        if end is not None and slot.end < end:
            continue
        return slot
    return None


def elder_load(elder: Elder) -> int:
    """Active assignments, active apprenticeship pairs as mentor and active mentoring pairs with students (the
    care app's growth mentor), as annotated by selectors.with_load (match_candidates)."""
    return sum(int(getattr(elder, name, 0) or 0) for name in ("assignment_load", "mentor_load", "care_load"))


class _Texts:
    """What a ranking says, translated once per ranking rather than once per elder: the need's specialties and
    role, and the message templates (a ranking of 150 elders spent a third of its time in gettext)."""

    def __init__(self, need: Need) -> None:
        self.wanted = frozenset(need.specialties)
        for_role = frozenset(ROLE_SPECIALTIES.get(need.role, frozenset()))
        self.any_relevant = bool(self.wanted or for_role)
        # in Specialty order, as the reasons list them: (code, label, points)
        self.relevant = [(s.value, str(s.label), WANTED_SPECIALTY if s.value in self.wanted else ROLE_SPECIALTY)
                         for s in Specialty if s.value in self.wanted or s.value in for_role]
        self.wanted_labels = [(s.value, str(s.label)) for s in Specialty if s.value in self.wanted]
        self.specialty_match = _("Specialty match: %(names)s")
        self.no_specialty = _("No matching specialty")
        self.lacks = _("Lacks: %(names)s")
        role_label = str(ElderRole(need.role).label) if need.role in ElderRole.values else need.role
        self.willing = _("Willing to serve as %(role)s") % {"role": role_label}
        self.unwilling = _("Has not said they would serve as %(role)s") % {"role": role_label}
        if need.weekday is not None:
            self.day = str(Weekday(need.weekday).label)
            self.free = _("Free on %(day)s %(start)s–%(end)s")
            if need.start is not None and need.end is not None:
                self.not_free = _("Not free on %(day)s %(start)s–%(end)s") % {
                    "day": self.day, "start": _hm(need.start), "end": _hm(need.end)}
            else:
                self.not_free = _("Not free on %(day)s") % {"day": self.day}
        self.tasks = _("Current tasks %(load)d/%(max)d")
        self.full = _("Fully loaded")


def suggest(need: Need, elder: Elder, texts: _Texts | None = None) -> Suggestion:
    """Score one elder against the need, with the reasons (texts: the need's, when ranking many elders)."""
    t = texts or _Texts(need)
    reasons: list[str] = []
    concerns: list[str] = []
    score = 0
    have = set(elder.specialties)
    matched = [(label, points) for code, label, points in t.relevant if code in have]
    score += sum(points for _label, points in matched)
    if matched:
        reasons.append(t.specialty_match % {"names": "、".join(label for label, _points in matched)})
    elif t.any_relevant:
        concerns.append(t.no_specialty)
    if matched:
        missing = [label for code, label in t.wanted_labels if code not in have]
        if missing:
            concerns.append(t.lacks % {"names": "、".join(missing)})

    if need.role in elder.willingness:
        score += WILLING
        reasons.append(t.willing)
    else:
        concerns.append(t.unwilling)

    if need.weekday is not None:
        slot = covering_slot(elder, need.weekday, need.start, need.end)
        if slot is not None:
            score += AVAILABLE
            reasons.append(t.free % {"day": t.day, "start": _hm(slot.start), "end": _hm(slot.end)})
        else:
            concerns.append(t.not_free)

    load = elder_load(elder)
    capacity = max(int(elder.max_load or 1), 1)
    reasons.append(t.tasks % {"load": load, "max": capacity})
    if load >= capacity:
        concerns.append(t.full)
    else:
        score += round(FREE_CAPACITY * (capacity - load) / capacity)
    return Suggestion(elder=elder, score=score, load=load, capacity=capacity, reasons=reasons, concerns=concerns)


def rank(need: Need, candidates: Iterable[Elder], *, include_full: bool = True) -> list[Suggestion]:
    """Every active candidate scored and ordered: those with room first by score, then those at capacity
    (or left out with include_full=False); ties by load, name, id."""
    texts = _Texts(need)
    out = [suggest(need, e, texts) for e in candidates if e.status == Elder.Status.ACTIVE]
    if not include_full:
        out = [s for s in out if not s.at_capacity]
    out.sort(key=lambda s: (s.at_capacity, -s.score, s.load, s.elder.name, s.elder.pk))
    return out
