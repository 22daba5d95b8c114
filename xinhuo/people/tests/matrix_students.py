"""Access-matrix cases of people/students (issue 19): head teachers add and edit in their own classes; the committee
(administrator, director) moves, transfers out and undoes a leave. The outsider directs another school: its pages
open for their own school, and student_x is not theirs."""

from xinhuo.core.tests.matrix import Case, k, sx

COMMITTEE = {"admin", "director"}

CASES = [
    # a parent's children (parent_x has one: sent to student_x's page), a student's own page (issue 20)
    Case("people:mine", {"parent_x", "student_x", "student_y"}, ok=302),
    Case("people:student-add", COMMITTEE | {"head_teacher_a", "head_teacher_b", "outsider"}),
    Case("people:student-edit", COMMITTEE | {"head_teacher_a"}, kwargs=k(pk=sx)),
    Case("people:student-move", COMMITTEE, kwargs=k(pk=sx)),
    Case("people:student-leave", COMMITTEE, kwargs=k(pk=sx)),
    Case("people:student-return", COMMITTEE, kwargs=k(pk=sx)),
    # posted empty: the right to add answers 400 (nothing to add), the others 404
    Case("people:student-add", COMMITTEE | {"head_teacher_a", "head_teacher_b", "outsider"}, ok=400, method="post"),
    Case("people:student-edit", COMMITTEE | {"head_teacher_a"}, ok=400, method="post", kwargs=k(pk=sx)),
    Case("people:student-leave", COMMITTEE, ok=400, method="post", kwargs=k(pk=sx)),
    Case("api:student-list", COMMITTEE | {"head_teacher_a", "head_teacher_b", "outsider"}, ok=400, method="post",
         api=True),
    Case("api:student-move", COMMITTEE, ok=400, method="post", kwargs=k(pk=sx), api=True),
    Case("api:student-leave", COMMITTEE, ok=400, method="post", kwargs=k(pk=sx), api=True),
    Case("api:student-return", COMMITTEE, ok=400, method="post", kwargs=k(pk=sx), api=True),
]
