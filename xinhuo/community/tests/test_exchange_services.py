"""The exchange's services (COM-5): peers and entries are checked with Chinese messages and nothing is written on a
refusal; documents are checked by content; a higher-level committee's document to handle reminds its owner once
three days before it is due and once when overdue, however often the daily job runs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from xinhuo.community.exchange import reminders, services
from xinhuo.community.exchange.models import Direction, EntryKind, ExchangeEntry, ExchangePhoto, Peer, PeerKind
from xinhuo.core.models import Notification, ReminderSent

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def png(name: str = "合影.png", size=(40, 30)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def pdf(name: str = "经验材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                              content_type="application/pdf")


@pytest.fixture
def county(world) -> Peer:
    return services.peer_create(actor=world.actor("director"), name="县关工委", kind=PeerKind.HIGHER,
                                contact_name="王主任", contact_phone="138 1111 2222")


@pytest.fixture
def sister(world) -> Peer:
    return services.peer_create(actor=world.actor("director"), name="青山村小学关工委", kind=PeerKind.SISTER,
                                contact_name="李校长", contact_phone="13922223333", since=dt.date(2024, 9, 1))


def notice(world, county, *, due=dt.date(2026, 12, 18), owner="head_teacher_a", **kw) -> ExchangeEntry:
    args = {"peer": county, "kind": EntryKind.DOCUMENT, "direction": Direction.IN, "date": dt.date(2026, 11, 20),
            "title": "关于开展关心下一代工作调研的通知", "to_handle": True, "due": due,
            "owner": world.users[owner], **kw}
    return services.entry_create(actor=world.actor("director"), **args)


def test_a_peer_is_kept_with_its_phone_encrypted_and_normalised(world, county):
    assert county.contact_phone == "13811112222" and county.school == world.school
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT contact_phone FROM community_peer WHERE id = %s", [county.pk])
        assert "13811112222" not in c.fetchone()[0]


def test_a_landline_is_accepted_and_a_wrong_number_refused_in_chinese(world):
    director = world.actor("director")
    p = services.peer_create(actor=director, name="教育局关工委", kind=PeerKind.HIGHER,
                             contact_phone="0571-87654321")
    assert p.contact_phone == "0571-87654321"
    with pytest.raises(ValidationError) as exc:
        services.peer_create(actor=director, name="兄弟学校", contact_phone="12345")
    assert exc.value.message_dict["contact_phone"] == [gettext(
        "Enter a mobile number (13812345678) or a landline with its area code (0571-87654321).")]
    assert not Peer.objects.filter(name="兄弟学校").exists()


def test_peer_refusals_name_every_field(world, county):
    with pytest.raises(ValidationError) as exc:
        services.peer_create(actor=world.actor("director"), name="县关工委", kind="nonsense",
                             since=TODAY + dt.timedelta(days=400), note="很" * 1001)
    errors = exc.value.message_dict
    assert set(errors) == {"name", "kind", "since", "note"}
    assert errors["name"] == [gettext("A peer committee of this name is already in the list.")]
    assert Peer.objects.filter(school=world.school).count() == 1


def test_only_the_committee_writes(world, county):
    for persona in ("head_teacher_a", "counsellor", "parent_x", "elder", "admin"):
        with pytest.raises(Http404):
            services.peer_create(actor=world.actor(persona), name="某校")
        with pytest.raises(Http404):
            services.entry_create(actor=world.actor(persona), peer=county, kind=EntryKind.MEETING,
                                  date=TODAY, title="会议")
    with pytest.raises(Http404):  # another school's director cannot touch this school's peer
        services.peer_update(actor=world.actor("outsider"), peer=county, name="x", kind=PeerKind.OTHER)


def test_a_peer_with_exchanges_is_not_deleted(world, county):
    services.entry_create(actor=world.actor("leader"), peer=county, kind=EntryKind.MEETING, date=TODAY,
                          title="县关工委秋季工作推进会")
    with pytest.raises(ValidationError) as exc:
        services.peer_delete(actor=world.actor("director"), peer=county)
    assert exc.value.messages == [gettext("This peer committee has exchanges in the log: mark it inactive instead "
                                          "of deleting it.")]
    assert Peer.objects.filter(pk=county.pk).exists()


def test_an_entry_refused_names_its_problems_and_writes_nothing(world, county):
    with pytest.raises(ValidationError) as exc:
        services.entry_create(actor=world.actor("director"), peer=None, kind="party", date=None, title="")
    assert {"peer", "kind", "date", "title"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.entry_create(actor=world.actor("director"), peer=county, kind=EntryKind.VISIT, date=TODAY,
                              title="回访")
    assert "direction" in exc.value.message_dict
    assert not ExchangeEntry.objects.exists()


def test_only_a_higher_committees_received_document_is_to_handle(world, county, sister):
    director = world.actor("director")
    with pytest.raises(ValidationError) as exc:
        services.entry_create(actor=director, peer=sister, kind=EntryKind.DOCUMENT, direction=Direction.IN,
                              date=TODAY, title="兄弟学校的倡议书", to_handle=True, due=TODAY,
                              owner=world.users["director"])
    assert "to_handle" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.entry_create(actor=director, peer=county, kind=EntryKind.DOCUMENT, direction=Direction.IN,
                              date=TODAY, title="通知", to_handle=True, due=TODAY - dt.timedelta(days=1),
                              owner=world.users["parent_x"])
    assert {"due", "owner"} <= set(exc.value.message_dict)
    assert not ExchangeEntry.objects.exists()


def test_files_are_checked_by_content_and_stored(world, county):
    director = world.actor("director")
    fake = SimpleUploadedFile("通知.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.entry_create(actor=director, peer=county, kind=EntryKind.DOCUMENT, direction=Direction.OUT,
                              date=TODAY, title="本校经验材料", upload=fake)
    assert "file" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.entry_create(actor=director, peer=county, kind=EntryKind.VISIT, direction=Direction.OUT,
                              date=TODAY, title="调研", photos=[pdf("x.png")])
    assert "photos" in exc.value.message_dict
    assert not ExchangeEntry.objects.exists()
    e = services.entry_create(actor=director, peer=county, kind=EntryKind.DOCUMENT, direction=Direction.OUT,
                              date=TODAY, title="本校经验材料", upload=pdf(), photos=[png(), png("b.png")])
    assert e.file_name == "经验材料.pdf" and e.content_type == "application/pdf"
    assert "经验材料" not in e.file.name  # stored under a random name
    assert e.file.storage.exists(e.file.name)
    assert ExchangePhoto.objects.filter(entry=e).count() == 2


def test_a_shared_activity_links_only_an_activity_of_this_school(world, county):
    from xinhuo.activities.models import Activity, ActivityKind, ActivityStatus

    start = timezone.now() - dt.timedelta(days=10)
    own = Activity.objects.create(school=world.school, title="红色教育主题活动", kind=ActivityKind.STUDY_TRIP,
                                  status=ActivityStatus.SUMMARISED, starts_at=start,
                                  ends_at=start + dt.timedelta(hours=3), organiser=world.users["director"])
    foreign = Activity.objects.create(school=world.other, title="外校活动", kind=ActivityKind.OTHER,
                                      status=ActivityStatus.APPROVED, starts_at=start,
                                      ends_at=start + dt.timedelta(hours=3), organiser=world.users["outsider"])
    e = services.entry_create(actor=world.actor("director"), peer=county, kind=EntryKind.ACTIVITY, date=TODAY,
                              title="共同开展红色教育", activity=own)
    assert e.activity == own
    with pytest.raises(ValidationError) as exc:
        services.entry_create(actor=world.actor("director"), peer=county, kind=EntryKind.ACTIVITY, date=TODAY,
                              title="x", activity=foreign)
    assert "activity" in exc.value.message_dict


def test_the_owner_is_told_and_marks_the_document_done_with_a_note(world, county):
    e = notice(world, county)
    owner = world.users["head_teacher_a"]
    assert Notification.objects.filter(recipient=owner, title__contains=e.title).exists()
    with pytest.raises(Http404):  # another staff member may read it but not mark it done
        services.entry_done(actor=world.actor("counsellor"), entry=e, note="已办")
    with pytest.raises(ValidationError) as exc:
        services.entry_done(actor=world.actor("head_teacher_a"), entry=e, note=" ")
    assert "note" in exc.value.message_dict
    services.entry_done(actor=world.actor("head_teacher_a"), entry=e, note="已按要求报送调研表")
    e.refresh_from_db()
    assert e.done_at and e.done_by == owner and e.done_note == "已按要求报送调研表" and not e.open
    with pytest.raises(ValidationError):
        services.entry_done(actor=world.actor("director"), entry=e, note="再次")


def test_reminders_three_days_before_and_when_overdue_once_each(world, county):
    e = notice(world, county, due=dt.date(2026, 12, 18))
    owner = world.users["head_teacher_a"]

    def sent(day):
        return reminders.send(world.school, day)

    assert sent(dt.date(2026, 12, 14)) == []  # four days before: nothing yet
    first = sent(dt.date(2026, 12, 15))
    assert [r.key for r in first] == [f"exchange:soon:{e.pk}:2026-12-18"] and first[0].recipients == [owner]
    assert sent(dt.date(2026, 12, 15)) == []  # twice a day: once
    assert sent(dt.date(2026, 12, 17)) == []  # still within the three days: once
    late = sent(dt.date(2026, 12, 19))
    assert [r.key for r in late] == [f"exchange:overdue:{e.pk}:2026-12-18"]
    assert sent(dt.date(2026, 12, 19)) == [] and sent(dt.date(2026, 12, 25)) == []
    assert ReminderSent.objects.filter(school=world.school, key__startswith="exchange:").count() == 2
    titles = list(Notification.objects.filter(recipient=owner).values_list("title", flat=True))
    assert sum(e.title in t for t in titles) == 3  # assigned, soon, overdue


def test_a_done_document_is_not_reminded_and_a_new_due_date_is(world, county):
    done = notice(world, county, due=dt.date(2026, 12, 9))
    services.entry_done(actor=world.actor("director"), entry=done, note="已办结")
    moved = notice(world, county, due=dt.date(2026, 12, 8), title="关于报送年度工作总结的通知")
    assert [r.key for r in reminders.send(world.school, TODAY)] == [f"exchange:soon:{moved.pk}:2026-12-08"]
    services.entry_update(actor=world.actor("director"), entry=moved, peer=county, kind=EntryKind.DOCUMENT,
                          direction=Direction.IN, date=moved.date, title=moved.title, to_handle=True,
                          due=dt.date(2026, 12, 10), owner=moved.owner)
    assert [r.key for r in reminders.send(world.school, TODAY)] == [f"exchange:soon:{moved.pk}:2026-12-10"]


def test_the_daily_job_is_declared_and_runs_for_every_school(world, county):
    from xinhuo.community.exchange import declare
    from xinhuo.community.exchange.tasks import exchange_reminders_task

    assert "xinhuo.community.exchange.tasks.exchange_reminders_task" in declare.DAILY_JOBS
    notice(world, county, due=dt.date(2026, 12, 1))
    result = exchange_reminders_task.call("2026-12-07")
    assert len(result[world.school.code]) == 1 and result[world.other.code] == []
    assert exchange_reminders_task.call("2026-12-07")[world.school.code] == []


def test_deleting_an_entry_removes_its_stored_files(world, county, django_capture_on_commit_callbacks):
    e = services.entry_create(actor=world.actor("director"), peer=county, kind=EntryKind.DOCUMENT,
                              direction=Direction.OUT, date=TODAY, title="本校经验材料", upload=pdf())
    name, storage = e.file.name, e.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_delete(actor=world.actor("leader"), entry=e)
    assert not storage.exists(name) and not ExchangeEntry.objects.filter(pk=e.pk).exists()


def test_privacy_holds_nothing_about_a_student(world):
    from xinhuo.community.exchange import privacy
    from xinhuo.core.registry import ErasureSubject

    assert privacy.summary(world.student_x) == []
    assert privacy.erase(ErasureSubject(student_ids=frozenset({world.student_x.pk}))) == {}


def test_a_leaving_owners_open_documents_are_handed_over(world, county):
    from xinhuo.community.exchange import handover

    open_doc = notice(world, county)
    done = notice(world, county, title="已办的通知")
    services.entry_done(actor=world.actor("director"), entry=done, note="已办结")
    owner = world.users["head_teacher_a"]
    found = handover.items(world.school.pk, None, owner.pk)
    assert [i.key for i in found] == [f"community.exchangeentry:{open_doc.pk}"]
    with pytest.raises(ValidationError):  # a parent cannot own a document
        handover.reassign(world.school.pk, [found[0].key], None, world.users["parent_x"].pk, None)
    assert handover.reassign(world.school.pk, [found[0].key], None, world.users["head_teacher_b"].pk, None) == 1
    open_doc.refresh_from_db()
    assert open_doc.owner == world.users["head_teacher_b"] and handover.items(world.school.pk, None, owner.pk) == []
