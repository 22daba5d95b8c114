"""Access-matrix cases of the indicators (PLAN-3): the committee (director, leader) reads and edits them; everybody
else gets 404, pages and API alike. The outsider is a director of another school: their own school's lists open,
this school's indicators and dimensions are 404."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

COMMITTEE = {"director", "leader"}
OWN_SCHOOL = {"outsider"}


def indicator(w, e=None) -> int:
    from xinhuo.evaluation.indicators.services import indicators_ensure_defaults
    from xinhuo.evaluation.models import Indicator

    indicators_ensure_defaults(w.school)
    return Indicator.objects.get(school=w.school, code="plan_completion").pk


def dimension(w, e=None) -> int:
    from xinhuo.evaluation.models import Dimension

    indicator(w)
    return Dimension.objects.get(school=w.school, code="org").pk


def snapshot(w, e=None) -> int:
    from xinhuo.evaluation.indicators.services import write_snapshot
    from xinhuo.evaluation.models import Snapshot

    indicator(w)
    found = Snapshot.objects.filter(school=w.school).first() or write_snapshot(w.school, w.year, "term1")[0]
    return found.pk


IND = k(pk=indicator)
DIM = k(pk=dimension)

CASES = [
    Case("evaluation:indicators-home", COMMITTEE | OWN_SCHOOL),
    Case("evaluation:indicators-detail", COMMITTEE, kwargs=IND),
    Case("evaluation:indicators-settings", COMMITTEE | OWN_SCHOOL),
    Case("evaluation:indicators-settings", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"weight_0": "x"}),
    Case("evaluation:indicators-settings-dimension", COMMITTEE, kwargs=DIM),
    Case("evaluation:indicators-settings-dimension", COMMITTEE, ok=400, method="post", kwargs=DIM, data={}),
    Case("evaluation:indicators-snapshots", COMMITTEE | OWN_SCHOOL),
    Case("evaluation:indicators-snapshots", COMMITTEE | OWN_SCHOOL, ok=302, method="post", data={}),
    Case("api:evaluation-indicator-list", COMMITTEE | OWN_SCHOOL, api=True),
    Case("api:evaluation-indicator-detail", COMMITTEE, kwargs=IND, api=True),
    Case("api:evaluation-indicator-detail", COMMITTEE, ok=400, method="patch", kwargs=IND, data={"weight": "70"},
         api=True),
    Case("api:evaluation-indicator-figures", COMMITTEE | OWN_SCHOOL, api=True),
    Case("api:evaluation-dimension-list", COMMITTEE | OWN_SCHOOL, api=True),
    Case("api:evaluation-dimension-detail", COMMITTEE, kwargs=DIM, api=True),
    Case("api:evaluation-dimension-weights", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"weights": "x"},
         api=True),
    Case("api:evaluation-dimension-indicators", COMMITTEE, ok=400, method="post", kwargs=DIM,
         data={"changes": "x"}, api=True),
    Case("api:evaluation-snapshot-list", COMMITTEE | OWN_SCHOOL, api=True),
    Case("api:evaluation-snapshot-detail", COMMITTEE, kwargs=k(pk=snapshot), api=True),
]
