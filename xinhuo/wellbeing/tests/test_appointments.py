"""Counselling appointments (PSY-3): slots and series, overlap refusal, withdrawing, booking rules, cancelling,
confidentiality per role, the access log on reading notes, the day-before reminders and the API."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import AccessLog, Notification
from xinhuo.wellbeing.appointments import reminders, services
from xinhuo.wellbeing.models import Appointment, AppointmentStatus, Slot

REASON = "最近和同学闹矛盾睡不好"
NOTES = "谈话记录：情绪低落两周"


def soon(days: int = 3, hour: int = 15) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 0), timezone.get_current_timezone())


def publish(world, start=None, minutes=40, **kw) -> list[Slot]:
    start = start or soon()
    return services.slots_publish(actor=world.actor("counsellor"), starts_at=start,
                                  ends_at=start + dt.timedelta(minutes=minutes), **kw)


def book(world, persona="student_x", slot=None, student=None, reason=REASON) -> Appointment:
    slot = slot or publish(world)[0]
    return services.appointment_book(actor=world.actor(persona), slot=slot, student=student or world.student_x,
                                     reason=reason)


# --- slots ------------------------------------------------------------------------------------------------------------


def test_a_weekly_series_is_published_at_the_same_time(world):
    slots = publish(world, weeks=4)
    assert len(slots) == 4
    starts = [timezone.localtime(s.starts_at) for s in slots]
    assert all(b - a == dt.timedelta(days=7) for a, b in zip(starts, starts[1:], strict=False))
    assert {s.place for s in slots} == {services.ROOM}
    assert all(timezone.localtime(s.ends_at) - t == dt.timedelta(minutes=40) for s, t in zip(slots, starts,
                                                                                         strict=True))


def test_an_overlapping_slot_is_refused_and_none_of_its_series_published(world):
    publish(world, start=soon(days=15))
    with pytest.raises(ValidationError, match="重叠"):
        publish(world, start=soon(days=1) + dt.timedelta(minutes=20), weeks=3)  # the third week hits it
    assert Slot.objects.count() == 1


def test_slots_are_refused_in_the_past_without_a_link_online_and_for_too_many_weeks(world):
    with pytest.raises(ValidationError):
        publish(world, start=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError, match="会议链接"):
        publish(world, mode=Slot.Mode.ONLINE)
    with pytest.raises(ValidationError):
        publish(world, weeks=services.SERIES_MAX_WEEKS + 1)
    assert publish(world, mode=Slot.Mode.ONLINE, place="https://meeting.example/x")[0].mode == Slot.Mode.ONLINE
    with pytest.raises(Http404):
        publish_as(world, "head_teacher_a")


def publish_as(world, persona):
    start = soon()
    return services.slots_publish(actor=world.actor(persona), starts_at=start,
                                  ends_at=start + dt.timedelta(minutes=40))


def test_a_booked_slot_is_withdrawn_only_after_cancelling(world, django_capture_on_commit_callbacks):
    slot = publish(world)[0]
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(world, slot=slot)
    with pytest.raises(ValidationError, match="请先取消预约"):
        services.slot_withdraw(actor=world.actor("counsellor"), slot=slot)
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_cancel(actor=world.actor("counsellor"), appointment=appointment)
    assert Notification.objects.filter(recipient=world.users["student_x"], title__isnull=False).exists()
    assert services.slot_withdraw(actor=world.actor("counsellor"), slot=slot).withdrawn


# --- booking ----------------------------------------------------------------------------------------------------------


def test_a_student_books_for_themself_and_the_counsellor_is_told(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(world)
    assert appointment.booked_as == Appointment.BookedAs.STUDENT and appointment.reason == REASON
    told = Notification.objects.get(recipient=world.users["counsellor"])
    assert world.student_x.name in told.body and REASON not in told.body


def test_a_past_slot_is_refused(world):
    slot = publish(world)[0]
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1),
                                           ends_at=timezone.now() - dt.timedelta(minutes=20))
    with pytest.raises(ValidationError, match="已开始"):
        book(world, slot=Slot.objects.get(pk=slot.pk))


def test_a_taken_slot_is_refused(world):
    slot = publish(world)[0]
    book(world, slot=slot)
    with pytest.raises(ValidationError, match="刚被预约"):
        book(world, "student_y", slot=slot, student=world.student_y)
    assert Appointment.objects.count() == 1


def test_the_database_refuses_a_second_live_booking_of_a_slot(world):
    slot = publish(world)[0]
    book(world, slot=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(school=world.school, slot=slot, student=world.student_y,
                                   booked_as=Appointment.BookedAs.STUDENT)


@pytest.mark.django_db(transaction=True)
def test_two_students_racing_for_a_slot_one_wins(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL's row locks")
    slot = publish(world)[0]
    barrier = threading.Barrier(2)
    won, refused = [], []

    def go(persona, student):
        try:
            barrier.wait(timeout=10)
            won.append(book(world, persona, slot=slot, student=student).pk)
        except ValidationError as exc:
            refused.append(exc.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=a) for a in (("student_x", world.student_x),
                                                             ("student_y", world.student_y))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(won) == 1 and len(refused) == 1
    assert Appointment.objects.filter(slot=slot).count() == 1


def test_one_live_future_booking_per_student(world):
    first, second = publish(world, weeks=2)
    book(world, slot=first)
    with pytest.raises(ValidationError, match="已预约"):
        book(world, "parent_x", slot=second)


def test_a_parent_books_for_their_child_only(world):
    slot = publish(world)[0]
    with pytest.raises(ValidationError):
        book(world, "parent_x", slot=slot, student=world.student_z)
    appointment = book(world, "parent_x", slot=slot)
    assert appointment.booked_as == Appointment.BookedAs.PARENT
    response = world.client("parent_x").post(reverse("wellbeing:appointment-book", args=[publish(
        world, start=soon(days=5))[0].pk]), {"student": world.student_z.pk})
    assert response.status_code == 302 and Appointment.objects.count() == 1


def test_a_head_teacher_refers_a_student_of_their_class_only(world, django_capture_on_commit_callbacks):
    slot = publish(world)[0]
    with pytest.raises(ValidationError):
        book(world, "head_teacher_a", slot=slot, student=world.student_z)
    with pytest.raises(ValidationError):
        book(world, "head_teacher_b", slot=slot, student=world.student_x)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(world, "head_teacher_a", slot=slot)
    assert appointment.booked_as == Appointment.BookedAs.HEAD_TEACHER
    assert Notification.objects.filter(recipient=world.users["student_x"]).exists()  # told when and where


def test_each_cancels_their_own_future_booking(world):
    appointment = book(world, "parent_x")
    with pytest.raises(Http404):
        services.appointment_cancel(actor=world.actor("head_teacher_a"), appointment=appointment)
    services.appointment_cancel(actor=world.actor("parent_x"), appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    again = book(world, slot=appointment.slot)  # the slot is free again
    with pytest.raises(ValidationError):
        services.appointment_cancel(actor=world.actor("parent_x"), appointment=appointment)
    services.appointment_cancel(actor=world.actor("student_x"), appointment=again)


# --- confidentiality -------------------------------------------------------------------------------------------------


def page(world, persona) -> str:
    response = world.client(persona).get(reverse("wellbeing:appointments"))
    assert response.status_code == 200
    return response.content.decode()


def recorded(world, persona="head_teacher_a") -> Appointment:
    appointment = book(world, persona)
    Slot.objects.filter(pk=appointment.slot_id).update(starts_at=timezone.now() - dt.timedelta(minutes=50),
                                                       ends_at=timezone.now() - dt.timedelta(minutes=10))
    appointment.refresh_from_db()
    return services.appointment_record(actor=world.actor("counsellor"), appointment=appointment,
                                       status=AppointmentStatus.HELD, notes=NOTES)


def test_the_counsellor_sees_who_and_why_and_reading_notes_is_logged(world):
    appointment = recorded(world)
    schedule = page(world, "counsellor")
    assert world.student_x.name in schedule and NOTES not in schedule
    before = AccessLog.objects.filter(object_type="wellbeing_appointment", field="notes").count()
    detail = world.client("counsellor").get(reverse("wellbeing:appointment-detail", args=[appointment.pk]))
    body = detail.content.decode()
    assert REASON in body and NOTES in body
    log = AccessLog.objects.filter(object_type="wellbeing_appointment", field="notes")
    assert log.count() == before + 1 and log.latest("pk").object_id == str(appointment.pk)


@pytest.mark.parametrize("persona", ["head_teacher_a", "student_x"])
def test_others_see_the_appointment_but_never_the_reason_or_notes(world, persona):
    appointment = recorded(world)
    body = page(world, persona)
    assert f'data-appointment="{appointment.pk}"' in body
    assert REASON not in body and NOTES not in body
    assert world.client(persona).get(reverse("wellbeing:appointment-detail",
                                             args=[appointment.pk])).status_code == 404


def test_a_parent_sees_their_booking_without_the_reason(world):
    appointment = book(world, "parent_x")
    body = page(world, "parent_x")
    assert f'data-appointment="{appointment.pk}"' in body and REASON not in body
    other = page(world, "head_teacher_b")
    assert f'data-appointment="{appointment.pk}"' not in other


def test_a_head_teacher_does_not_see_a_students_own_booking(world):
    appointment = book(world)
    assert f'data-appointment="{appointment.pk}"' not in page(world, "head_teacher_a")


def test_recording_on_the_page(world):
    appointment = recorded(world)
    client = world.client("counsellor")
    url = reverse("wellbeing:appointment-record", args=[appointment.pk])
    assert client.post(url, {"status": "missed", "notes": "未到"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.MISSED and appointment.notes == "未到"
    assert client.post(url, {"status": "booked"}).status_code == 400


# --- pages --------------------------------------------------------------------------------------------------------


def test_publishing_and_booking_on_the_pages(world):
    client = world.client("counsellor")
    day = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(reverse("wellbeing:slot-new"), {"day": day, "starts": "15:00", "ends": "15:40",
                                                           "weeks": 3, "mode": "room", "place": ""})
    assert response.status_code == 302 and Slot.objects.count() == 3
    assert client.post(reverse("wellbeing:slot-new"), {"day": day, "starts": "15:20", "ends": "16:00",
                                                       "weeks": 1, "mode": "room"}).status_code == 400
    slot = Slot.objects.order_by("starts_at").first()
    assert f'data-slot="{slot.pk}"' in page(world, "student_x")
    response = world.client("student_x").post(reverse("wellbeing:appointment-book", args=[slot.pk]),
                                              {"student": world.student_x.pk, "reason": REASON})
    assert response.status_code == 302 and Appointment.objects.get().student == world.student_x
    assert f'data-slot="{slot.pk}"' not in page(world, "student_y").split('id="free-slots"')[1]


# --- reminders ------------------------------------------------------------------------------------------------------


def test_reminders_go_the_day_before_once(world):
    appointment = book(world, slot=publish(world, start=soon(days=1))[0])
    book(world, "student_y", slot=publish(world, start=soon(days=2))[0], student=world.student_y)
    today = timezone.localdate()
    sent = reminders.send(world.school, today)
    assert len(sent) == 2  # the student's and the counsellor's
    assert Notification.objects.filter(recipient=world.users["student_x"]).count() == 1
    assert not Notification.objects.filter(recipient=world.users["student_y"]).exists()
    assert REASON not in Notification.objects.get(recipient=world.users["counsellor"]).body
    assert reminders.send(world.school, today) == []
    appointment.refresh_from_db()
    assert appointment.reminded_at is not None


# --- API -------------------------------------------------------------------------------------------------------------


def test_booking_and_cancelling_over_the_api(world):
    slot = publish(world)[0]
    client = world.client("parent_x")
    listed = client.get(reverse("api:wellbeing-free-slot-list")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [slot.pk]
    assert client.post(reverse("api:wellbeing-free-slot-book", args=[slot.pk]),
                       {"student": world.student_z.pk}).status_code == 404
    response = client.post(reverse("api:wellbeing-free-slot-book", args=[slot.pk]),
                           {"student": world.student_x.pk, "reason": REASON})
    assert response.status_code == 201 and REASON not in response.content.decode()
    pk = response.json()["id"]
    taken = world.client("student_y").post(reverse("api:wellbeing-free-slot-book", args=[slot.pk]), {})
    assert taken.status_code == 400
    assert client.post(reverse("api:wellbeing-my-appointment-cancel", args=[pk])).json()["status"] == "cancelled"
