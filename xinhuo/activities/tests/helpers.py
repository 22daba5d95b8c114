"""Activities made directly in the world's school (not through the services) for the matrix and the tests:
each helper returns the same row however often it is called."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from xinhuo.activities.models import (
    Activity,
    ActivityFile,
    ActivityPhoto,
    ActivityStatus,
    FieldTask,
    FieldWork,
    SignUp,
)


def at(days: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def png_bytes(size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def make(w, title: str, *, status=ActivityStatus.RUNNING, organiser="head_teacher_a", classes=None, **kw) -> Activity:
    fields = {"kind": "volunteer", "starts_at": at(0, 8), "ends_at": at(1, 17), "place": "社区",
              "organiser": w.users[organiser], "status": status} | kw
    activity, created = Activity.objects.get_or_create(school=w.school, title=title, defaults=fields)
    if created:
        activity.audience_classes.set([w.class_a] if classes is None else classes)
    return activity


def published(w) -> Activity:
    """Running, open to class 1 and to parents, sign-up open, 2 service hours."""
    return make(w, "学雷锋志愿服务", audience_parents=True, signup_open=True, capacity=30, service_hours=2)


def applied(w) -> Activity:
    return make(w, "清明祭英烈申请", status=ActivityStatus.APPLIED, signup_open=True)


def trip(w) -> Activity:
    return make(w, "红色研学", kind="study_trip", route="学校—纪念馆", signup_open=True)


def signup_x(w, activity=None) -> SignUp:
    activity = activity or published(w)
    signup, _ = SignUp.objects.get_or_create(activity=activity, student=w.student_x,
                                             defaults={"kind": "student", "name": w.student_x.name})
    return signup


def task(w) -> FieldTask:
    t, _ = FieldTask.objects.get_or_create(activity=trip(w), title="记录一位英雄的故事")
    signup_x(w, t.activity)
    return t


def work(w) -> FieldWork:
    fw, _ = FieldWork.objects.get_or_create(task=task(w), student=w.student_x, defaults={"text": "王二小的故事"})
    return fw


def photo(w) -> ActivityPhoto:
    a = published(w)
    p = a.photos.first()
    if p is None:
        p = ActivityPhoto(activity=a, caption="合影")
        p.image.save("p.png", ContentFile(png_bytes()), save=True)
    return p


def file_of(w) -> ActivityFile:
    a = published(w)
    f = a.files.first()
    if f is None:
        f = ActivityFile(activity=a, name="方案.pdf", content_type="application/pdf", size=9)
        f.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return f
