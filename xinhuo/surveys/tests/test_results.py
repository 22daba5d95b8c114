"""A survey's statistics (SRV-2): each question type computed right on known answers, small groups suppressed in
anonymous surveys (filters, cross-tab, the whole survey), response rates, the pages, the access rules."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from xinhuo.core.models import AccessLog, Grade, SchoolClass
from xinhuo.surveys.models import Participation
from xinhuo.surveys.results import selectors
from xinhuo.surveys.results.selectors import Filters

from .results_support import add, known_survey, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def by_key(stats):
    return {q["key"]: q for q in stats.questions}


def test_each_question_type_computed_right(world):
    stats = selectors.statistics(known_survey(world, anonymous=False))
    assert stats.total == 6 and not stats.hidden
    q = by_key(stats)
    assert [(o["label"], o["count"], o["pct"]) for o in q["q1"]["options"]] == [
        ("满意", 3, 60.0), ("一般", 1, 20.0), ("不满意", 1, 20.0)]
    # multiple choice: percent of those who answered, so they add up to more than 100
    assert [(o["count"], o["pct"]) for o in q["q2"]["options"]] == [(3, 60.0), (2, 40.0), (2, 40.0)]
    assert q["q3"]["mean"] == 3.6 and [s["count"] for s in q["q3"]["scale"]] == [0, 1, 1, 2, 1]
    assert q["q3"]["scale"][3]["label"] == "同意"  # the Likert scale's own words
    assert q["q4"]["mean"] == 3.8 and q["q4"]["n"] == 5
    rows = q["q5"]["rows"]
    assert (rows[0]["mean"], rows[0]["n"], rows[1]["mean"], rows[1]["n"]) == (3.8, 5, 4.0, 4)
    assert rows[1]["counts"] == [0, 0, 1, 2, 1] and rows[1]["pcts"] == [0.0, 0.0, 25.0, 50.0, 25.0]
    assert (q["q6"]["n"], q["q6"]["mean"], q["q6"]["min"], q["q6"]["max"], q["q6"]["median"]) == (4, 5.5, 2, 10, 5.0)
    assert q["q7"]["months"] == [{"month": "2026-09", "count": 2}, {"month": "2026-10", "count": 1}]
    assert q["q8"]["count"] == 4
    # ranking: the mean place of each option, best first
    assert [(o["label"], o["mean_place"], o["first"]) for o in q["q9"]["options"]] == [
        ("讲座", 1.6, 3), ("研学", 2.0, 1), ("志愿服务", 2.4, 1)]


def test_anonymous_survey_shows_nothing_under_five_responses(world):
    survey = make_survey(world)
    for answers in [{"q1": 0}] * 4:
        add(survey, answers, grade=world.grade)
    stats = selectors.statistics(survey)
    assert stats.hidden and stats.questions == []
    page = world.client("director").get(reverse("surveys:results", args=[survey.pk]))
    assert page.status_code == 200
    assert "5" in page.content.decode() and 'id="suppressed"' in page.content.decode()
    add(survey, {"q1": 1}, grade=world.grade)
    assert not selectors.statistics(survey).hidden


def test_anonymous_question_answered_by_fewer_than_five_is_hidden(world):
    q = by_key(selectors.statistics(known_survey(world)))
    assert q["q6"]["hidden"] and "mean" not in q["q6"]  # 4 answered the number
    assert q["q7"]["hidden"] and not q["q1"]["hidden"]


def grades(world, n):
    return [Grade.objects.create(school=world.school, name=f"初{i}", level=7 + i) for i in range(1, n + 1)]


def test_anonymous_filter_below_five_or_leaving_out_below_five_is_hidden(world):
    g2, g3 = grades(world, 2)
    survey = make_survey(world)
    for grade, n in ((world.grade, 5), (g2, 5), (g3, 2)):
        for _i in range(n):
            add(survey, {"q1": 0}, grade=grade)
    small = selectors.statistics(survey, Filters(grade=g3.pk))
    assert small.hidden and small.why == "少于5份，不显示"
    # grade 1 has 5, but what it leaves out (7) is fine: shown
    assert not selectors.statistics(survey, Filters(grade=world.grade.pk)).hidden
    add(survey, {"q1": 0}, audience="parent", grade=world.grade)
    # students: 12 of 13, the one parent would be the whole minus the filter: hidden
    assert selectors.statistics(survey, Filters(audience="student")).hidden
    page = world.client("director").get(reverse("surveys:results", args=[survey.pk]), {"grade": g3.pk})
    assert "少于5份，不显示" in page.content.decode()


def test_named_survey_shows_small_groups(world):
    g2, = grades(world, 1)
    survey = make_survey(world, anonymous=False)
    for _i in range(5):
        add(survey, {"q1": 0}, grade=world.grade)
    add(survey, {"q1": 2}, grade=g2)
    stats = selectors.statistics(survey, Filters(grade=g2.pk))
    assert not stats.hidden and by_key(stats)["q1"]["options"][2]["count"] == 1


def test_crosstab_hides_small_groups_in_anonymous_surveys_and_the_next_smallest(world):
    g2, g3 = grades(world, 2)
    survey = make_survey(world)
    for grade, n, answer in ((world.grade, 7, 0), (g2, 5, 1), (g3, 2, 2)):
        for _i in range(n):
            add(survey, {"q1": answer, "q3": 4}, grade=grade)
    table = selectors.crosstab(survey, "q1", "grade")
    rows = {r["group"]: r for r in table["rows"]}
    assert rows["初2"]["hidden"] and rows["初2"]["cells"] == []  # 2 responses
    # the hidden ones would add up to 2 (the total minus the shown groups): the next smallest goes too
    assert rows["初1"]["hidden"]
    assert not rows["初一"]["hidden"] and rows["初一"]["cells"][0] == {"count": 7, "pct": 100.0}
    # by class only for named surveys
    assert selectors.crosstab(survey, "q1", "class") is None
    page = world.client("director").get(reverse("surveys:results", args=[survey.pk]), {"xq": "q1", "by": "grade"})
    html = page.content.decode()
    assert 'id="crosstab"' in html and html.count("少于5份，不显示") >= 2


def test_crosstab_by_class_of_a_named_survey_shows_every_group(world):
    survey = make_survey(world, anonymous=False)
    add(survey, {"q3": 5}, school_class=world.class_a, grade=world.grade, respondent=world.users["student_x"])
    add(survey, {"q3": 2}, school_class=world.class_b, grade=world.grade)
    table = selectors.crosstab(survey, "q3", "class")
    means = {r["group"]: r["mean"] for r in table["rows"]}
    assert means == {str(world.class_a): 5.0, str(world.class_b): 2.0}
    assert table["scale"] and len(table["columns"]) == 5


def test_response_rates_per_audience_and_class(world):
    survey = make_survey(world, for_students=True, for_parents=True, classes=[world.class_a])
    Participation.objects.create(survey=survey, user=world.users["student_x"], audience="student",
                                 school_class=world.class_a)
    Participation.objects.create(survey=survey, user=world.users["parent_x"], audience="parent",
                                 school_class=world.class_a)
    # a draft (named surveys) is not an answer
    Participation.objects.create(survey=survey, user=world.users["student_y"], audience="student",
                                 school_class=world.class_a, submitted=False)
    rates = {(r.audience, r.group): r for r in selectors.response_rates(survey)}
    students = rates[("student", "")]
    assert (students.invited, students.answered, students.pct) == (2, 1, 50.0)  # x and y of class 1 have accounts
    assert rates[("student", str(world.class_a))].answered == 1
    parents = rates[("parent", "")]
    assert parents.answered == 1 and parents.invited >= 1
    html = world.client("director").get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "50.0%" in html


def test_text_answers_searchable_paginated_and_never_named(world):
    survey = known_survey(world, anonymous=False)
    url = reverse("surveys:results-texts", args=[survey.pk, "q8"])
    client = world.client("director")
    html = client.get(url, {"q": "讲座"}).content.decode()
    assert "多办讲座" in html and "很好" not in html
    assert client.get(url).content.decode().count('class="list-group-item text-answer"') == 4
    assert client.get(reverse("surveys:results-texts", args=[survey.pk, "q1"])).status_code == 404
    texts, why = selectors.text_answers(survey, "q8")
    assert len(texts) == 4 and why == ""


def test_named_responses_are_access_logged_and_anonymous_have_none(world):
    type(world.users["student_x"]).objects.filter(pk=world.users["student_x"].pk).update(full_name="张小明")
    survey = make_survey(world, anonymous=False)
    add(survey, {"q1": 0, "q2": [0, 2]}, school_class=world.class_a, grade=world.grade,
        respondent=world.users["student_x"])
    client = world.client("director")
    page = client.get(reverse("surveys:results-responses", args=[survey.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "张小明" in html and "讲座；志愿服务" in html
    log = AccessLog.objects.filter(object_type="survey_response", object_id=str(survey.pk)).latest("pk")
    assert log.user == world.users["director"] and log.detail["count"] == 1
    anonymous = known_survey(world)
    assert client.get(reverse("surveys:results-responses", args=[anonymous.pk])).status_code == 404
    # no name anywhere on an anonymous survey's pages
    html = client.get(reverse("surveys:results", args=[anonymous.pk])).content.decode()
    assert "张小明" not in html and "李小红" not in html


def test_a_head_teacher_who_does_not_own_the_survey_gets_404(world):
    survey = known_survey(world)
    for name in ("surveys:results", "surveys:results-export", "surveys:results-summary"):
        assert world.client("head_teacher_a").get(reverse(name, args=[survey.pk])).status_code == 404
    assert world.client("head_teacher_a").get(
        reverse("surveys:results-texts", args=[survey.pk, "q8"])).status_code == 404
    assert world.client("leader").get(reverse("surveys:results", args=[survey.pk])).status_code == 200
    own = make_survey(world, owner="head_teacher_a", for_students=True, classes=[world.class_a])
    assert world.client("head_teacher_a").get(reverse("surveys:results", args=[own.pk])).status_code == 200


def test_results_page_draws_from_embedded_data_with_table_fallbacks(world):
    survey = known_survey(world, anonymous=False)
    html = world.client("director").get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert 'id="chart-data" type="application/json"' in html
    assert "vendor/echarts/echarts.min.js" in html and "core/charts.js" in html
    assert "<script>" not in html.split("</nav>", 1)[1]  # no inline script in the page's content
    for chart in ("chart-q1", "chart-q3", "chart-q5", "chart-q9"):
        assert f'id="{chart}"' in html and f'data-for="{chart}"' in html
    assert "最多人选择" in html or "most chose" in html  # the text alternative


def test_results_page_query_count_does_not_grow_with_responses(world, django_assert_max_num_queries):
    survey = make_survey(world, anonymous=False)
    for _i in range(5):
        add(survey, {"q1": 0, "q8": "好"}, school_class=world.class_a, grade=world.grade)
    client = world.client("director")
    url = reverse("surveys:results", args=[survey.pk])
    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(40):
        add(survey, {"q1": 1, "q3": 4, "q8": "很好"}, school_class=world.class_b, grade=world.grade)
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_filters_limit_the_statistics(world):
    survey = make_survey(world, anonymous=False)
    add(survey, {"q1": 0}, school_class=world.class_a, grade=world.grade)
    add(survey, {"q1": 1}, school_class=world.class_b, grade=world.grade)
    stats = selectors.statistics(survey, Filters(school_class=world.class_b.pk))
    assert stats.total == 1 and by_key(stats)["q1"]["options"][1]["count"] == 1
    # an anonymous survey has no class filter: a response keeps no class
    anonymous = make_survey(world)
    assert Filters.from_query(anonymous, {"class": str(world.class_a.pk)}).school_class is None
    # junk in the query is ignored, never a 500
    assert world.client("director").get(reverse("surveys:results", args=[survey.pk]),
                                        {"grade": "x' or 1", "audience": "nobody", "xq": "zz",
                                         "by": "?"}).status_code == 200


def test_api_gives_the_same_statistics_with_the_same_rules(world):
    survey = known_survey(world)
    client = world.client("director")
    data = client.get(reverse("api:surveys-result-detail", args=[survey.pk])).json()
    assert data["total"] == 6 and data["questions"][0]["options"][0]["count"] == 3
    assert "respondent" not in str(data)
    listed = client.get(reverse("api:surveys-result-list")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["response_count"] for r in rows if r["id"] == survey.pk] == [6]
    assert world.client("head_teacher_a").get(
        reverse("api:surveys-result-detail", args=[survey.pk])).status_code == 404
    small = make_survey(world, title="小调查")
    add(small, {"q1": 0})
    hidden = client.get(reverse("api:surveys-result-detail", args=[small.pk])).json()
    assert hidden["hidden"] and hidden["questions"] == []


def test_statistics_are_cached_until_someone_answers(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    survey = known_survey(world)
    selectors.statistics(survey)
    with CaptureQueriesContext(connection) as seen:
        selectors.statistics(survey)
    assert not [q for q in seen.captured_queries if "surveys_response" in q["sql"]]  # no answer read again
    add(survey, {"q1": 2})
    assert selectors.statistics(survey).total == 7


def test_unknown_class_in_rates_and_grade_names(world):
    other = SchoolClass.objects.create(school=world.school, grade=world.grade, number=9, name="9班")
    survey = make_survey(world, for_parents=True, parent_classes=[other])
    rates = selectors.response_rates(survey)
    assert rates[0].audience == "parent" and rates[0].invited == 0 and rates[0].pct is None
