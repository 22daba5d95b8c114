"""Access-matrix cases of answering (SRV-2): everyone has "my surveys" (the outsider's school has no survey for
them); a survey for the whole school — students, parents, elders, teachers — is answered by exactly its audience:
the administrator's and the finance officer's accounts are not teachers, the outsider is of another school (404).
The API (/api/v1/surveys/open/) follows the same rules; a submission is 201, a named survey's draft 200."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k

AUDIENCE = {"director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "elder", "parent_x", "student_x",
            "student_y"}


def _survey(w, *, title: str, anonymous: bool = True):
    import datetime as dt

    from django.utils import timezone

    from xinhuo.core.access import build_actor
    from xinhuo.surveys import services
    from xinhuo.surveys.models import Survey

    found = Survey.objects.filter(school=w.school, title=title).first()
    if found:
        return found
    director = build_actor(w.users["director"])
    now = timezone.now()
    survey = services.survey_create(actor=director, title=title, anonymous=anonymous,
                                    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7),
                                    for_students=True, for_parents=True, for_elders=True, for_teachers=True)
    services.question_save(actor=director, survey=survey, kind="single", text="总体满意吗", required=True,
                           options=["满意", "不满意"])
    return services.survey_publish(actor=director, survey=survey)


def open_survey(w, e=None):
    return _survey(w, title="全校满意度调查").pk


def named_survey(w, e=None):
    return _survey(w, title="实名反馈", anonymous=False).pk


def answered_survey(w, e=None):
    """A survey every member of its audience has answered (their participations only: the thank-you page)."""
    from xinhuo.surveys.models import Participation

    survey = _survey(w, title="已答问卷")
    for persona in AUDIENCE:
        Participation.objects.get_or_create(survey=survey, user=w.users[persona], defaults={"audience": "teacher"})
    return survey.pk


CASES: list = [
    Case("surveys:mine", EVERYONE),
    Case("surveys:answer", AUDIENCE, kwargs=k(pk=open_survey)),
    Case("surveys:answer", AUDIENCE, ok=400, method="post", data={"page": "1", "action": "next"},
         kwargs=k(pk=open_survey)),  # the required question unanswered: the page again with its message
    Case("surveys:thanks", AUDIENCE, kwargs=k(pk=answered_survey)),
    # the API: the same audience
    Case("api:surveys-open-list", EVERYONE, api=True),
    Case("api:surveys-open-detail", AUDIENCE, kwargs=k(pk=open_survey), api=True),
    Case("api:surveys-open-submit", AUDIENCE, ok=201, method="post", data={"answers": {"q1": 0}},
         kwargs=k(pk=open_survey), api=True),
    Case("api:surveys-open-draft", AUDIENCE, method="post", data={"answers": {"q1": 1}}, kwargs=k(pk=named_survey),
         api=True),
]
