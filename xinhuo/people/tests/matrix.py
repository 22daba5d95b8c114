"""The people app's access-matrix cases (students, guardians, staff, consents, roster); declared in manifest.py."""

from __future__ import annotations

from xinhuo.core.tests.matrix import COUNTY, EVERYONE, MANAGERS, SCHOOL_WIDE, STAFF, Case, gx, k, sa, sx  # noqa: F401
from xinhuo.people.tests import consent_helpers, rosterbook

CASES = [
    # -- people pages
    Case("people:student-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                               "student_y", "outsider"}),
    Case("people:student-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x", "student_x"}, kwargs=k(pk=sx)),
    Case("people:guardian-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "outsider"}),
    Case("people:guardian-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x"}, kwargs=k(pk=gx)),
    Case("people:staff-list", STAFF),
    Case("people:staff-detail", STAFF - {"outsider"}, kwargs=k(pk=sa)),
    Case("people:person-login", {"admin"}, method="post",
         kwargs=k(kind=lambda w, e: "student", pk=lambda w, e: w.student_z.pk)),
    Case("people:reveal", {"admin", "director", "parent_x", "student_x"}, method="post",
         kwargs=k(kind=lambda w, e: "student", pk=sx, field=lambda w, e: "id_card")),
    # -- API
    Case("api:me", EVERYONE, api=True),
    Case("api:token", set(), method="post", ok=200, denied=400, anon=400, api=True),
    Case("api:class-list", STAFF | {"elder"}, api=True),
    Case("api:class-detail", STAFF - {"outsider"} | {"elder"}, kwargs=k(pk=lambda w, e: w.class_a.pk), api=True),
    Case("api:student-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                            "student_y", "outsider"}, api=True),
    Case("api:student-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x", "student_x"}, kwargs=k(pk=sx), api=True),
    Case("api:student-reveal", {"admin", "director", "parent_x", "student_x"}, method="post",
         kwargs=k(pk=sx), data={"field": "id_card"}, api=True),
    Case("api:guardian-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "outsider"}, api=True),
    Case("api:guardian-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x"}, kwargs=k(pk=gx), api=True),
    Case("api:guardian-reveal", {"admin", "director", "counsellor", "head_teacher_a", "parent_x"}, method="post",
         kwargs=k(pk=gx), data={"field": "phone"}, api=True),
    Case("api:staff-list", STAFF, api=True),
    Case("api:staff-detail", STAFF - {"outsider"}, kwargs=k(pk=sa), api=True),
    Case("api:staff-reveal", STAFF - {"outsider"}, method="post", kwargs=k(pk=sa), data={"field": "phone"},
         api=True),
    Case("api:notification-list", EVERYONE, api=True),
    Case("api:notification-detail", {"director"}, kwargs=k(pk=lambda w, e: e["notification"].pk), api=True),
    Case("api:notification-read", {"director"}, method="post", kwargs=k(pk=lambda w, e: e["notification"].pk),
         api=True),
    Case("api-schema", EVERYONE | {COUNTY}, api=True),  # the schema is open to every API client
    # -- consent register (pages and API): seen like the student; parents and students give online
    Case("people:consent-student", SCHOOL_WIDE | {"head_teacher_a", "parent_x", "student_x"}, kwargs=k(pk=sx)),
    Case("people:consent-record", {"admin", "director", "head_teacher_a"}, kwargs=k(pk=sx)),
    Case("people:consent-register", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                                   "student_y", "outsider"}),
    Case("people:consent-mine", {"parent_x", "student_x", "student_y"}),
    Case("people:consent-give", {"parent_x", "student_x", "student_y"}, ok=400, method="post"),
    Case("people:consent-withdraw", {"admin", "director", "head_teacher_a", "parent_x"}, ok=302, method="post",
         kwargs=k(pk=lambda w, e: consent_helpers.guardian_consent(w).pk)),
    Case("people:consent-coverage", {"admin", "director", "leader", "outsider"}),
    Case("people:consent-notices", MANAGERS),
    Case("api:consent-list", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                            "student_y", "outsider"}, api=True),
    Case("api:consent-detail", SCHOOL_WIDE | {"head_teacher_a", "parent_x", "student_x"},
         kwargs=k(pk=lambda w, e: consent_helpers.guardian_consent(w).pk), api=True),
    Case("api:consent-withdraw", {"admin", "director", "head_teacher_a", "parent_x"}, method="post",
         kwargs=k(pk=lambda w, e: consent_helpers.guardian_consent(w).pk), api=True),
    Case("api:consent-give", {"parent_x", "student_x", "student_y"}, ok=400, method="post", api=True),
    Case("api:consent-record", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}, ok=400,
         method="post", api=True),
    Case("api:consent-register", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                                "student_y", "outsider"}, api=True),
    Case("api:consent-coverage", {"admin", "director", "leader", "outsider"}, api=True),
    Case("api:consent-notices", SCHOOL_WIDE | {"head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                                               "student_y", "outsider"}, api=True),
    # -- roster import and export (ORG-4): head teachers for their own classes; an upload is its uploader's only
    Case("people:roster", {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "outsider"}),
    Case("people:roster-template", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}),
    Case("people:roster-upload", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}, ok=400,
         method="post"),
    Case("people:roster-import", {"director"}, kwargs=k(pk=lambda w, e: rosterbook.an_import(w).pk)),
    Case("people:roster-import-progress", {"director"}, kwargs=k(pk=lambda w, e: rosterbook.an_import(w).pk)),
    Case("people:roster-import-confirm", {"director"}, ok=302, method="post",
         kwargs=k(pk=lambda w, e: rosterbook.an_import(w).pk)),
    Case("people:roster-import-errors", {"director"}, kwargs=k(pk=lambda w, e: rosterbook.an_import(w).pk)),
    Case("people:roster-export", {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "outsider"}),
    Case("api:roster-validate", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}, ok=400,
         method="post", api=True),
    Case("api:roster-import", {"admin", "director", "head_teacher_a", "head_teacher_b", "outsider"}, ok=400,
         method="post", api=True),
    Case("api:roster-export", {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "outsider"},
         api=True),
]

# issue 19's parts, each in its own module
from xinhuo.people.tests import matrix_guardians, matrix_staff, matrix_students  # noqa: E402

CASES += matrix_students.CASES + matrix_guardians.CASES + matrix_staff.CASES
