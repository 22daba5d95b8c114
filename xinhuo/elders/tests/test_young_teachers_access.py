"""The access matrix has no young-teacher persona: here a young teacher (Role.YOUNG_TEACHER, a staff record and
a place in the reserve) goes through every page and endpoint of the team part, and the scopes of the selectors
agree with the rules for every persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import PERSONAS
from xinhuo.core.access import build_actor
from xinhuo.elders.models import ApprenticeshipPair, Award, ResearchProject
from xinhuo.elders.rules import can
from xinhuo.elders.team import selectors
from xinhuo.elders.tests.matrix_team import award, project, teacher_pair, young_teacher_login


@pytest.fixture
def setup(world):
    own, client = young_teacher_login(world)
    their_pair = ApprenticeshipPair.objects.create(school=world.school, kind="young_teacher", mentor=world.elder,
                                           mentee_teacher=own, started_on=dt.date(2026, 9, 1))
    led = ResearchProject.objects.create(school=world.school, title="我负责的课题", leader=own,
                                         started_on=dt.date(2026, 9, 1))
    return {"own": own, "client": client, "their_pair": their_pair, "led": led,
            "other_pair": teacher_pair(world), "other": teacher_pair(world).mentee_teacher,
            "other_project": project(world), "award": award(world)}


def status(client, name, method="get", data=None, **kwargs) -> int:
    url = reverse(name, kwargs=kwargs or None)
    if method == "post" and name.startswith("api:"):
        return client.post(url, data or {}, content_type="application/json").status_code
    return getattr(client, method)(url, data or {}).status_code


def test_a_young_teacher_reaches_their_own_records_and_nothing_else(world, setup):
    c, own, other = setup["client"], setup["own"], setup["other"]
    expected = [
        # pairs: their own, read only
        ("elders:pairs", "get", None, {}, 200),
        ("elders:pair-new", "get", None, {}, 404),
        ("elders:pair-detail", "get", None, {"pk": setup["their_pair"].pk}, 200),
        ("elders:pair-detail", "get", None, {"pk": setup["other_pair"].pk}, 404),
        ("elders:pair-end", "get", None, {"pk": setup["their_pair"].pk}, 404),
        # the reserve: their own record; they record their own participation and export it
        ("elders:young-teachers", "get", None, {}, 200),
        ("elders:young-teacher-new", "get", None, {}, 404),
        ("elders:young-teacher-detail", "get", None, {"pk": own.pk}, 200),
        ("elders:young-teacher-detail", "get", None, {"pk": other.pk}, 404),
        ("elders:young-teacher-stage", "post", {"stage": "backbone"}, {"pk": own.pk}, 404),
        ("elders:participation-new", "post", {}, {"pk": own.pk}, 400),
        ("elders:participation-new", "post", {}, {"pk": other.pk}, 404),
        ("elders:young-teacher-export", "get", None, {}, 200),
        ("elders:young-teacher-export", "get", {"teacher": other.pk}, {}, 404),
        # projects: those they lead (outcomes editable) or belong to
        ("elders:projects", "get", None, {}, 200),
        ("elders:project-new", "get", None, {}, 404),
        ("elders:project-edit", "get", None, {"pk": setup["led"].pk}, 200),
        ("elders:project-edit", "get", None, {"pk": setup["other_project"].pk}, 404),
        # awards are the elders': a young teacher sees the honour wall only
        ("elders:awards", "get", None, {}, 404),
        ("elders:award-new", "get", None, {}, 404),
        ("elders:award-certificate", "get", None, {"pk": setup["award"].pk}, 404),
        ("elders:award-wall", "post", {"on_wall": "0"}, {"pk": setup["award"].pk}, 404),
        ("elders:honour-wall", "get", None, {}, 200),
        # API
        ("api:elder-award-list", "get", None, {}, 200),
        ("api:young-teacher-list", "get", None, {}, 200),
        ("api:young-teacher-detail", "get", None, {"pk": own.pk}, 200),
        ("api:young-teacher-detail", "get", None, {"pk": other.pk}, 404),
        ("api:elder-pair-list", "get", None, {}, 200),
        ("api:elder-pair-detail", "get", None, {"pk": setup["their_pair"].pk}, 200),
        ("api:elder-pair-detail", "get", None, {"pk": setup["other_pair"].pk}, 404),
        ("api:elder-pair-end", "post", {"summary": "完成"}, {"pk": setup["their_pair"].pk}, 404),
    ]
    wrong = [(name, kwargs, got, want) for name, method, data, kwargs, want in expected
             if (got := status(c, name, method, data, **kwargs)) != want]
    assert not wrong
    assert Award.objects.get().on_wall
    assert ApprenticeshipPair.objects.filter(ended_on__isnull=True).count() == 2


def test_the_young_teacher_navigation(world, setup):
    page = setup["client"].get("/").content.decode()
    assert 'href="/elders/young-teachers/"' in page and 'href="/elders/honours/"' in page


# --- the selectors' scopes agree with the rules' predicates ------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_scopes_agree_with_the_rules(world, setup, persona):
    actor = world.actor(persona)
    checks = [
        (selectors.apprenticeships, ApprenticeshipPair.objects.all(), "view_apprenticeship", "young_teachers.view"),
        (selectors.young_teachers, setup["own"].__class__.objects.all(), "view_young_teacher",
         "young_teachers.view"),
        (selectors.research_projects, ResearchProject.objects.all(), "view_project", "young_teachers.view"),
    ]
    for selector, every, rule, capability in checks:
        if not actor.can(capability):
            continue
        scoped = set(selector(actor).values_list("pk", flat=True))
        allowed = {obj.pk for obj in every if can(actor, rule, obj)}
        assert scoped == allowed, (persona, rule)
    if actor.can("elders.manage") or actor.has_role("elder"):
        scoped = set(selectors.awards(actor).values_list("pk", flat=True))
        assert scoped == {a.pk for a in Award.objects.all() if can(actor, "view_award_certificate", a)}


def test_the_young_teachers_scope_agrees_too(world, setup):
    actor = build_actor(setup["own"].staff.user)
    assert set(selectors.young_teachers(actor)) == {setup["own"]}
    assert set(selectors.apprenticeships(actor)) == {setup["their_pair"]}
    assert set(selectors.research_projects(actor)) == {setup["led"]}
    for obj, rule in ((setup["own"], "view_young_teacher"), (setup["their_pair"], "view_apprenticeship"),
                      (setup["led"], "view_project")):
        assert can(actor, rule, obj)
    for obj, rule in ((setup["other"], "view_young_teacher"), (setup["other_pair"], "view_apprenticeship"),
                      (setup["other_project"], "view_project")):
        assert not can(actor, rule, obj)
