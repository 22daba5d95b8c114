"""The privacy app's access-matrix cases; test_access_matrix adds them.

A correction request about student_x (parent_x's child, a minor) waits for the director; an access request about
student_x is answered, so the family may read the summary. student_z left school past the retention period. The
director answers and holds; parents and students file (a minor student's form just lists nobody); the other
school's director (outsider) sees their own empty lists and 404 on every object here."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

FAMILY_X = {"director", "parent_x", "student_x"}
VIEWERS = {"director", "parent_x", "student_x", "student_y", "outsider"}
FILERS = {"parent_x", "student_x", "student_y"}
MANAGERS = {"director", "outsider"}  # outsider: of their own school


def open_request(w, e=None):
    from .helpers import a_request

    return a_request(w).pk


def answered_access(w, e=None):
    from xinhuo.privacy.models import RequestKind, RequestStatus

    from .helpers import a_request

    return a_request(w, kind=RequestKind.ACCESS, status=RequestStatus.DONE).pk


def summary_student(w, e=None):
    answered_access(w)
    return w.student_x.pk


def left_student(w, e=None):
    from .helpers import left

    return left(w.student_z).pk


def hold(w, e=None):
    from .helpers import a_hold, left

    return a_hold(w, left(w.student_z)).pk


CASES: list = [
    Case("privacy:requests", VIEWERS),
    Case("privacy:request-new", FILERS),
    Case("privacy:request-detail", FAMILY_X, kwargs=k(pk=open_request)),
    Case("privacy:request-answer", {"director"}, kwargs=k(pk=open_request)),
    Case("privacy:summary", FAMILY_X, kwargs=k(student_pk=summary_student)),
    Case("privacy:due", MANAGERS),
    Case("privacy:hold", {"director"}, ok=302, method="post", data={"reason": "学籍纠纷"},
         kwargs=k(student_pk=left_student)),
    # 2026001 is a student number in both schools: each director records their own school's student
    Case("privacy:leaving", MANAGERS, ok=302, method="post",
         data={"student_no": "2026001", "status": "graduated", "on": "2026-07-01"}),
    Case("privacy:release", {"director"}, ok=302, method="post", kwargs=k(pk=hold)),
    # API (filing through POST on the list is in test_api.py: one case per URL name here)
    Case("api:privacy-request-list", VIEWERS, api=True),
    Case("api:privacy-request-detail", FAMILY_X, kwargs=k(pk=open_request), api=True),
    Case("api:privacy-request-answer", {"director"}, method="post", data={"action": "answer", "comment": "已更正"},
         kwargs=k(pk=open_request), api=True),
    Case("api:privacy-request-summary", FAMILY_X, kwargs=k(pk=answered_access), api=True),
    Case("api:privacy-retention-list", MANAGERS, api=True),
    # an empty body: 400 for the directors, 404 for the others (the capability first)
    Case("api:privacy-retention-hold", MANAGERS, ok=400, method="post", api=True),
    Case("api:privacy-retention-release", MANAGERS, ok=400, method="post", api=True),
    Case("api:privacy-retention-leave", MANAGERS, method="post",
         data={"student_no": "2026001", "status": "graduated", "left_on": "2026-07-01"}, api=True),
]
