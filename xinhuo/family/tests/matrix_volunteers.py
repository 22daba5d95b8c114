"""Access-matrix cases of parent volunteers: the roster, an activity's requests, who accepted, hours (FAM-3).

Parent X (guardian X, child in class A) volunteers and is invited to the request of head teacher A's approved
activity (open to class A). The roster is the committee's (every parent) and the head teachers' (their classes'
parents; the outsider sees their own school's, empty); asking for volunteers is the organiser's (head teacher A)
and the committee's; the request's page is theirs and the invited parent's; the hours over the year are the
committee's. The API follows the same rules. The helpers below are also the tests' (test_volunteers_*.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinhuo.core.tests.matrix import Case, k

COMMITTEE = {"director", "leader"}
ROSTER = COMMITTEE | {"head_teacher_a", "head_teacher_b", "outsider"}
REQUESTERS = COMMITTEE | {"head_teacher_a", "head_teacher_b", "counsellor", "outsider"}
MANAGERS = COMMITTEE | {"head_teacher_a"}


def at(days: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def activity(w, title: str = "校运动会", *, days: int = 7, organiser: str = "head_teacher_a", status: str = "approved",
             classes=None, **kw):
    """An activity of the world's school (made directly, as the activities tests do); the same row each call."""
    from xinhuo.activities.models import Activity

    fields = {"kind": "festival", "starts_at": at(days, 8), "ends_at": at(days, 12), "place": "学校操场",
              "organiser": w.users[organiser], "status": status} | kw
    row, created = Activity.objects.get_or_create(school=w.school, title=title, defaults=fields)
    if created:
        row.audience_classes.set([w.class_a] if classes is None else classes)
    return row


def offer(w, guardian=None, kinds: str = ",patrol,support,", skills: str = "医生", weekdays: str = "135",
          active: bool = True):
    from xinhuo.family.models import VolunteerOffer

    guardian = guardian or w.guardian_x
    row, _ = VolunteerOffer.objects.get_or_create(
        guardian=guardian, defaults={"school": guardian.school, "kinds": kinds, "skills": skills,
                                     "weekdays": weekdays, "times": "上午", "active": active})
    return row


def request(w, act=None, *, kind: str = "patrol", needed: int = 2, open_to_all: bool = False, **kw):
    from xinhuo.family.models import VolunteerRequest

    act = act or activity(w)
    fields = {"school": w.school, "kind": kind, "needed": needed, "starts_at": act.starts_at,
              "ends_at": act.ends_at, "note": "校门口护学", "open_to_all": open_to_all,
              "created_by": act.organiser} | kw
    row, _ = VolunteerRequest.objects.get_or_create(activity=act, kind=kind, defaults=fields)
    return row


def invite(w, req, guardian=None, status: str = "invited"):
    from xinhuo.family.models import VolunteerResponse

    guardian = guardian or w.guardian_x
    row, _ = VolunteerResponse.objects.get_or_create(request=req, guardian=guardian,
                                                     defaults={"status": status, "invited_at": timezone.now()})
    return row


def invited_request(w, e=None) -> int:
    """Head teacher A's request for her approved activity, parent X (a volunteer) invited."""
    offer(w)
    req = request(w)
    invite(w, req)
    return req.pk


def activity_pk(w, e=None) -> int:
    return activity(w).pk


CASES: list = [
    Case("family:volunteers-mine", {"parent_x"}),
    Case("family:volunteers-mine", {"parent_x"}, ok=400, method="post", data={"skills": "医生"}),  # no kind chosen
    Case("family:volunteers-roster", ROSTER),
    Case("family:volunteers-requests", REQUESTERS),
    Case("family:volunteers-request-new", MANAGERS, kwargs=k(activity_pk=activity_pk)),
    Case("family:volunteers-request-new", MANAGERS, ok=400, method="post", kwargs=k(activity_pk=activity_pk),
         data={"kind": "patrol", "needed": "0"}),
    Case("family:volunteers-request", MANAGERS | {"parent_x"}, kwargs=k(pk=invited_request)),
    Case("family:volunteers-request-invite", MANAGERS, ok=302, method="post", kwargs=k(pk=invited_request)),
    Case("family:volunteers-request-hours", MANAGERS, ok=302, method="post", kwargs=k(pk=invited_request)),
    Case("family:volunteers-answer", {"parent_x"}, ok=302, method="post", data={"answer": "accept"},
         kwargs=k(pk=invited_request)),
    Case("family:volunteers-hours", COMMITTEE | {"outsider"}),
    # the API
    Case("api:volunteers-offer", {"parent_x"}, api=True),
    Case("api:volunteers-offer", {"parent_x"}, method="put", data={"kinds": ["patrol"], "skills": "厨师"}, api=True),
    Case("api:volunteers-invitations", {"parent_x"}, api=True),
    Case("api:volunteers-roster", ROSTER, api=True),
    Case("api:volunteers-hours", COMMITTEE | {"outsider"}, api=True),
    Case("api:volunteers-request-list", REQUESTERS, api=True),
    Case("api:volunteers-request-list", REQUESTERS, ok=400, method="post", data={}, api=True),
    Case("api:volunteers-request-detail", MANAGERS | {"parent_x"}, kwargs=k(pk=invited_request), api=True),
    Case("api:volunteers-request-invite", MANAGERS, ok=400, method="post", data={"guardians": []},
         kwargs=k(pk=invited_request), api=True),
    Case("api:volunteers-request-hours", MANAGERS, ok=400, method="post", data={"served": []},
         kwargs=k(pk=invited_request), api=True),
    Case("api:volunteers-request-answer", {"parent_x"}, method="post", data={"answer": "accept"},
         kwargs=k(pk=invited_request), api=True),
]
