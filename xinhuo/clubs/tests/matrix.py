"""The clubs app's access-matrix cases; test_access_matrix adds them.

The club 书法社 is active, advised by the elder persona (周老); student_x is a member and student_y has asked to
join. Everyone of the school sees it; its advisor and the managers (director, leader; department heads too) run its
members, meetings, attendance and showcase; the showcase's photos are for the school-wide roles, the advisor and
the members' families. 科技社 waits for review, asked for (and to be advised) by head_teacher_a: the director and
the leader review it. 文学社 is active with nobody in it: students and the parent ask to join. The other school's
director (outsider) gets 404 on every object here.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from xinhuo.core.tests.matrix import EVERYONE, Case, k

MANAGERS = {"director", "leader", "elder"}  # of 书法社: the committee's managers and its advisor
REQUESTERS = {"director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "elder", "outsider"}
FAMILY = {"parent_x", "student_x", "student_y"}
PHOTO_VIEWERS = {"admin", "director", "leader", "counsellor", "elder", "parent_x", "student_x"}
SEES_CLUB = EVERYONE - {"outsider"}


def club(w, e=None):
    from xinhuo.clubs.models import Club, MembershipStatus

    from .helpers import a_club, a_member

    found = Club.objects.filter(school=w.school, name="书法社").first()
    if found:
        return found
    c = a_club(w, "书法社", capacity=30)
    a_member(c, w.student_x)
    a_member(c, w.student_y, status=MembershipStatus.REQUESTED)
    return c


def requested(w, e=None):
    from .helpers import a_club

    return a_club(w, "科技社", status="requested", elder=False, user=w.users["head_teacher_a"]).pk


def open_club(w, e=None):
    from .helpers import a_club

    return a_club(w, "文学社", elder=False, user=w.users["head_teacher_b"]).pk


def membership(w, e=None, student="student_x"):
    return club(w).memberships.get(student=getattr(w, student)).pk


def meeting(w, e=None):
    from .helpers import a_meeting

    return a_meeting(club(w)).pk


def showcase(w, e=None):
    from xinhuo.clubs.models import ClubMeeting

    from .helpers import a_meeting

    found = ClubMeeting.objects.filter(club=club(w), kind="showcase").first()
    return found or a_meeting(club(w), kind="showcase", title="期末成果展示")


def photo(w, e=None):
    from xinhuo.clubs.models import ClubPhoto

    from .helpers import png

    item = ClubPhoto(meeting=showcase(w))
    item.image.save("show.png", ContentFile(png().read()), save=True)
    return item.pk


def club_pk(w, e=None):
    return club(w).pk


CASES: list = [
    Case("clubs:list", EVERYONE),
    Case("clubs:new", REQUESTERS),
    Case("clubs:detail", SEES_CLUB, kwargs=k(pk=club_pk)),
    Case("clubs:edit", MANAGERS, kwargs=k(pk=club_pk)),
    Case("clubs:review", {"director", "leader"}, kwargs=k(pk=requested)),
    # still waiting (not returned): a message and back to the club, for its requester and the managers
    Case("clubs:resubmit", {"director", "leader", "head_teacher_a"}, ok=302, method="post", kwargs=k(pk=requested)),
    Case("clubs:close", MANAGERS, kwargs=k(pk=club_pk)),
    Case("clubs:members", MANAGERS, kwargs=k(pk=club_pk)),
    Case("clubs:member-remove", MANAGERS, ok=302, method="post", kwargs=k(pk=club_pk, membership_pk=membership)),
    Case("clubs:member-role", MANAGERS, ok=302, method="post", data={"role": "leader"},
         kwargs=k(pk=club_pk, membership_pk=membership)),
    Case("clubs:join-decide", MANAGERS, ok=302, method="post", data={"accept": "1"},
         kwargs=k(pk=club_pk, membership_pk=lambda w, e: membership(w, e, "student_y"))),
    Case("clubs:join", FAMILY, ok=302, method="post", kwargs=k(pk=open_club)),
    Case("clubs:meeting-new", MANAGERS, kwargs=k(pk=club_pk)),
    Case("clubs:meeting-detail", SEES_CLUB, kwargs=k(pk=meeting)),
    Case("clubs:meeting-edit", MANAGERS, kwargs=k(pk=meeting)),
    Case("clubs:attendance", MANAGERS, kwargs=k(pk=meeting)),
    Case("clubs:showcase", MANAGERS, kwargs=k(pk=lambda w, e: showcase(w).pk)),
    Case("clubs:photo", PHOTO_VIEWERS, kwargs=k(pk=photo)),
    Case("clubs:photo-delete", MANAGERS, ok=302, method="post", kwargs=k(pk=photo)),
]
# API
CASES += [
    Case("api:club-list", EVERYONE, api=True),
    Case("api:club-detail", SEES_CLUB, kwargs=k(pk=club_pk), api=True),
    Case("api:club-members", SEES_CLUB, kwargs=k(pk=club_pk), api=True),
    Case("api:club-member-add", MANAGERS, ok=400, method="post", kwargs=k(pk=club_pk), api=True),
    Case("api:club-meetings", SEES_CLUB, kwargs=k(pk=club_pk), api=True),
    Case("api:club-review", {"director", "leader"}, method="post", data={"action": "approve"},
         kwargs=k(pk=requested), api=True),
    Case("api:club-join", FAMILY, ok=201, method="post", kwargs=k(pk=open_club), api=True),
    # the advisor's decisions: the requests to join, then a membership named in the body (none here: refused)
    Case("api:club-requests", MANAGERS, kwargs=k(pk=club_pk), api=True),
    Case("api:club-member-decide", MANAGERS, ok=400, method="post", kwargs=k(pk=club_pk), api=True),
    Case("api:club-member-remove", MANAGERS, ok=400, method="post", kwargs=k(pk=club_pk), api=True),
    Case("api:club-member-role", MANAGERS, ok=400, method="post", kwargs=k(pk=club_pk), api=True),
    Case("api:club-attendance", MANAGERS, ok=400, method="post", kwargs=k(pk=club_pk), api=True),
    # the advisor's meetings and showcase on a phone (issue 20): an empty plan or summary is refused with the field
    Case("api:club-meetings", MANAGERS, ok=400, method="post", kwargs=k(pk=club_pk), api=True),
    Case("api:club-meeting", MANAGERS, method="patch", data={"notes": "临了《兰亭序》"},
         kwargs=k(pk=club_pk, meeting_pk=meeting), api=True),
    Case("api:club-showcase", MANAGERS, ok=400, method="post",
         kwargs=k(pk=club_pk, meeting_pk=lambda w, e: showcase(w).pk), api=True),
    Case("api:club-photo", MANAGERS, ok=204, method="delete", kwargs=k(pk=club_pk, photo_pk=photo), api=True),
]
