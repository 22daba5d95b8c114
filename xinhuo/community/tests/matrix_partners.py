"""Access-matrix cases of partners and practice bases, co-building agreements, joint meetings, the social resource
directory (COM-1, COM-2).

Partners and the directory are read by the staff and the elders (the outsider: the lists of their own school); the
committee (director, leader) writes them and alone reads agreements and joint meetings. Linking an activity to a
base: its organiser (head teacher A here) and the committee. The API follows the same rules."""

from __future__ import annotations

from xinhuo.core.tests.matrix import STAFF, Case, k

READERS = STAFF | {"elder"}
HERE = READERS - {"outsider"}
COMMITTEE = {"director", "leader"}
COMMITTEE_ANY = COMMITTEE | {"outsider"}  # the outsider in their own school


def partner(w, e=None) -> int:
    from xinhuo.community.partners.models import Partner, PartnerContact

    p, created = Partner.objects.get_or_create(school=w.school, name="矩阵基地",
                                               defaults={"kind": "red_base", "is_base": True})
    if created:
        PartnerContact.objects.create(partner=p, name="陈丽", phone="13812349876")
    return p.pk


def contact(w, e=None) -> int:
    from xinhuo.community.partners.models import PartnerContact

    return PartnerContact.objects.filter(partner_id=partner(w)).order_by("pk")[0].pk


def agreement(w, e=None) -> int:
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from xinhuo.community.partners.models import Agreement

    found = Agreement.objects.filter(school=w.school, title="矩阵协议").first()
    if found:
        return found.pk
    today = timezone.localdate()
    a = Agreement(school=w.school, partner_id=partner(w), title="矩阵协议", starts_on=today - dt.timedelta(days=10),
                  ends_on=today + dt.timedelta(days=300), file_name="协议.pdf", file_type="application/pdf")
    a.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), save=False)
    a.save()
    return a.pk


def meeting(w, e=None) -> int:
    from django.utils import timezone

    from xinhuo.community.partners.models import FollowUp, JointMeeting

    found = JointMeeting.objects.filter(school=w.school).first()
    if found:
        return found.pk
    m = JointMeeting.objects.create(school=w.school, held_on=timezone.localdate(), topics="共建计划")
    m.partners.add(partner(w))
    FollowUp.objects.create(meeting=m, text="研学踩点", owner="德育处")
    return m.pk


def followup(w, e=None) -> int:
    from xinhuo.community.partners.models import FollowUp

    meeting(w)
    return FollowUp.objects.filter(meeting__school=w.school).order_by("pk")[0].pk


def resource(w, e=None) -> int:
    from xinhuo.community.partners.models import Resource

    r, _created = Resource.objects.get_or_create(school=w.school, name="矩阵心理中心",
                                                 defaults={"kind": "psychological", "services": "心理咨询"})
    return r.pk


def activity(w, e=None) -> int:
    import datetime as dt

    from django.utils import timezone

    from xinhuo.activities.models import Activity, ActivityKind, ActivityStatus

    partner(w)
    found = Activity.objects.filter(school=w.school, title="矩阵研学").first()
    if found:
        return found.pk
    start = timezone.now() + dt.timedelta(days=5)
    return Activity.objects.create(school=w.school, kind=ActivityKind.STUDY_TRIP, title="矩阵研学",
                                   organiser=w.users["head_teacher_a"], status=ActivityStatus.APPROVED,
                                   starts_at=start, ends_at=start + dt.timedelta(hours=3)).pk


P, C, A, M, F, R, ACT = (k(pk=partner), k(pk=partner, contact=contact), k(pk=agreement), k(pk=meeting),
                         k(pk=followup), k(pk=resource), k(activity=activity))
LINKERS = COMMITTEE | {"head_teacher_a"}

CASES: list = [
    # -- partners
    Case("community:partners-list", READERS),
    Case("community:partners-create", COMMITTEE_ANY),
    Case("community:partners-create", COMMITTEE_ANY, ok=400, method="post"),
    Case("community:partners-detail", HERE, kwargs=P),
    Case("community:partners-edit", COMMITTEE, kwargs=P),
    Case("community:partners-edit", COMMITTEE, ok=400, method="post", kwargs=P),
    Case("community:partners-contact-add", COMMITTEE, ok=302, method="post", kwargs=P,
         data={"name": "张三", "phone": "13800001111"}),
    Case("community:partners-contact-delete", COMMITTEE, ok=302, method="post", kwargs=C),
    Case("community:partners-activity-link", LINKERS, ok=302, method="post", kwargs=ACT,
         data={"partner": "0"}),  # refused with a message (no such partner: its choice is checked)
    Case("community:partners-activity-unlink", LINKERS, ok=302, method="post", kwargs=ACT),
    # -- agreements
    Case("community:partners-agreement-list", COMMITTEE_ANY),
    Case("community:partners-agreement-create", COMMITTEE, kwargs=P),
    Case("community:partners-agreement-create", COMMITTEE, ok=400, method="post", kwargs=P),
    Case("community:partners-agreement-detail", COMMITTEE, kwargs=A),
    Case("community:partners-agreement-renew", COMMITTEE, kwargs=A),
    Case("community:partners-agreement-renew", COMMITTEE, ok=400, method="post", kwargs=A),
    Case("community:partners-agreement-terminate", COMMITTEE, ok=302, method="post", kwargs=A),
    Case("community:partners-agreement-upload", COMMITTEE, ok=302, method="post", kwargs=A),
    Case("community:partners-agreement-file", COMMITTEE, kwargs=A),
    # -- joint meetings
    Case("community:partners-meeting-list", COMMITTEE_ANY),
    Case("community:partners-meeting-create", COMMITTEE_ANY),
    Case("community:partners-meeting-create", COMMITTEE_ANY, ok=400, method="post"),
    Case("community:partners-meeting-detail", COMMITTEE, kwargs=M),
    Case("community:partners-meeting-detail", COMMITTEE, ok=302, method="post", kwargs=M, data={"minutes": "纪要"}),
    Case("community:partners-followup-add", COMMITTEE, ok=302, method="post", kwargs=M, data={"text": "落实"}),
    Case("community:partners-followup-done", COMMITTEE, ok=302, method="post", kwargs=F, data={"done": "1"}),
    # -- the directory
    Case("community:partners-directory", READERS),
    Case("community:partners-resource-create", COMMITTEE_ANY),
    Case("community:partners-resource-create", COMMITTEE_ANY, ok=400, method="post"),
    Case("community:partners-resource-detail", HERE, kwargs=R),
    Case("community:partners-resource-edit", COMMITTEE, kwargs=R),
    Case("community:partners-resource-edit", COMMITTEE, ok=400, method="post", kwargs=R),
    # -- API
    Case("api:community-partner-list", READERS, api=True),
    Case("api:community-partner-list", COMMITTEE_ANY, ok=201, method="post", api=True,
         data={"name": "新共建单位", "kind": "community"}),
    Case("api:community-partner-detail", HERE, api=True, kwargs=P),
    Case("api:community-partner-detail", COMMITTEE, method="patch", api=True, kwargs=P, data={"offers": "讲解"}),
    Case("api:community-agreement-list", COMMITTEE_ANY, api=True),
    Case("api:community-agreement-list", COMMITTEE_ANY, ok=400, method="post", api=True),
    Case("api:community-agreement-detail", COMMITTEE, api=True, kwargs=A),
    Case("api:community-agreement-renew", COMMITTEE, ok=400, method="post", api=True, kwargs=A),
    Case("api:community-agreement-terminate", COMMITTEE, method="post", api=True, kwargs=A),
    Case("api:community-meeting-list", COMMITTEE_ANY, api=True),
    Case("api:community-meeting-list", COMMITTEE_ANY, ok=400, method="post", api=True),
    Case("api:community-meeting-detail", COMMITTEE, api=True, kwargs=M),
    Case("api:community-resource-list", READERS, api=True),
    Case("api:community-resource-list", COMMITTEE_ANY, ok=201, method="post", api=True,
         data={"name": "新资源", "kind": "library"}),
    Case("api:community-resource-detail", HERE, api=True, kwargs=R),
    Case("api:community-resource-detail", COMMITTEE, method="patch", api=True, kwargs=R, data={"services": "借阅"}),
]
