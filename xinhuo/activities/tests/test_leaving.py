"""What the activities close when students leave (activities/leaving.py, AppManifest.student_left): their places
at activities not yet held are cancelled, the waiting list moves up; everything else stays."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _

from conftest import make_student
from xinhuo.activities.leaving import students_left
from xinhuo.activities.models import ActivityStatus, SignUp, SignUpStatus
from xinhuo.core.models import Notification
from xinhuo.core.registry import student_left_hooks

from .helpers import at, make

SU = SignUpStatus


def place(activity, student, status=SU.SIGNED_UP, minutes=0) -> SignUp:
    return SignUp.objects.create(activity=activity, student=student, kind="student", name=student.name,
                                 status=status, signed_at=timezone.now() + dt.timedelta(minutes=minutes))


def status(signup: SignUp) -> str:
    return SignUp.objects.get(pk=signup.pk).status


def test_places_at_activities_after_the_day_are_cancelled_and_the_waiting_list_moves_up(world):
    assert ("activities", students_left) in student_left_hooks()
    w = world
    on = timezone.localdate() + dt.timedelta(days=5)
    later = make(w, "敬老院慰问", status=ActivityStatus.APPROVED, starts_at=at(10), ends_at=at(10, 17), capacity=1,
                 signup_open=True, classes=[w.class_a, w.class_b])
    before_leaving = make(w, "植树活动", status=ActivityStatus.APPROVED, starts_at=at(3), ends_at=at(3, 17))
    begun = make(w, "社区服务周", starts_at=at(-1), ends_at=at(1, 17))
    applied = make(w, "清明祭英烈", status=ActivityStatus.APPLIED, starts_at=at(12), ends_at=at(12, 17))
    also_later = make(w, "科技节", status=ActivityStatus.RUNNING, starts_at=at(20), ends_at=at(20, 17))
    s = {
        "x_later": place(later, w.student_x), "y_waits": place(later, w.student_y, SU.WAITING, 1),
        "z_waits": place(later, w.student_z, SU.WAITING, 2),
        "x_before": place(before_leaving, w.student_x), "x_begun": place(begun, w.student_x),
        "x_applied": place(applied, w.student_x), "x_also_waits": place(also_later, w.student_x, SU.WAITING),
    }
    Notification.objects.all().delete()
    lines = students_left(w.school.pk, [w.student_x.pk], on, "转学", w.users["director"].pk)
    assert [(str(line.title), line.count, line.action) for line in lines] == [
        (_("Sign-ups for activities not yet held cancelled"), 2, True),
        (_("Moved up from the waiting list into the places freed"), 1, True)]
    assert set(lines[0].details) == {"敬老院慰问: 1", "科技节: 1"}
    assert status(s["x_later"]) == status(s["x_also_waits"]) == SU.CANCELLED
    # the first on the waiting list (y) takes the place, and hears of it; z still waits
    assert (status(s["y_waits"]), status(s["z_waits"])) == (SU.SIGNED_UP, SU.WAITING)
    assert list(Notification.objects.values_list("recipient_id", "link")) == [
        (w.users["student_y"].pk, f"/activities/{later.pk}/")]
    for key in ("x_before", "x_begun", "x_applied"):
        assert status(s[key]) == SU.SIGNED_UP, key


def test_only_the_given_students_of_the_school(world):
    w = world
    later = make(w, "敬老院慰问", status=ActivityStatus.APPROVED, starts_at=at(10), ends_at=at(10, 17),
                 classes=[w.class_a, w.class_b])
    x, y = place(later, w.student_x), place(later, w.student_y)
    today = timezone.localdate()
    assert students_left(w.other.pk, [w.student_x.pk], today, "", None) == []
    assert students_left(w.school.pk, [], today, "", None) == []
    assert students_left(w.school.pk, [w.student_y.pk], today, "", None)[0].count == 1
    assert (status(x), status(y)) == (SU.SIGNED_UP, SU.CANCELLED)


def test_a_checked_in_place_stays(world):
    w = world
    later = make(w, "敬老院慰问", status=ActivityStatus.APPROVED, starts_at=at(10), ends_at=at(10, 17))
    x = place(later, w.student_x)
    SignUp.objects.filter(pk=x.pk).update(checked_in_at=timezone.now())
    assert students_left(w.school.pk, [w.student_x.pk], timezone.localdate(), "", None) == []
    assert status(x) == SU.SIGNED_UP


def test_a_constant_number_of_queries_whatever_the_number_of_students(world):
    w = world
    first = make(w, "敬老院慰问", status=ActivityStatus.APPROVED, starts_at=at(10), ends_at=at(10, 17))
    second = make(w, "科技节", status=ActivityStatus.APPROVED, starts_at=at(11), ends_at=at(11, 17))
    counts = []
    for n, prefix in ((2, "A"), (9, "B")):
        students = [make_student(w.school, w.class_a, f"{prefix}{i:03d}", f"学生{prefix}{i}",
                                 seq=400 + i + (0 if prefix == "A" else 50)) for i in range(n)]
        for student in students:
            place(first, student)
            place(second, student)
        with CaptureQueriesContext(connection) as ctx:
            lines = students_left(w.school.pk, [s.pk for s in students], timezone.localdate(), "", None)
        assert lines[0].count == 2 * n
        counts.append(len(ctx))
    assert counts[0] == counts[1]
