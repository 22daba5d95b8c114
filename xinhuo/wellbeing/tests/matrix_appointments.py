"""Access-matrix cases of the appointments pages and endpoints.

The counsellor publishes and withdraws slots and reads an appointment (reason, notes); the students, the parent
and the head teachers book or refer (a refusal is a message and a redirect); an appointment is cancelled by whoever
booked it or a counsellor. A head teacher's referral of student_x is seen by the counsellor, student_x and the head
teacher of class_a; a parent's booking by the counsellor, student_x and parent_x. The API is for students and
parents."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

VIEW = {"counsellor", "student_x", "student_y", "parent_x", "head_teacher_a", "head_teacher_b"}
BOOKERS = {"student_x", "student_y", "parent_x"}


def _slot(w, days: int):
    import datetime as dt

    from django.utils import timezone

    from xinhuo.wellbeing.models import Slot

    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(15, 0), tz)
    found = Slot.objects.filter(school=w.school, starts_at=start).first()
    return found or Slot.objects.create(school=w.school, counsellor=w.users["counsellor"], starts_at=start,
                                        ends_at=start + dt.timedelta(minutes=40), place="心理辅导室")


def free_slot(w, e=None):
    return _slot(w, 3).pk


def _booked(w, days: int, persona: str, booked_as: str):
    from xinhuo.wellbeing.models import Appointment

    slot = _slot(w, days)
    found = Appointment.objects.filter(slot=slot).first()
    return (found or Appointment.objects.create(school=w.school, slot=slot, student=w.student_x,
                                                booked_by=w.users[persona], booked_as=booked_as,
                                                reason="矩阵理由")).pk


def referral(w, e=None):
    return _booked(w, 4, "head_teacher_a", "head_teacher")


def parent_booking(w, e=None):
    return _booked(w, 5, "parent_x", "parent")


CASES: list = [
    Case("wellbeing:appointments", VIEW),
    Case("wellbeing:slot-new", {"counsellor"}),
    Case("wellbeing:slot-withdraw", {"counsellor"}, ok=302, method="post", kwargs=k(pk=free_slot)),
    Case("wellbeing:appointment-book", VIEW - {"counsellor"}, ok=302, method="post",
         data={"student": "0"}, kwargs=k(pk=free_slot)),
    Case("wellbeing:appointment-detail", {"counsellor"}, kwargs=k(pk=referral)),
    Case("wellbeing:appointment-cancel", {"counsellor", "head_teacher_a"}, ok=302, method="post",
         kwargs=k(pk=referral)),
    Case("wellbeing:appointment-record", {"counsellor"}, ok=400, method="post", data={"status": "held"},
         kwargs=k(pk=referral)),  # a session is recorded once it has begun
    Case("api:wellbeing-free-slot-list", BOOKERS, api=True),
    Case("api:wellbeing-free-slot-book", {"student_x", "student_y"}, ok=201, method="post", kwargs=k(pk=free_slot),
         api=True),  # a parent names the child: without one, 404
    Case("api:wellbeing-my-appointment-list", BOOKERS, api=True),
    Case("api:wellbeing-my-appointment-detail", {"student_x", "parent_x"}, kwargs=k(pk=parent_booking), api=True),
    Case("api:wellbeing-my-appointment-cancel", {"parent_x"}, method="post", kwargs=k(pk=parent_booking),
         api=True),
]
