"""Access-matrix cases of people/guardians (issue 19): the administrator and director for every student, head
teacher A for class A's student (张小明) and his guardians; nobody else, parents included."""

from xinhuo.core.tests.matrix import Case, gx, k, sx

CHANGERS = {"admin", "director", "head_teacher_a"}


def gx2(w, e):
    return w.guardian_x2.pk


CASES = [
    Case("people:student-guardians", CHANGERS, kwargs=k(pk=sx)),
    Case("people:guardian-add", CHANGERS, kwargs=k(pk=sx)),
    Case("people:guardian-add", CHANGERS, ok=400, method="post", kwargs=k(pk=sx)),
    Case("people:guardian-edit", CHANGERS, kwargs=k(pk=gx)),
    Case("people:guardian-edit", CHANGERS, ok=400, method="post", kwargs=k(pk=gx)),
    Case("people:guardian-link", CHANGERS, kwargs=k(pk=gx)),
    Case("people:guardian-link", CHANGERS, ok=400, method="post", kwargs=k(pk=gx)),
    Case("people:guardianship-edit", CHANGERS, kwargs=k(pk=gx, student_pk=sx)),
    Case("people:guardian-unlink", CHANGERS, kwargs=k(pk=gx, student_pk=sx)),
    # 张大明 has a login and no other child: refused until confirmed
    Case("people:guardian-unlink", CHANGERS, ok=400, method="post", kwargs=k(pk=gx, student_pk=sx)),
    Case("people:guardian-primary", CHANGERS, ok=302, method="post", kwargs=k(pk=gx2, student_pk=sx)),
    # API: a new guardian names its student in the body (any head teacher reaches the checks)
    Case("api:guardian-list", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}, ok=400,
         method="post", api=True),
    Case("api:guardian-detail", CHANGERS, method="patch", kwargs=k(pk=gx), api=True),
    Case("api:guardian-link", CHANGERS, ok=400, method="post", kwargs=k(pk=gx), api=True),
    Case("api:guardian-unlink", CHANGERS, ok=400, method="post", kwargs=k(pk=gx), api=True),
    Case("api:guardian-primary", CHANGERS, ok=400, method="post", kwargs=k(pk=gx), api=True),
    # the relation to a child (issue 20): the student named in the body (none here: refused)
    Case("api:guardian-guardianship", CHANGERS, ok=400, method="post", kwargs=k(pk=gx), api=True),
]
