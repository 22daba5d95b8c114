"""The partners part's writes: validation (a refusal in Chinese, nothing written), dates, the signed file's checks,
renewal, the committee-only rule, joint meetings and linking an activity to a base."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from xinhuo.community.partners import services
from xinhuo.community.partners.models import (
    ActivityBase,
    Agreement,
    AgreementStatus,
    JointMeeting,
    Partner,
    PartnerContact,
    PartnerStatus,
    Resource,
)
from xinhuo.core.tests.helpers import when_run

from .partners_support import jpeg, partner, pdf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_committee_adds_a_partner_with_its_pinyin_initials(world):
    p = services.partner_save(actor=world.actor("director"), name="县博物馆", kind="museum", is_base=True,
                              address="文化路6号", offers="馆校共建课程")
    assert (p.school, p.is_base, p.status, p.name_initials) == (world.school, True, "active", "xbwg")


@pytest.mark.parametrize("fields, key", [
    ({"name": "", "kind": "museum"}, "name"),
    ({"name": "县博物馆", "kind": "zoo"}, "kind"),
    ({"name": "县博物馆", "kind": "museum", "status": "closed"}, "status"),
    ({"name": "县博物馆", "kind": "museum", "offers": "长" * 2001}, "offers"),
])
def test_a_partner_with_bad_fields_is_refused_by_field(world, fields, key):
    with pytest.raises(ValidationError) as exc:
        services.partner_save(actor=world.actor("director"), **fields)
    assert key in exc.value.message_dict and all(exc.value.message_dict[key])
    assert not Partner.objects.exists()


def test_two_partners_of_one_name_are_refused_but_another_school_may_have_it(world):
    services.partner_save(actor=world.actor("director"), name="县博物馆", kind="museum")
    with pytest.raises(ValidationError) as exc:
        services.partner_save(actor=world.actor("leader"), name="县博物馆", kind="museum")
    assert "name" in exc.value.message_dict
    services.partner_save(actor=world.actor("outsider"), name="县博物馆", kind="museum")
    assert Partner.objects.count() == 2


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "admin", "elder", "parent_x"])
def test_only_the_committee_writes_partners(world, persona):
    with pytest.raises(Http404):
        services.partner_save(actor=world.actor(persona), name="县博物馆", kind="museum")


def test_another_schools_partner_cannot_be_changed(world):
    p = partner(world)
    with pytest.raises(Http404):
        services.partner_save(actor=world.actor("outsider"), partner=p, name="改名", kind="museum")
    with pytest.raises(Http404):
        services.contact_add(actor=world.actor("outsider"), partner=p, name="张三")


def test_a_contacts_phone_is_checked_and_kept_encrypted(world):
    p = partner(world)
    with pytest.raises(ValidationError) as exc:
        services.contact_add(actor=world.actor("director"), partner=p, name="张三", phone="电话138")
    assert "phone" in exc.value.message_dict
    c = services.contact_add(actor=world.actor("director"), partner=p, name="张三", position="主任",
                             phone="138 1234 5678")
    assert PartnerContact.objects.get(pk=c.pk).phone == "13812345678"
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT phone FROM community_partnercontact WHERE id = %s", [c.pk])
        assert "13812345678" not in cur.fetchone()[0]


def _agree(world, p, **kw):
    values: dict = {"title": "馆校共建协议", "starts_on": TODAY(), "ends_on": TODAY() + dt.timedelta(days=730)}
    values.update(kw)
    return services.agreement_create(actor=world.actor("director"), partner=p, **values)


def test_an_agreement_keeps_its_term_duties_and_signed_pdf(world):
    p = partner(world)
    a = _agree(world, p, school_duties="组织学生参观", partner_duties="提供讲解", upload=pdf(),
               signed_on=TODAY())
    a.refresh_from_db()
    assert a.status == AgreementStatus.IN_FORCE and a.file_name == "协议.pdf" and a.file_type == "application/pdf"
    assert a.file.name.startswith(f"community/{world.school.pk}/agreements/") and a.file_size > 0
    assert a.file.read().startswith(b"%PDF")


def test_a_photo_of_the_signed_agreement_is_accepted(world):
    a = _agree(world, partner(world), upload=jpeg())
    assert a.file_type == "image/jpeg"


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("协议.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
    SimpleUploadedFile("协议.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"),
    SimpleUploadedFile("协议.docx", b"PK\x03\x04", content_type="application/octet-stream"),
    SimpleUploadedFile("协议.pdf", b"", content_type="application/pdf"),
])
def test_a_signed_file_that_is_not_a_pdf_or_picture_is_refused(world, upload):
    with pytest.raises(ValidationError) as exc:
        _agree(world, partner(world), upload=upload)
    assert "file" in exc.value.message_dict
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("fields, key", [
    ({"title": ""}, "title"),
    ({"starts_on": None}, "starts_on"),
    ({"ends_on": None}, "ends_on"),
    (lambda: {"ends_on": TODAY() - dt.timedelta(days=1)}, "ends_on"),
    (lambda: {"ends_on": TODAY() + dt.timedelta(days=366 * 11)}, "ends_on"),
    (lambda: {"signed_on": TODAY() + dt.timedelta(days=3)}, "signed_on"),
])
def test_an_agreements_dates_and_title_are_checked(world, fields, key):
    with pytest.raises(ValidationError) as exc:
        _agree(world, partner(world), **when_run(fields))
    assert key in exc.value.message_dict
    assert not Agreement.objects.exists()


def test_no_agreement_with_a_partner_whose_cooperation_ended(world):
    p = partner(world)
    Partner.objects.filter(pk=p.pk).update(status=PartnerStatus.ENDED)
    p.refresh_from_db()
    with pytest.raises(ValidationError):
        _agree(world, p)


def test_an_old_agreement_recorded_afterwards_is_expired(world):
    a = _agree(world, partner(world), starts_on=TODAY() - dt.timedelta(days=800),
               ends_on=TODAY() - dt.timedelta(days=5))
    assert a.status == AgreementStatus.EXPIRED


def test_renewal_is_a_new_agreement_linked_to_the_old_one(world):
    p = partner(world)
    old = _agree(world, p, starts_on=TODAY() - dt.timedelta(days=700), ends_on=TODAY() + dt.timedelta(days=20),
                 school_duties="组织学生参观", partner_duties="提供讲解")
    new = services.agreement_renew(actor=world.actor("leader"), agreement=old,
                                   ends_on=TODAY() + dt.timedelta(days=20 + 3 * 365))
    old.refresh_from_db()
    assert old.status == AgreementStatus.RENEWED and new.renews_id == old.pk
    assert new.starts_on == old.ends_on + dt.timedelta(days=1)
    assert (new.title, new.school_duties, new.partner_duties) == (old.title, "组织学生参观", "提供讲解")
    assert new.status == AgreementStatus.IN_FORCE
    with pytest.raises(ValidationError):  # renewed once: renew the new one
        services.agreement_renew(actor=world.actor("leader"), agreement=old, ends_on=TODAY() + dt.timedelta(days=2000))
    assert Agreement.objects.count() == 2


def test_a_refused_renewal_leaves_the_old_agreement_as_it_was(world):
    old = _agree(world, partner(world))
    with pytest.raises(ValidationError):
        services.agreement_renew(actor=world.actor("director"), agreement=old, ends_on=None)
    old.refresh_from_db()
    assert old.status == AgreementStatus.IN_FORCE and Agreement.objects.count() == 1


def test_terminating_and_replacing_the_file(world):
    a = _agree(world, partner(world))
    services.agreement_file_replace(actor=world.actor("director"), agreement=a, upload=pdf("扫描件.pdf"))
    assert a.file_name == "扫描件.pdf"
    services.agreement_terminate(actor=world.actor("director"), agreement=a)
    assert a.status == AgreementStatus.TERMINATED
    with pytest.raises(ValidationError):
        services.agreement_terminate(actor=world.actor("director"), agreement=a)


def test_the_head_teacher_cannot_record_an_agreement(world):
    with pytest.raises(Http404):
        services.agreement_create(actor=world.actor("head_teacher_a"), partner=partner(world), title="协议",
                                  starts_on=TODAY(), ends_on=TODAY() + dt.timedelta(days=30))


def test_a_joint_meeting_with_follow_up_items(world):
    a, b = partner(world), partner(world, "城关社区居民委员会", kind="community")
    director = world.actor("director")
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(actor=director, held_on=None, partners=[], topics="")
    assert {"held_on", "partners", "topics"} <= set(exc.value.message_dict)
    m = services.meeting_create(actor=director, held_on=TODAY(), partners=[a, b], topics="新学年共建计划")
    assert set(m.partners.all()) == {a, b}
    item = services.followup_add(actor=director, meeting=m, text="确定研学路线", owner="德育处")
    services.followup_mark(actor=director, followup=item, done=True)
    item.refresh_from_db()
    assert item.done
    other = partner(world, "外校基地", school=world.other)
    with pytest.raises(Http404):
        services.meeting_create(actor=director, held_on=TODAY(), partners=[other], topics="x")
    assert JointMeeting.objects.count() == 1


def _activity(world, organiser):
    from xinhuo.activities.models import Activity, ActivityKind

    start = timezone.now() + dt.timedelta(days=3)
    return Activity.objects.create(school=world.school, kind=ActivityKind.STUDY_TRIP, title="追寻红色足迹研学",
                                   organiser=organiser, starts_at=start, ends_at=start + dt.timedelta(hours=4))


def test_the_organiser_and_the_committee_link_an_activity_to_a_base(world):
    p, q = partner(world), partner(world, "县烈士陵园")
    activity = _activity(world, world.users["head_teacher_a"])
    services.activity_link(actor=world.actor("head_teacher_a"), activity=activity, partner=p)
    services.activity_link(actor=world.actor("director"), activity=activity, partner=q)  # changes it
    assert ActivityBase.objects.get(activity=activity).partner == q
    with pytest.raises(Http404):  # another teacher, not the organiser
        services.activity_link(actor=world.actor("head_teacher_b"), activity=activity, partner=p)
    with pytest.raises(Http404):
        services.activity_link(actor=world.actor("parent_x"), activity=activity, partner=p)
    services.activity_unlink(actor=world.actor("head_teacher_a"), activity=activity)
    assert not ActivityBase.objects.exists()


def test_a_directory_entry_is_validated(world):
    director = world.actor("director")
    with pytest.raises(ValidationError) as exc:
        services.resource_save(actor=director, name="", kind="nowhere", contact_phone="abc",
                               last_contact_on=TODAY() + dt.timedelta(days=1))
    assert {"name", "kind", "contact_phone", "last_contact_on"} <= set(exc.value.message_dict)
    r = services.resource_save(actor=director, name="县心理咨询中心", kind="psychological",
                               services="青少年心理咨询", contact_phone="0571-8888 6666")
    assert r.name_initials == "xxlzxzx" and r.contact_phone == "0571-88886666"
    with pytest.raises(ValidationError):
        services.resource_save(actor=director, name="县心理咨询中心", kind="psychological")
    with pytest.raises(Http404):
        services.resource_save(actor=world.actor("head_teacher_a"), name="县图书馆", kind="library")
    assert Resource.objects.count() == 1
