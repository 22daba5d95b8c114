"""Access-matrix cases: activity pages (list, detail, application, workflow, evidence, field tasks) and news."""

from __future__ import annotations

from xinhuo.activities.tests import helpers as h
from xinhuo.core.tests.matrix import EVERYONE, Case, k

ORGANISER = {"head_teacher_a", "director"}  # the organiser, and the director who manages every activity
APPLIERS = {"director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "outsider"}
# a published activity open to class 1 and parents: all staff, class 1's students and parent
SEES_PUBLISHED = {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "finance",
                  "student_x", "student_y", "parent_x"}


def pub(w, e):
    return h.published(w).pk


def app(w, e):
    return h.applied(w).pk


def trip(w, e):
    return h.trip(w).pk


CASES = [
    Case("activities:list", EVERYONE),
    Case("activities:new", APPLIERS),
    Case("activities:detail", SEES_PUBLISHED, kwargs=k(pk=pub)),
    Case("activities:detail", {"director", "leader", "head_teacher_a"}, kwargs=k(pk=app)),
    Case("activities:edit", ORGANISER, kwargs=k(pk=app)),
    Case("activities:transition", {"director", "leader"}, ok=302, method="post",
         kwargs=k(pk=app, action=lambda w, e: "approve")),
    Case("activities:summarise", ORGANISER, kwargs=k(pk=pub)),
    Case("activities:photo-add", ORGANISER, ok=302, method="post", kwargs=k(pk=pub)),
    Case("activities:file-add", ORGANISER, ok=302, method="post", kwargs=k(pk=pub)),
    Case("activities:evidence", SEES_PUBLISHED,
         kwargs=k(pk=pub, kind=lambda w, e: "photo", item_pk=lambda w, e: h.photo(w).pk)),
    Case("activities:evidence-delete", ORGANISER, ok=302, method="post",
         kwargs=k(pk=pub, kind=lambda w, e: "file", item_pk=lambda w, e: h.file_of(w).pk)),
    Case("activities:field-task-add", ORGANISER, ok=302, method="post", kwargs=k(pk=trip),
         data={"title": "寻访老兵"}),
    # student_y sees the trip and is told only those with a place hand in
    Case("activities:field-work-submit", {"student_x", "student_y", "parent_x"}, ok=302, method="post",
         kwargs=k(pk=trip, task_pk=lambda w, e: h.task(w).pk), data={"text": "答案"}),
    Case("activities:field-work-feedback", ORGANISER, ok=302, method="post",
         kwargs=k(pk=trip, work_pk=lambda w, e: h.work(w).pk), data={"feedback": "很好"}),
    Case("activities:publish-news", ORGANISER, ok=302, method="post", kwargs=k(pk=pub)),
    # the API
    Case("api:activity-list", EVERYONE, api=True),
    Case("api:activity-list", APPLIERS, ok=400, method="post", api=True),  # an empty application is refused
    Case("api:activity-detail", SEES_PUBLISHED, kwargs=k(pk=pub), api=True),
    Case("api:activity-detail", {"director", "leader", "head_teacher_a"}, kwargs=k(pk=app), api=True),
    Case("api:activity-step", {"director", "leader"}, method="post", kwargs=k(pk=app), data={"action": "approve"},
         api=True),
    Case("api:activity-summary", ORGANISER, ok=400, method="post", kwargs=k(pk=pub), api=True),
    # a partial change of an application: its organiser (and the director); the approvers may not change it
    Case("api:activity-detail", ORGANISER, method="patch", kwargs=k(pk=app), data={"place": "烈士陵园"}, api=True),
    # a study trip's field tasks: whoever sees the trip reads them; the organiser adds (an empty title is refused)
    # and answers; students and parents hand in (an empty hand-in is refused)
    Case("api:activity-tasks", SEES_PUBLISHED, kwargs=k(pk=trip), api=True),
    Case("api:activity-tasks", ORGANISER, ok=400, method="post", kwargs=k(pk=trip), api=True),
    Case("api:activity-hand-in", {"student_x", "student_y", "parent_x"}, ok=400, method="post", kwargs=k(pk=trip),
         api=True),
    Case("api:activity-feedback", ORGANISER, ok=400, method="post", kwargs=k(pk=trip), api=True),
    Case("api:activity-calendar", EVERYONE, api=True),
    # the photos and files kept as evidence: whoever sees the activity reads them; its organiser (and the director)
    # adds (nothing sent is refused) and removes them
    Case("api:activity-photos", SEES_PUBLISHED, kwargs=k(pk=pub), api=True),
    Case("api:activity-photos", ORGANISER, ok=400, method="post", kwargs=k(pk=pub), api=True),
    Case("api:activity-files", SEES_PUBLISHED, kwargs=k(pk=pub), api=True),
    Case("api:activity-files", ORGANISER, ok=400, method="post", kwargs=k(pk=pub), api=True),
    Case("api:activity-photo", ORGANISER, ok=204, method="delete", api=True,
         kwargs=k(pk=pub, photo_pk=lambda w, e: h.photo(w).pk)),
    Case("api:activity-file", ORGANISER, ok=204, method="delete", api=True,
         kwargs=k(pk=pub, file_pk=lambda w, e: h.file_of(w).pk)),
]
