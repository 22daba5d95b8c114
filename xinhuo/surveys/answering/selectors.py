"""Reads of the answering side: the actor's open surveys ("my surveys", the home page's panel) and the survey a
person opens to answer, with the seat they answer from (selectors.seat), read once per request."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from xinhuo.core.access import Actor
from xinhuo.core.db import Prepared
from xinhuo.core.params import parse_id

from ..models import Participation, Survey, SurveyStatus
from ..selectors import Seat, open_surveys, seat


@dataclass(frozen=True)
class Mine:
    survey: Survey
    state: str  # "new", "draft" (a named survey begun) or "answered"


def my_surveys(actor: Actor) -> list[Mine]:
    """The open surveys of the actor's audience, those still to answer first (soonest closing first), each with its
    state. Four queries (plus one per survey of an activity): the list does not grow its queries with its rows."""
    rows = open_surveys(actor)
    if not rows:
        return []
    begun = set(Participation.objects.filter(user=actor.user, submitted=False,
                                             survey__in=[s for s, done in rows if not done])
                .values_list("survey_id", flat=True)) if any(not done for _s, done in rows) else set()
    out = [Mine(s, "answered" if done else "draft" if s.pk in begun else "new") for s, done in rows]
    return sorted(out, key=lambda m: m.state == "answered")  # stable: closing order kept within each group


def open_panel(actor: Actor) -> dict | None:
    """The home page's panel: the open surveys still waiting for the actor's answer; None when there is none (an
    answered survey is nothing to do, and the panel would only take room)."""
    waiting = [m for m in my_surveys(actor) if m.state != "answered"]
    return {"surveys": waiting} if waiting else None


# every answer handed in reads this row first: compiled once (core.db.Prepared)
_answerable_row = Prepared(lambda school_id, pk, draft: Survey.objects.filter(school_id=school_id).filter(pk=pk)
                           .exclude(status=draft))


def answer_survey(actor: Actor, pk) -> tuple[Survey, Seat]:
    """A survey the actor may open to answer (published or closed, in its audience) and as whom, else 404. Lean:
    the survey in one query; its classes and grades only when the audience needs them; questions when asked."""
    # the prepared query skips the ORM's own guard against an id past the column's range: core.params checks it
    number = parse_id(pk)
    if number is None:
        raise Http404
    found = _answerable_row(actor.school.pk, number, SurveyStatus.DRAFT.value)
    survey = found[0] if found else None
    who = seat(actor, survey) if survey is not None else None
    if survey is None or who is None:
        raise Http404
    return survey, who


def answered(actor: Actor, survey: Survey) -> bool:
    return Participation.objects.filter(survey=survey, user=actor.user, submitted=True).exists()
