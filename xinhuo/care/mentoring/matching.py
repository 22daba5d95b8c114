"""Matching growth mentors to a student's needs (MEN-2): a ranking that says why.

Pure logic: `rank(need, candidates)` reads only what `selectors.mentor_candidates` prefetched (each mentor's
active pairs; for an elder mentor the elder's weekly availability and the elders' load), so a ranking costs the
same few queries for 5 or 150 mentors. Each suggestion carries a score and the reasons behind it, in the user's
language.

Scoring (higher is better; simple on purpose, so that a manager can follow it):
- needs: 30 for each of the student's needs one of the mentor's specialties serves (models.NEED_SPECIALTIES);
- availability: 20 when an elder mentor's weekly slot falls on the weekday asked; for teachers, peer students and
  volunteers the system knows no availability: neutral (no points, said so);
- load: up to 15 for free places (15 with no mentee, 0 when full); for an elder mentor the elders' own load
  (assignments, apprenticeship pairs, these pairs: elders.work.matching.elder_load against their max_load) counts too:
  the tighter of the two decides.
A mentor at capacity (active pairs ≥ at most mentees) ranks after every mentor with room, whatever the score, and
says so; pair_create refuses them. Inactive mentors (and elders who paused or left, teachers no longer in post,
students no longer enrolled) are never suggested, nor the student themself, nor a mentor already paired with them.
Ties: the lighter load first, then the name, then the id — the same order every time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from xinhuo.elders import selectors as elders_selectors
from xinhuo.elders.models import Specialty, Weekday
from xinhuo.elders.work.matching import elder_load
from xinhuo.people import selectors as people_selectors

from ..models import NEED_SPECIALTIES, Mentor, MentorKind, Need

NEED_MET = 30
AVAILABLE = 20
FREE_CAPACITY = 15


@dataclass(frozen=True)
class Request:
    """What the student needs, and optionally the weekday the contacts would be on (0 Monday … 6 Sunday)."""

    needs: tuple[str, ...] = ()
    weekday: int | None = None
    student_id: int | None = None


@dataclass
class Suggestion:
    mentor: Mentor
    score: int
    load: int  # active mentoring pairs
    capacity: int  # at most mentees
    reasons: list[str] = field(default_factory=list)  # what speaks for the mentor (and the load, for context)
    concerns: list[str] = field(default_factory=list)  # what speaks against
    needs_met: list[str] = field(default_factory=list)  # the need codes served

    @property
    def at_capacity(self) -> bool:
        return self.load >= self.capacity


def _hm(t) -> str:
    return f"{t:%H:%M}"


def _labels(codes: Iterable[str], choices) -> str:
    return "、".join(str(choices(c).label) for c in codes if c in choices.values)


def mentor_load(mentor: Mentor) -> int:
    """Active mentoring pairs, as annotated by selectors.mentor_candidates (or counted by the caller)."""
    return int(getattr(mentor, "pair_load", 0) or 0)


def is_available(mentor: Mentor) -> bool:
    """Active, and the person behind the record still with the school."""
    if not mentor.active:
        return False
    if mentor.kind == MentorKind.ELDER:
        return mentor.elder is not None and elders_selectors.elder_is_active(mentor.elder)
    if mentor.kind == MentorKind.TEACHER:
        return mentor.staff is not None and mentor.staff.active
    if mentor.kind == MentorKind.PEER:
        return mentor.peer is not None and people_selectors.student_is_enrolled(mentor.peer)
    return True


def suggest(request: Request, mentor: Mentor) -> Suggestion:
    """Score one mentor against the student's needs, with the reasons."""
    reasons: list[str] = []
    concerns: list[str] = []
    score = 0
    have = set(mentor.specialties)
    met: list[str] = []
    unmet: list[str] = []
    for need in Need:
        if need.value not in request.needs:
            continue
        serving = [s for s in Specialty if s.value in have and s.value in NEED_SPECIALTIES.get(need.value, ())]
        if serving:
            met.append(need.value)
            reasons.append(_("Fits %(need)s: %(specialties)s") % {
                "need": need.label, "specialties": "、".join(str(s.label) for s in serving)})
        else:
            unmet.append(need.value)
    score += NEED_MET * len(met)
    if unmet:
        concerns.append(_("No specialty for %(needs)s") % {"needs": _labels(unmet, Need)})

    elder = mentor.elder if mentor.kind == MentorKind.ELDER else None
    if request.weekday is not None:
        day = str(Weekday(request.weekday).label)
        if elder is not None:
            slots = sorted((s for s in elder.availability.all() if s.weekday == request.weekday),
                           key=lambda s: s.start)
            if slots:
                score += AVAILABLE
                reasons.append(_("Free on %(day)s %(start)s–%(end)s") % {
                    "day": day, "start": _hm(slots[0].start), "end": _hm(slots[0].end)})
            else:
                concerns.append(_("Not free on %(day)s") % {"day": day})
        else:
            reasons.append(_("Availability not recorded"))

    load = mentor_load(mentor)
    capacity = max(int(mentor.max_mentees or 1), 1)
    free = (capacity - load) / capacity
    reasons.append(_("Mentees %(load)d/%(max)d") % {"load": load, "max": capacity})
    if load >= capacity:
        concerns.append(_("At the limit of %(max)d mentees") % {"max": capacity})
    if elder is not None:
        busy, most = elder_load(elder), max(int(elder.max_load or 1), 1)
        reasons.append(_("Elder's tasks %(load)d/%(max)d") % {"load": busy, "max": most})
        if busy >= most:
            concerns.append(_("Fully loaded"))
        free = min(free, (most - busy) / most)
    if free > 0:
        score += round(FREE_CAPACITY * free)
    return Suggestion(mentor=mentor, score=score, load=load, capacity=capacity, reasons=reasons,
                      concerns=concerns, needs_met=met)


def rank(request: Request, candidates: Iterable[Mentor], *, exclude_mentor_ids: Iterable[int] = ()) -> list[Suggestion]:
    """Every available candidate scored and ordered: those with room first by score, then those at capacity;
    ties by load, name, id. The student themself (as a peer) and the mentors in `exclude_mentor_ids` (already
    paired with the student) are left out."""
    skip = set(exclude_mentor_ids)
    out = [suggest(request, m) for m in candidates
           if is_available(m) and m.pk not in skip
           and not (request.student_id is not None and m.peer_id == request.student_id)]
    out.sort(key=lambda s: (s.at_capacity, -s.score, s.load, s.mentor.name, s.mentor.pk))
    return out
