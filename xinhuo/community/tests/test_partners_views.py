"""The partners pages and API: phones masked for all but the committee, another school's records a 404, the
directory's search (characters, pinyin initials, services), the agreement's signed file, the activity page's base,
the dashboard panel, constant query counts of the lists; the hook "directory.agencies" and the wellbeing referral
form's suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinhuo.community.partners.models import ActivityBase, Agreement, AgreementStatus, JointMeeting, Partner
from xinhuo.core.models import AccessLog
from xinhuo.core.tests.queries import rows_add_no_query

from .partners_support import PHONE, agreement, partner, pdf, resource

pytestmark = pytest.mark.django_db
MASKED = "138****9876"


def test_the_committee_sees_a_contacts_phone_others_see_it_masked(world):
    p = partner(world)
    url = reverse("community:partners-detail", args=[p.pk])
    director = world.client("director").get(url).content.decode()
    assert PHONE in director and MASKED not in director
    for persona in ("head_teacher_a", "counsellor", "elder"):
        body = world.client(persona).get(url).content.decode()
        assert PHONE not in body and MASKED in body, persona
    assert AccessLog.objects.filter(user=world.users["elder"], object_type="community.partner",
                                    object_id=str(p.pk)).exists()
    api = world.client("head_teacher_a").get(f"/api/v1/community/partners/{p.pk}/").json()
    assert api["contacts"][0]["phone"] == MASKED
    api = world.client("leader").get(f"/api/v1/community/partners/{p.pk}/").json()
    assert api["contacts"][0]["phone"] == PHONE


def test_another_schools_records_are_404(world):
    p = partner(world)
    a = agreement(world, p)
    r = resource(world, "县心理咨询中心")
    outsider = world.client("outsider")
    for url in (reverse("community:partners-detail", args=[p.pk]),
                reverse("community:partners-agreement-detail", args=[a.pk]),
                reverse("community:partners-agreement-file", args=[a.pk]),
                reverse("community:partners-resource-detail", args=[r.pk]),
                f"/api/v1/community/partners/{p.pk}/", f"/api/v1/community/directory/{r.pk}/"):
        assert outsider.get(url).status_code == 404, url
    assert outsider.get("/api/v1/community/partners/").json()["results"] == []
    assert "县革命纪念馆" not in outsider.get(reverse("community:partners-list")).content.decode()


def test_parents_and_students_have_no_partner_pages(world):
    partner(world)
    for persona in ("parent_x", "student_x"):
        assert world.client(persona).get(reverse("community:partners-list")).status_code == 404
        assert world.client(persona).get(reverse("community:partners-directory")).status_code == 404


def test_the_committee_adds_a_partner_a_contact_and_an_agreement_with_its_file(world):
    client = world.client("director")
    response = client.post(reverse("community:partners-create"), {
        "name": "县科技馆", "kind": "other", "is_base": "on", "address": "科创大道20号", "offers": "科普展厅",
        "status": "active"})
    p = Partner.objects.get(name="县科技馆")
    assert response.status_code == 302 and p.is_base
    client.post(reverse("community:partners-contact-add", args=[p.pk]),
                {"name": "周婷", "position": "科普部主管", "phone": "13900001234"})
    assert p.contacts.get().phone == "13900001234"
    today = timezone.localdate()
    response = client.post(reverse("community:partners-agreement-create", args=[p.pk]), {
        "title": "科普教育基地共建协议", "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=700)).isoformat(), "school_duties": "组织参观",
        "partner_duties": "提供讲解", "upload": pdf()})
    a = Agreement.objects.get()
    assert response.status_code == 302 and a.file_name == "协议.pdf"
    download = client.get(reverse("community:partners-agreement-file", args=[a.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    # a bad end date comes back on the form, nothing written
    response = client.post(reverse("community:partners-agreement-create", args=[p.pk]), {
        "title": "错的", "starts_on": today.isoformat(), "ends_on": (today - dt.timedelta(days=1)).isoformat()})
    assert response.status_code == 400 and Agreement.objects.count() == 1


def test_renewing_from_the_page_links_the_new_agreement(world):
    p = partner(world)
    old = agreement(world, p, ends_in=20)
    client = world.client("leader")
    form = client.get(reverse("community:partners-agreement-renew", args=[old.pk])).content.decode()
    assert (old.ends_on + dt.timedelta(days=1)).isoformat() in form  # the new term starts the next day
    response = client.post(reverse("community:partners-agreement-renew", args=[old.pk]), {
        "title": old.title, "starts_on": (old.ends_on + dt.timedelta(days=1)).isoformat(),
        "ends_on": (old.ends_on + dt.timedelta(days=1096)).isoformat()})
    assert response.status_code == 302
    old.refresh_from_db()
    new = Agreement.objects.exclude(pk=old.pk).get()
    assert old.status == AgreementStatus.RENEWED and new.renews == old
    body = client.get(reverse("community:partners-agreement-detail", args=[old.pk])).content.decode()
    assert f'data-renewal="{new.pk}"' in body


def test_a_joint_meeting_from_the_pages(world):
    a, b = partner(world), partner(world, "城关社区居民委员会", kind="community")
    client = world.client("director")
    response = client.post(reverse("community:partners-meeting-create"), {
        "held_on": timezone.localdate().isoformat(), "place": "会议室", "partners": [a.pk, b.pk],
        "topics": "新学年共建计划"})
    m = JointMeeting.objects.get()
    assert response.status_code == 302 and m.partners.count() == 2
    client.post(reverse("community:partners-followup-add", args=[m.pk]), {"text": "研学踩点", "owner": "德育处"})
    item = m.followups.get()
    client.post(reverse("community:partners-followup-done", args=[item.pk]), {"done": "1"})
    item.refresh_from_db()
    assert item.done
    body = client.get(reverse("community:partners-meeting-list")).content.decode()
    assert f'data-meeting="{m.pk}"' in body and "城关社区居民委员会" in body


def test_the_directory_finds_by_name_initials_and_services(world):
    resource(world, "县心理咨询中心", services="青少年心理咨询、危机干预")
    resource(world, "县法律援助中心", "legal", services="免费法律咨询")
    resource(world, "县图书馆", "library", services="借阅、读书会")
    resource(world, "外校心理中心", school=world.other)
    client = world.client("head_teacher_a")
    url = reverse("community:partners-directory")

    def names(**params) -> list[dict]:
        return client.get("/api/v1/community/directory/", params).json()["results"]

    assert [r["name"] for r in names(q="心理")] == ["县心理咨询中心"]
    assert [r["name"] for r in names(q="xlzx")] == ["县心理咨询中心"]  # pinyin initials of 县心理咨询中心
    assert {r["name"] for r in names(q="咨询")} == {"县心理咨询中心", "县法律援助中心"}  # services
    assert [r["name"] for r in names(kind="library")] == ["县图书馆"]
    body = client.get(url, {"q": "法律"}).content.decode()
    assert body.count("data-resource=") == 1 and "县法律援助中心" in body
    rows = client.get(url, {"q": "读书"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory-rows").content.decode()
    assert "县图书馆" in rows and "<html" not in rows  # htmx: the rows only
    assert AccessLog.objects.filter(user=world.users["head_teacher_a"], object_type="community.resource",
                                    action="search").exists()


def test_the_lists_keep_their_query_count(world):
    def counts(persona: str, url: str) -> list[str]:
        client = world.client(persona)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    urls = [reverse("community:partners-list"), reverse("community:partners-agreement-list"),
            reverse("community:partners-meeting-list"), reverse("community:partners-directory"),
            "/api/v1/community/partners/", "/api/v1/community/directory/", "/api/v1/community/agreements/",
            "/api/v1/community/meetings/"]

    def fill(n: int, tag: str):
        for i in range(n):
            p = partner(world, f"{tag}单位{i}")
            agreement(world, p)
            m = JointMeeting.objects.create(school=world.school, held_on=timezone.localdate(), topics="议题")
            m.partners.add(p)
            resource(world, f"{tag}资源{i}")

    fill(2, "少")
    small = {u: counts("director", u) for u in urls}
    fill(30, "多")
    for u in urls:
        assert rows_add_no_query(small[u], counts("director", u)), u


def _activity(world):
    from xinhuo.activities.models import Activity, ActivityKind, ActivityStatus

    start = timezone.now() + dt.timedelta(days=3)
    return Activity.objects.create(school=world.school, kind=ActivityKind.STUDY_TRIP, title="追寻红色足迹研学",
                                   organiser=world.users["head_teacher_a"], status=ActivityStatus.APPROVED,
                                   starts_at=start, ends_at=start + dt.timedelta(hours=4))


def test_the_activity_page_shows_the_base_and_the_partner_lists_its_activities(world):
    p = partner(world)
    activity = _activity(world)
    page = reverse("activities:detail", args=[activity.pk])
    organiser = world.client("head_teacher_a")
    assert 'id="activity-base-form"' in organiser.get(page).content.decode()
    assert 'id="activity-base-form"' not in world.client("head_teacher_b").get(page).content.decode()
    response = organiser.post(reverse("community:partners-activity-link", args=[activity.pk]), {"partner": p.pk})
    assert response.status_code == 302 and ActivityBase.objects.get(activity=activity).partner == p
    body = world.client("counsellor").get(page).content.decode()
    assert 'id="activity-base-name"' in body and "县革命纪念馆" in body and 'id="activity-base-form"' not in body
    listing = world.client("elder").get(reverse("community:partners-detail", args=[p.pk])).content.decode()
    assert f'data-activity="{activity.pk}"' not in listing  # the elder is not invited: not theirs to see
    listing = world.client("head_teacher_b").get(reverse("community:partners-detail", args=[p.pk])).content.decode()
    assert f'data-activity="{activity.pk}"' in listing
    # another school's partner cannot be chosen
    other = partner(world, "外校基地", school=world.other)
    assert organiser.post(reverse("community:partners-activity-link", args=[activity.pk]),
                          {"partner": other.pk}).status_code == 404


def test_the_dashboard_panel_shows_the_committee_what_ends_soon(world):
    p = partner(world)
    soon = agreement(world, p, ends_in=25, title="馆校共建协议")
    agreement(world, p, ends_in=300, title="远期协议")
    JointMeeting.objects.create(school=world.school, held_on=dt.date(2026, 9, 18), topics="议题").partners.add(p)
    body = world.client("director").get("/").content.decode()
    assert 'id="partners-panel"' in body and f'data-agreement="{soon.pk}"' in body and "远期协议" not in body
    assert "2026-09-18" in body
    assert 'id="partners-panel"' not in world.client("head_teacher_a").get("/").content.decode()


def test_the_hook_offers_the_directorys_active_agencies_of_a_kind(world):
    from xinhuo.core.registry import hook

    resource(world, "县心理咨询中心", services="青少年心理咨询", location="健康路16号")
    resource(world, "停用的心理站", status="inactive")
    resource(world, "县法律援助中心", "legal", services="法律援助")
    resource(world, "外校心理中心", school=world.other)
    agencies = hook("directory.agencies")
    assert agencies(world.school, "psychological") == [("县心理咨询中心", "青少年心理咨询 · 健康路16号")]
    assert [n for n, _d in agencies(world.school, "legal")] == ["县法律援助中心"]
    assert agencies(world.school, "hospital") == [] and agencies(world.school, "unknown") == []


def test_the_referral_form_suggests_the_directorys_agencies_and_keeps_free_text(world, monkeypatch):
    from xinhuo.wellbeing.cases.forms import ReferralForm
    from xinhuo.wellbeing.tests.matrix_cases import live_case

    resource(world, "县心理咨询中心", services="青少年心理咨询")
    resource(world, "县法律援助中心", "legal", services="法律援助")
    body = world.client("counsellor").get(reverse("wellbeing:case-detail", args=[live_case(world)])).content.decode()
    assert '<datalist id="referral-agencies">' in body and 'list="referral-agencies"' in body
    assert '<option value="县心理咨询中心">' in body and '<option value="县法律援助中心">' in body
    form = ReferralForm({"agency_kind": "other", "agency": "某某公益机构", "consent_by": "母亲",
                         "consent_on": "2026-12-01", "referred_on": "2026-12-02"}, school=world.school)
    assert form.is_valid()  # a name not in the directory is still accepted

    def no_provider(name):
        raise LookupError(name)

    monkeypatch.setattr("xinhuo.core.registry.hook", no_provider)
    form = ReferralForm(school=world.school)
    assert form.agency_suggestions == [] and "list" not in form.fields["agency"].widget.attrs


def test_the_api_writes_are_the_committees(world):
    leader, teacher = world.client("leader"), world.client("head_teacher_a")
    body = {"name": "武警县中队", "kind": "military", "offers": "国防教育"}
    assert teacher.post("/api/v1/community/partners/", body, content_type="application/json").status_code == 404
    created = leader.post("/api/v1/community/partners/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["kind_label"]
    pk = created.json()["id"]
    bad = leader.patch(f"/api/v1/community/partners/{pk}/", {"kind": "tank"}, content_type="application/json")
    assert bad.status_code == 400 and "kind" in bad.json()
    today = timezone.localdate()
    made = leader.post("/api/v1/community/agreements/", {
        "partner": pk, "title": "军民共建协议", "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=10)).isoformat()}, content_type="application/json")
    assert made.status_code == 201
    expiring = leader.get("/api/v1/community/agreements/", {"expiring": "1"}).json()["results"]
    assert [a["title"] for a in expiring] == ["军民共建协议"]
    renewed = leader.post(f"/api/v1/community/agreements/{made.json()['id']}/renew/",
                          {"ends_on": (today + dt.timedelta(days=800)).isoformat()}, content_type="application/json")
    assert renewed.status_code == 201 and renewed.json()["renews"] == made.json()["id"]
    assert teacher.get("/api/v1/community/agreements/").status_code == 404
    meeting = leader.post("/api/v1/community/meetings/", {
        "held_on": today.isoformat(), "partners": [pk], "topics": "国防教育安排"}, content_type="application/json")
    assert meeting.status_code == 201 and meeting.json()["partners"] == ["武警县中队"]
