"""Access-matrix cases of the meetings part (GOV-1).

The committee (director, leader) sees and manages every meeting; the invited elder and head teacher A (also the
minute taker) see the circulated meeting; head teacher A takes its attendance and writes its minutes; the other
staff, the parent and the students see no meeting of theirs (404 on the meeting, 200 on their own empty lists, except
students and the administrator, who have no meetings pages). The leading-group meeting is seen by the committee and
its invitee head teacher B only — not by the counsellor, who owns one of its action items. The outsider is a
director of another school: their own lists open, this school's records 404."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

COMMITTEE = {"director", "leader"}
VIEW = COMMITTEE | {"head_teacher_a", "head_teacher_b", "counsellor", "finance", "elder", "parent_x"}
OWN = {"outsider"}
SEES = COMMITTEE | {"elder", "head_teacher_a"}  # the circulated meeting: the committee and its invitees
RECORDS = COMMITTEE | {"head_teacher_a"}  # chair (leader), minute taker (head teacher A), the committee


def _meeting(w, title, **kw):
    from xinhuo.governance.meetings.models import Meeting
    from xinhuo.governance.tests.meetings_support import raw_meeting

    found = Meeting.objects.filter(school=w.school, title=title).first()
    return found or raw_meeting(w, title=title, **kw)


def circulated(w, e=None):
    return _meeting(w, "矩阵例会").pk


def closed(w, e=None):
    return _meeting(w, "矩阵已结例会", status="closed", days=-3).pk


def leading(w, e=None):
    from xinhuo.governance.tests.meetings_support import raw_action

    m = _meeting(w, "矩阵领导小组会议", kind="leading", invitees=("head_teacher_b",), chair="director",
                 recorder="leader")
    if not m.actions.exists():
        raw_action(w, m, owner="counsellor")
    return m.pk


def item(w, e=None):
    from xinhuo.governance.meetings.models import Meeting
    from xinhuo.governance.tests.meetings_support import raw_action

    m = Meeting.objects.get(pk=closed(w))
    return (m.actions.first() or raw_action(w, m, owner="elder")).pk


def series(w, e=None):
    import datetime as dt

    from xinhuo.governance.meetings.models import MeetingSeries

    found = MeetingSeries.objects.filter(school=w.school).first()
    return (found or MeetingSeries.objects.create(school=w.school, kind="regular", title="关工委月例会", weekday=2,
                                                  nth=1, time=dt.time(15, 30))).pk


M, C, L, ITEM = k(pk=circulated), k(pk=closed), k(pk=leading), k(pk=item)

CASES: list = [
    Case("governance:meeting-list", VIEW | OWN),
    Case("governance:meeting-new", COMMITTEE | OWN),
    Case("governance:meeting-new", COMMITTEE | OWN, ok=400, method="post", data={"title": ""}),
    Case("governance:meeting-detail", SEES, kwargs=M),
    Case("governance:meeting-detail", COMMITTEE | {"head_teacher_b"}, kwargs=L),
    Case("governance:meeting-edit", COMMITTEE, kwargs=M),
    Case("governance:meeting-step", RECORDS, ok=302, method="post", kwargs=M, data={"action": "hold"}),
    Case("governance:meeting-reply", {"elder", "head_teacher_a"}, ok=302, method="post", kwargs=M,
         data={"reply": "yes"}),
    Case("governance:meeting-attendance", RECORDS, kwargs=M),
    Case("governance:meeting-minutes", RECORDS, kwargs=M),
    Case("governance:meeting-action-add", RECORDS, ok=302, method="post", kwargs=M, data={"title": ""}),
    Case("governance:meeting-docx", SEES, kwargs=C),
    Case("governance:meeting-actions", VIEW | OWN),
    Case("governance:meeting-action-close", COMMITTEE | {"elder"}, ok=302, method="post", kwargs=ITEM,
         data={"note": ""}),
    Case("governance:meeting-action-remove", RECORDS, ok=302, method="post", kwargs=ITEM),
    Case("governance:meeting-series", COMMITTEE | OWN),
    Case("governance:meeting-series-new", COMMITTEE | OWN),
    Case("governance:meeting-series-new", COMMITTEE | OWN, ok=400, method="post", data={"title": ""}),
    Case("governance:meeting-series-edit", COMMITTEE, kwargs=k(pk=series)),
    # -- API
    Case("api:meetings-meeting-list", VIEW | OWN, api=True),
    Case("api:meetings-meeting-detail", SEES, kwargs=M, api=True),
    Case("api:meetings-meeting-detail", COMMITTEE | {"head_teacher_b"}, kwargs=L, api=True),
    Case("api:meetings-meeting-reply", {"elder", "head_teacher_a"}, ok=400, method="post", kwargs=M, api=True),
    Case("api:meetings-meeting-attendance", RECORDS, ok=400, method="post", kwargs=M, api=True),
    Case("api:meetings-action-list", VIEW | OWN, api=True),
    Case("api:meetings-action-detail", SEES, kwargs=ITEM, api=True),
    Case("api:meetings-action-close", COMMITTEE | {"elder"}, ok=400, method="post", kwargs=ITEM, api=True),
]
