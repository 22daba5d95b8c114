"""Access-matrix cases of the questionnaire builder (pages and the surveys/manage API).

Those who build surveys (services.BUILDERS: the committee, the counsellor, the head teachers; the outsider in their
own school) reach the list, the form and the templates. 矩阵问卷 is a draft of the director's with two questions:
the committee (director, leader) manages it, everyone else — its other builders included — gets 404. The
activity 学雷锋志愿服务 is head_teacher_a's: its effect survey is made by its organiser and the committee (302 to
the new survey) and refused with a message to the others who see the activity (302 back to it)."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

BUILDERS = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b", "outsider"}
COMMITTEE = {"director", "leader"}


def draft(w, e=None):
    import datetime as dt

    from django.utils import timezone

    from xinhuo.surveys.models import Question, Survey

    found = Survey.objects.filter(school=w.school, title="矩阵问卷").first()
    if found:
        return found
    now = timezone.now()
    survey = Survey.objects.create(school=w.school, title="矩阵问卷", for_students=True, owner=w.users["director"],
                                   opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7))
    Question.objects.create(survey=survey, order=1, key="q1", kind="single", text="你满意吗", required=True,
                            options=["满意", "不满意"])
    Question.objects.create(survey=survey, order=2, key="q2", kind="long_text", text="为什么",
                            show_if={"key": "q1", "values": [1]})
    return survey


def survey(w, e=None):
    return draft(w).pk


def question(w, e=None):
    return draft(w).questions.get(key="q2").pk


def activity(w, e=None):
    from xinhuo.activities.tests.helpers import published

    return published(w).pk


PAGES = [
    Case("surveys:list", BUILDERS),
    Case("surveys:create", BUILDERS),
    Case("surveys:templates", BUILDERS),
    Case("surveys:detail", COMMITTEE, kwargs=k(pk=survey)),
    Case("surveys:edit", COMMITTEE, kwargs=k(pk=survey)),
    Case("surveys:preview", COMMITTEE, kwargs=k(pk=survey)),
    Case("surveys:question-add", COMMITTEE, kwargs=k(pk=survey)),
    Case("surveys:question-edit", COMMITTEE, kwargs=k(pk=survey, qpk=question)),
    Case("surveys:question-delete", COMMITTEE, ok=302, method="post", kwargs=k(pk=survey, qpk=question)),
    Case("surveys:question-move", COMMITTEE, ok=302, method="post", data={"by": "-1"},
         kwargs=k(pk=survey, qpk=question)),
    Case("surveys:publish", COMMITTEE, ok=302, method="post", kwargs=k(pk=survey)),
    Case("surveys:close", COMMITTEE, ok=302, method="post", kwargs=k(pk=survey)),
    Case("surveys:copy", COMMITTEE, ok=302, method="post", kwargs=k(pk=survey)),
    Case("surveys:new-version", COMMITTEE, ok=302, method="post", kwargs=k(pk=survey)),
    Case("surveys:delete", COMMITTEE, ok=302, method="post", kwargs=k(pk=survey)),
    Case("surveys:activity-effect", {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b"},
         ok=302, method="post", kwargs=k(activity_pk=activity)),
]

API = [
    Case("api:surveys-survey-list", BUILDERS, api=True),
    Case("api:surveys-survey-detail", COMMITTEE, kwargs=k(pk=survey), api=True),
    Case("api:surveys-survey-questions", COMMITTEE, kwargs=k(pk=survey), api=True),
    Case("api:surveys-survey-question", COMMITTEE, method="delete", ok=204, kwargs=k(pk=survey, qpk=question),
         api=True),
    Case("api:surveys-survey-publish", COMMITTEE, method="post", kwargs=k(pk=survey), api=True),
    Case("api:surveys-survey-close", COMMITTEE, method="post", ok=400, kwargs=k(pk=survey), api=True),
    Case("api:surveys-survey-copy", COMMITTEE, method="post", ok=201, kwargs=k(pk=survey), api=True),
]

CASES = [*PAGES, *API]
