"""Surveys with known answers for the results tests and the access matrix: answers are written as rows directly
(the answering services are tested elsewhere), as many as a test needs."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from xinhuo.surveys import services
from xinhuo.surveys.models import Participation, Response, Survey

QUESTIONS = [
    {"kind": "single", "text": "你对关工委活动满意吗", "options": ["满意", "一般", "不满意"]},
    {"kind": "multiple", "text": "你参加过哪些活动", "options": ["讲座", "研学", "志愿服务"]},
    {"kind": "likert", "text": "活动对我有帮助", "points": 5},
    {"kind": "rating", "text": "给活动打分", "points": 5},
    {"kind": "matrix", "text": "各项工作满意度", "rows": ["心理健康", "校园安全"], "points": 5},
    {"kind": "number", "text": "每月参加几小时"},
    {"kind": "date", "text": "最近一次参加的日期"},
    {"kind": "short_text", "text": "一句话建议"},
    {"kind": "ranking", "text": "最喜欢的活动排序", "options": ["讲座", "研学", "志愿服务"]},
]


def make_survey(w, *, anonymous: bool = True, title: str = "学生满意度调查", owner: str = "director",
                purpose: str = "general", questions=QUESTIONS, **audience) -> Survey:
    actor = w.actor(owner)
    now = timezone.now()
    survey = services.survey_create(actor=actor, title=title, anonymous=anonymous, purpose=purpose,
                                    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7),
                                    **(audience or {"for_students": True}))
    for q in questions:
        services.question_save(actor=actor, survey=survey, **q)
    return services.survey_publish(actor=actor, survey=survey)


def add(survey: Survey, answers: dict, *, audience: str = "student", grade=None, school_class=None,
        respondent=None, day: dt.date | None = None) -> Response:
    """One submitted response (and, for a respondent, their participation)."""
    response = Response(survey=survey, audience=audience, grade=grade,
                        school_class=None if survey.anonymous else school_class,
                        respondent=None if survey.anonymous else respondent,
                        submitted_on=day or timezone.localdate())
    response.answers = answers
    response.save()
    if respondent is not None:
        Participation.objects.create(survey=survey, user=respondent, audience=audience, school_class=school_class)
    Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
    survey.refresh_from_db()
    return response


# six responses whose statistics the tests know
KNOWN = [
    {"q1": 0, "q2": [0, 1], "q3": 5, "q4": 4, "q5": {"0": 5, "1": 4}, "q6": 2, "q7": "2026-09-10", "q8": "很好",
     "q9": [0, 1, 2]},
    {"q1": 0, "q2": [0], "q3": 4, "q4": 5, "q5": {"0": 4, "1": 4}, "q6": 4, "q7": "2026-09-20", "q8": "多办讲座",
     "q9": [1, 0, 2]},
    {"q1": 1, "q2": [2], "q3": 4, "q4": 3, "q5": {"0": 3}, "q6": 6, "q7": "2026-10-01", "q8": "=1+1",
     "q9": [0, 2, 1]},
    {"q1": 2, "q2": [0, 2], "q3": 2, "q4": 2, "q5": {"0": 2, "1": 5}, "q6": 10, "q9": [0, 1, 2]},
    {"q1": 0, "q3": 3, "q4": 5, "q5": {"0": 5, "1": 3}, "q8": "希望多些研学", "q9": [2, 1, 0]},
    {"q2": [1]},
]


def known_survey(w, *, anonymous: bool = True, grade=None) -> Survey:
    survey = make_survey(w, anonymous=anonymous)
    for answers in KNOWN:
        add(survey, answers, grade=grade or w.grade)
    return survey
