"""Matching elders to a need: the ranking is explained (specialty, willingness, availability, load),
paused and departed elders are never suggested, an elder at capacity ranks last and says why, ties are
deterministic, and the cost in queries does not grow with the number of elders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinhuo.elders.models import (
    ApprenticeshipPair,
    Assignment,
    Availability,
    Elder,
    ElderRole,
    Specialty,
    Weekday,
)
from xinhuo.elders.registry import selectors as registry_selectors
from xinhuo.elders.work import matching
from xinhuo.elders.work import selectors as work_selectors

LECTURER = ElderRole.HISTORY_SPEAKER
WED = Weekday.WED
T = dt.time


def make_elder(world, name, *, specialties=(), willing=(), slots=(), status=Elder.Status.ACTIVE, max_load=3):
    e = Elder.objects.create(school=world.school, name=name, gender="M", category=Elder.Category.TEACHER,
                             specialties=list(specialties), willingness=list(willing), status=status,
                             max_load=max_load)
    for day, start, end in slots:
        Availability.objects.create(elder=e, weekday=day, start=start, end=end)
    return e


def assign(world, elder, need, status=Assignment.Status.ACTIVE):
    return Assignment.objects.create(school=world.school, elder=elder, role=LECTURER, need=need, status=status)


def mentor(world, elder, n=1, ended=False):
    for i in range(n):
        mentee = make_elder(world, f"新人{elder.name}{i}", status=Elder.Status.PAUSED)  # kept out of the ranking
        ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=elder,
                                  mentee_elder=mentee, ended_on=dt.date(2026, 10, 1) if ended else None)


@pytest.fixture
def team(world):
    """Six elders built so that each factor decides one place in the ranking."""
    wed = [(WED, T(14), T(16))]
    a = make_elder(world, "甲老", specialties=[Specialty.PARTY_HISTORY], willing=[LECTURER], slots=wed)
    assign(world, a, "初一党史故事会")
    assign(world, a, "去年的宣讲", status=Assignment.Status.ENDED)  # ended: no load
    b = make_elder(world, "乙老", specialties=[Specialty.PARTY_HISTORY], slots=wed)  # not willing
    c = make_elder(world, "丙老", willing=[LECTURER], slots=wed)  # no specialty
    d = make_elder(world, "丁老", specialties=[Specialty.PARTY_HISTORY], willing=[LECTURER], slots=wed)
    assign(world, d, "任务一")
    assign(world, d, "任务二")
    mentor(world, d)  # 3 of 3: at capacity
    f = make_elder(world, "己老", specialties=[Specialty.PARTY_HISTORY], willing=[LECTURER],
                   slots=[(Weekday.THU, T(9), T(11))])  # free on Thursday only
    mentor(world, f)
    mentor(world, f, ended=True)  # an ended pair is no load
    paused = make_elder(world, "戊老", specialties=[Specialty.PARTY_HISTORY], willing=[LECTURER], slots=wed,
                        status=Elder.Status.PAUSED)
    left = make_elder(world, "庚老", specialties=[Specialty.PARTY_HISTORY], willing=[LECTURER], slots=wed,
                      status=Elder.Status.LEFT)
    return {"a": a, "b": b, "c": c, "d": d, "f": f, "paused": paused, "left": left}


NEED = matching.Need(role=LECTURER, specialties=(Specialty.PARTY_HISTORY,), weekday=WED, start=T(14, 30),
                     end=T(15, 30), kind=Assignment.NeedKind.ACTIVITY)


def ranked(world, need=NEED):
    actor = world.actor("director")
    return matching.rank(need, work_selectors.match_candidates(actor))


def test_ranking_is_explained_and_ordered_by_fit_willingness_availability_then_load(world, team):
    result = ranked(world)
    names = [s.elder.name for s in result]
    # 甲 85 (30+25+20+10); 乙 65 (load 0) before 己 65 (load 1); 丙 60; 周老 15; 丁 at capacity last
    assert names == ["甲老", "乙老", "己老", "丙老", "周老", "丁老"]
    by = {s.elder.name: s for s in result}
    assert [by[n].score for n in names[:5]] == [85, 65, 65, 60, 15]
    assert by["甲老"].reasons == ["特长匹配：党史宣讲", "愿意担任党史宣讲员", "周三 14:00–16:00 有空", "当前任务 1/3"]
    assert by["甲老"].concerns == []
    assert "未表示愿意担任党史宣讲员" in by["乙老"].concerns
    assert "周三 14:30–15:30 没有空" in by["己老"].concerns
    assert "当前任务 1/3" in by["己老"].reasons  # the active pair counts, the ended one does not
    assert "没有匹配的特长" in by["丙老"].concerns


def test_at_capacity_ranks_last_with_the_reason_whatever_its_score(world, team):
    full = ranked(world)[-1]
    assert full.elder.name == "丁老"
    assert full.at_capacity and full.load == 3
    assert full.score > 65  # a better fit than most, yet last
    assert "已满负荷" in full.concerns and "当前任务 3/3" in full.reasons
    left_out = matching.rank(NEED, work_selectors.match_candidates(world.actor("director")),
                             include_full=False)
    assert "丁老" not in [s.elder.name for s in left_out]


def test_paused_and_departed_elders_are_never_suggested(world, team):
    names = {s.elder.name for s in ranked(world)}
    assert "戊老" not in names and "庚老" not in names
    # even when handed to the ranking directly
    assert matching.rank(NEED, [team["paused"], team["left"]]) == []


def test_role_specialties_count_without_wanted_ones_and_weekday_without_times(world, team):
    need = matching.Need(role=LECTURER, weekday=WED)
    by = {s.elder.name: s for s in ranked(world, need)}
    assert "特长匹配：党史宣讲" in by["乙老"].reasons  # party history serves the lecturer role
    assert by["乙老"].score == 10 + 20 + 15
    assert "周三 没有空" in by["己老"].concerns


def test_ties_are_broken_by_load_then_name(world):
    """Equal scores with equal load fall back to the name (乙 65 before 己 65 by load: see the first test)."""
    for name in ("老丙", "老甲", "老乙"):
        make_elder(world, name, willing=[LECTURER])
    need = matching.Need(role=LECTURER)
    result = ranked(world, need)
    names = [s.elder.name for s in result if s.elder.name.startswith("老")]
    assert names == sorted(["老丙", "老甲", "老乙"])
    assert [s.elder.pk for s in result] == [s.elder.pk for s in ranked(world, need)]


def test_ranking_costs_the_same_queries_for_few_or_many_elders(world):
    def count(n):
        for i in range(n):
            e = make_elder(world, f"批量{n}-{i}", specialties=[Specialty.LAW], willing=[LECTURER],
                           slots=[(WED, T(8), T(12)), (Weekday.FRI, T(14), T(17))])
            assign(world, e, f"任务{i}")
            mentor(world, e)
        actor = world.actor("director")
        with CaptureQueriesContext(connection) as ctx:
            result = matching.rank(NEED, work_selectors.match_candidates(actor))
        return len(ctx.captured_queries), len(result)

    few, n_few = count(2)
    many, n_many = count(10)
    assert n_many > n_few
    assert few == many == 2  # the elders with their load, and their availability


def test_match_page_shows_ranked_reasons_and_assign_buttons(world, team):
    c = world.client("director")
    r = c.get(reverse("elders:match"), {"role": LECTURER, "need_kind": "activity", "need": "初二党史讲座",
                                        "specialties": ["party_history"], "weekday": "2", "start": "14:30",
                                        "end": "15:30"})
    assert r.status_code == 200
    body = r.content.decode()
    order = [body.index(f">{i}. {n}<") if f">{i}. {n}<" in body else -1
             for i, n in enumerate(["甲老", "乙老", "己老", "丙老"], start=1)]
    assert -1 not in order and order == sorted(order)
    assert "特长匹配：党史宣讲" in body and "已满负荷" in body and "戊老" not in body
    assert body.count('action="/elders/assign/"') == 6
    assert 'name="need" value="初二党史讲座"' in body


def test_match_form_refuses_a_half_time_window(world):
    r = world.client("director").get(reverse("elders:match"), {"role": LECTURER, "weekday": "2", "start": "14:00"})
    assert r.status_code == 200
    assert "时间段请同时填写开始和结束，或都不填。" in r.content.decode()


def test_match_api_returns_the_same_ranking_with_reasons(world, team):
    c = world.client("director")
    r = c.get("/api/v1/elders/match/", {"role": LECTURER, "specialties": "party_history", "weekday": 2,
                                        "start": "14:30", "end": "15:30"})
    assert r.status_code == 200, r.content
    rows = r.json()
    assert [row["name"] for row in rows] == ["甲老", "乙老", "己老", "丙老", "周老", "丁老"]
    assert rows[0]["reasons"][0] == "特长匹配：党史宣讲"
    assert rows[-1]["at_capacity"] is True and "已满负荷" in rows[-1]["concerns"]
    bad = c.get("/api/v1/elders/match/", {"role": LECTURER, "specialties": "juggling"})
    assert bad.status_code == 400 and "juggling" in bad.content.decode()
    assert world.client("elder").get("/api/v1/elders/match/", {"role": LECTURER}).status_code == 404


def test_a_link_with_only_the_role_and_specialties_ranks_for_a_task(world):
    """A bookmarked or shared match link leaves the kind out: it means a task, as the form shows."""
    Elder.objects.filter(pk=world.elder.pk).update(specialties=["party_history"],
                                                   willingness=["history_speaker"])
    body = world.client("director").get(reverse("elders:match"), {
        "role": "history_speaker", "specialties": "party_history"}).content.decode()
    assert "该字段是必填项" not in body
    assert world.elder.name in body and 'name="need_kind" value="task"' in body


def test_an_elders_mentoring_pairs_with_students_count_in_the_load(world, team):
    """A growth mentor's active mentoring pairs (the care app) weigh like any task; ended ones do not."""
    from xinhuo.care.models import Mentor, MentoringPair, MentorKind

    m = Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=team["a"], name="甲老")
    for student in (world.student_x, world.student_y):
        MentoringPair.objects.create(school=world.school, mentor=m, student=student, started_on=dt.date(2026, 9, 1))
    MentoringPair.objects.create(school=world.school, mentor=m, student=world.student_z,
                                 started_on=dt.date(2026, 9, 1), ended_on=dt.date(2026, 10, 1))
    by = {s.elder.name: s for s in ranked(world)}
    assert by["甲老"].load == 3 and by["甲老"].at_capacity  # 1 assignment + 2 pairs with students
    assert "当前任务 3/3" in by["甲老"].reasons and "已满负荷" in by["甲老"].concerns
    assert [s.elder.name for s in ranked(world)][-2:] in (["甲老", "丁老"], ["丁老", "甲老"])
    assert registry_selectors.current_load(work_selectors.match_candidates(world.actor("director"))
                                  .get(pk=team["a"].pk)) == 3
