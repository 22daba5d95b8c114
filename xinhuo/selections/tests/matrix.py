"""The selections app's access-matrix cases; test_access_matrix adds them.

Everyone of the school sees the selections; the managers (director, leader; department heads too, not a persona
here) run them; head teachers nominate from their classes; staff, elders and (for 美德少年) students vote;
parents and students see nominations only once public."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k
from xinhuo.selections.tests import helpers as h

SCHOOL = EVERYONE - {"outsider"}
MANAGE = {"director", "leader"}
NOMINATORS = MANAGE | {"head_teacher_a", "head_teacher_b"}
VOTERS = {"director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "finance", "elder", "student_x",
          "student_y"}
# a student winner's certificate: the committee, the student, the parents and the head teacher of the class
CERTIFICATE = MANAGE | {"head_teacher_a", "parent_x", "student_x"}


def sel(fn):
    return k(pk=lambda w, e: fn(w).pk)


CASES: list = [
    Case("selections:list", EVERYONE),
    Case("selections:honours", EVERYONE),
    Case("selections:new", MANAGE | {"outsider"}),
    Case("selections:detail", SCHOOL, kwargs=sel(h.voting_selection)),
    Case("selections:edit", MANAGE, kwargs=sel(h.open_selection)),
    Case("selections:step", MANAGE, ok=302, method="post", kwargs=sel(h.open_selection),
         data={"action": "close_nominations"}),
    Case("selections:nominate", NOMINATORS, kwargs=sel(h.open_selection)),
    Case("selections:review", MANAGE, kwargs=sel(h.pending_nomination)),
    Case("selections:vote", VOTERS, ok=302, method="post", kwargs=sel(h.voting_selection)),
    Case("selections:publicity", SCHOOL, kwargs=sel(h.publicity_selection)),
    Case("selections:objection-new", SCHOOL, kwargs=sel(h.proposed_nomination)),
    Case("selections:objection-handle", MANAGE, kwargs=sel(h.open_objection)),
    Case("selections:certificate", CERTIFICATE, kwargs=sel(h.winner)),
    # API
    Case("api:selection-list", EVERYONE, api=True),
    Case("api:selection-detail", SCHOOL, kwargs=sel(h.voting_selection), api=True),
    Case("api:selection-nominations", SCHOOL, kwargs=sel(h.voting_selection), api=True),
    Case("api:selection-nominate", NOMINATORS, ok=400, method="post", kwargs=sel(h.open_selection), api=True),
    Case("api:selection-vote", VOTERS, ok=400, method="post", kwargs=sel(h.voting_selection), api=True),
    Case("api:selection-step", MANAGE, ok=400, method="post", kwargs=sel(h.open_selection), api=True),
    # an objection names a nomination on the publicity list: none named here, refused for everyone of the school
    Case("api:selection-objection", SCHOOL, ok=400, method="post", kwargs=sel(h.publicity_selection), api=True),
]
