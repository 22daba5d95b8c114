"""Access-matrix cases of a survey's results (pages, exports and the surveys/results API).

结果问卷 is a named survey of the director's with one response: its results are seen by its owner and the
committee (director, leader); everyone else — the other builders included — gets 404. 匿名结果问卷 is anonymous:
it has no page of responses by name, for anyone. The API's list is open to those who build surveys (each sees
their own or, the committee, the school's)."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

BUILDERS = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b", "outsider"}
SEE = {"director", "leader"}


def _survey(w, title: str, anonymous: bool):
    import datetime as dt

    from django.utils import timezone

    from xinhuo.surveys.models import Question, Response, Survey

    found = Survey.objects.filter(school=w.school, title=title).first()
    if found:
        return found
    now = timezone.now()
    survey = Survey.objects.create(school=w.school, title=title, for_students=True, owner=w.users["director"],
                                   anonymous=anonymous, status="published", response_count=1,
                                   opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7))
    Question.objects.create(survey=survey, order=1, key="q1", kind="single", text="你满意吗",
                            options=["满意", "不满意"])
    Question.objects.create(survey=survey, order=2, key="q2", kind="long_text", text="建议")
    response = Response(survey=survey, audience="student", grade=w.grade, submitted_on=timezone.localdate(),
                        school_class=None if anonymous else w.class_a,
                        respondent=None if anonymous else w.users["student_x"])
    response.answers = {"q1": 0, "q2": "多办活动"}
    response.save()
    return survey


def named(w, e=None):
    return _survey(w, "结果问卷", anonymous=False).pk


def anonymous(w, e=None):
    return _survey(w, "匿名结果问卷", anonymous=True).pk


CASES: list = [
    Case("surveys:results", SEE, kwargs=k(pk=named)),
    Case("surveys:results", SEE, kwargs=k(pk=anonymous)),
    Case("surveys:results-texts", SEE, kwargs=k(pk=named, key=lambda w, e: "q2")),
    Case("surveys:results-responses", SEE, kwargs=k(pk=named)),
    Case("surveys:results-responses", set(), kwargs=k(pk=anonymous)),  # anonymous: no names, for nobody
    Case("surveys:results-export", SEE, kwargs=k(pk=named)),
    Case("surveys:results-summary", SEE, kwargs=k(pk=named)),
    # the API: the same rules
    Case("api:surveys-result-list", BUILDERS, api=True),
    Case("api:surveys-result-detail", SEE, kwargs=k(pk=named), api=True),
    Case("api:surveys-result-detail", SEE, kwargs=k(pk=anonymous), api=True),
]
