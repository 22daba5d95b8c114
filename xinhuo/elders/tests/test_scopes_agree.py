"""For the elders' records, each object-level rule and its queryset scope agree, for every persona, across
two schools: what a list shows is exactly what the detail page lets one open (DESIGN.md: access)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from conftest import PERSONAS
from xinhuo.elders import rules
from xinhuo.elders.inspections import selectors as inspections_selectors
from xinhuo.elders.models import (
    ApprenticeshipPair,
    Assignment,
    Elder,
    ElderRole,
    Inspection,
    TrainingAttendance,
    TrainingSession,
)
from xinhuo.elders.team import selectors as team_selectors
from xinhuo.elders.training import selectors as training_selectors
from xinhuo.elders.work import selectors as work_selectors

SCOPES = [
    ("view_inspection", Inspection, inspections_selectors.inspections),
    ("view_assignment", Assignment, lambda actor: work_selectors.assignments(actor)),
    ("view_training", TrainingSession, training_selectors.training_sessions),
    ("view_apprenticeship", ApprenticeshipPair, team_selectors.apprenticeships),
]


@pytest.fixture
def records(world):
    """In each school: the persona elder's own record and someone else's, of every kind."""
    day = dt.date(2026, 10, 8)
    other_here = Elder.objects.create(school=world.school, name="钱老", gender="M", category=Elder.Category.CADRE)
    there = Elder.objects.create(school=world.other, name="外校老", gender="F", category=Elder.Category.TEACHER)
    newcomer = Elder.objects.create(school=world.school, name="吴新来", gender="F", category=Elder.Category.CADRE)
    for school, elder in ((world.school, world.elder), (world.school, other_here), (world.other, there)):
        Assignment.objects.create(school=school, elder=elder, role=ElderRole.INSPECTOR, need="周边巡查")
        Inspection.objects.create(school=school, inspector=elder, kind=Inspection.Kind.FOOD_SAFETY, place="校门口",
                                  date=day, findings="无证摊点")
        session = TrainingSession.objects.create(school=school, kind=TrainingSession.Kind.STUDY, topic="学习",
                                                 date=day)
        TrainingAttendance.objects.create(session=session, elder=elder)
    TrainingSession.objects.create(school=world.school, kind=TrainingSession.Kind.STUDY, topic="无人名单", date=day)
    ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=world.elder,
                                      mentee_elder=newcomer)
    ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=other_here,
                                      mentee_elder=world.elder)
    ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=other_here,
                                      mentee_elder=newcomer)
    ApprenticeshipPair.objects.create(school=world.other, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=there,
                                      mentee_elder=Elder.objects.create(school=world.other, name="外校新",
                                                                        gender="M", category="cadre"))
    return world


def test_predicates_and_scopes_agree(records):
    world = records
    disagreements, seen_some = [], set()
    for persona in PERSONAS:
        actor = world.actor(persona)
        for rule, model, selector in SCOPES:
            try:
                visible = set(selector(actor).values_list("pk", flat=True))
            except Http404:
                visible = set()
            for obj in model.objects.all():
                by_rule = rules.can(actor, rule, obj)
                if by_rule != (obj.pk in visible):
                    disagreements.append(f"{persona} {rule} {obj} (pk {obj.pk}): rule={by_rule}")
            if visible and visible != set(model.objects.filter(school=actor.school).values_list("pk", flat=True)):
                seen_some.add((persona, rule))
    assert not disagreements, "\n".join(disagreements)
    # the elder sees part of each kind (their own), not all or nothing
    assert {r for p, r in seen_some if p == "elder"} == {rule for rule, _m, _s in SCOPES}
