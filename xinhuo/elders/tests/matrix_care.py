"""Access-matrix cases: care part of the elders app (inspections, training, care for the elders).

The committee of the school (admin, director, leader) manages all of it; the elder persona (周老) sees
their own inspection report and the sessions on whose list they are; the other school's director
(outsider) opens the pages without an object, for their own school, and gets 404 on this school's objects.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from PIL import Image

from xinhuo.core.tests.matrix import Case, k

COMMITTEE = {"admin", "director", "leader"}
ANY_COMMITTEE = COMMITTEE | {"outsider"}


def png_bytes(size=(40, 30), color="red") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def report(w, e):
    """An inspection report filed by the elder persona."""
    from xinhuo.elders.models import Inspection

    return Inspection.objects.create(school=w.school, inspector=w.elder, kind=Inspection.Kind.SURROUNDINGS,
                                     place="学校南门", date=dt.date.today(), findings="井盖缺失",
                                     created_by=w.users["elder"]).pk


def photo(w, e):
    from xinhuo.elders.models import Inspection, InspectionPhoto

    p = InspectionPhoto(inspection=Inspection.objects.get(pk=report(w, e)))
    p.image.save("photo.png", ContentFile(png_bytes()), save=True)
    return p.pk


def session(w, e):
    """A past study session with the elder persona present."""
    from xinhuo.elders.models import TrainingAttendance, TrainingSession

    s = TrainingSession.objects.create(school=w.school, kind=TrainingSession.Kind.STUDY, topic="学习新要求",
                                       date=dt.date.today() - dt.timedelta(days=3))
    TrainingAttendance.objects.create(session=s, elder=w.elder, present=True)
    return s.pk


def material(w, e):
    from xinhuo.elders.models import TrainingMaterial, TrainingSession

    m = TrainingMaterial(session=TrainingSession.objects.get(pk=session(w, e)), title="讲义.pdf")
    m.file.save("notes.pdf", ContentFile(b"%PDF-1.4\n%test\n"), save=True)
    return m.pk


def visit(w, e):
    from xinhuo.elders.models import CareVisit

    return CareVisit.objects.create(school=w.school, elder=w.elder, planned_on=dt.date.today()).pk


def event(w, e):
    from xinhuo.elders.models import RecreationEvent

    return RecreationEvent.objects.create(school=w.school, title="象棋比赛", date=dt.date.today()).pk


CASES: list = [
    # inspections (义务监督员): filing needs the inspector role (the elder persona holds none) or the committee
    Case("elders:inspections", ANY_COMMITTEE | {"elder"}),
    Case("elders:inspection-new", ANY_COMMITTEE),
    Case("elders:inspection-detail", COMMITTEE | {"elder"}, kwargs=k(pk=report)),
    Case("elders:inspection-step", COMMITTEE, ok=400, method="post", kwargs=k(pk=report)),
    Case("elders:inspection-photo", COMMITTEE | {"elder"}, kwargs=k(pk=photo)),
    # training and study (ELD-3)
    Case("elders:training", ANY_COMMITTEE | {"elder"}),
    Case("elders:training-new", ANY_COMMITTEE),
    Case("elders:induction", ANY_COMMITTEE),
    Case("elders:training-detail", COMMITTEE | {"elder"}, kwargs=k(pk=session)),
    Case("elders:training-edit", COMMITTEE, kwargs=k(pk=session)),
    Case("elders:training-attendance", COMMITTEE, kwargs=k(pk=session)),
    Case("elders:training-file", COMMITTEE | {"elder"}, kwargs=k(pk=material)),
    Case("elders:training-file-remove", COMMITTEE, ok=302, method="post", kwargs=k(pk=material)),
    # care for the elders (ELD-4): the committee only
    Case("elders:care", ANY_COMMITTEE),
    Case("elders:care-visit-new", ANY_COMMITTEE),
    Case("elders:care-visit-edit", COMMITTEE, kwargs=k(pk=visit)),
    Case("elders:care-visit-done", COMMITTEE, kwargs=k(pk=visit)),
    Case("elders:health-check", COMMITTEE, ok=400, method="post", kwargs=k(pk=lambda w, e: w.elder.pk)),
    Case("elders:recreation-new", ANY_COMMITTEE),
    Case("elders:recreation-edit", COMMITTEE, kwargs=k(pk=event)),
    # API
    Case("api:elder-inspection-list", ANY_COMMITTEE | {"elder"}, api=True),
    Case("api:elder-inspection-detail", COMMITTEE | {"elder"}, kwargs=k(pk=report), api=True),
    Case("api:elder-training-list", ANY_COMMITTEE | {"elder"}, api=True),
    Case("api:elder-training-detail", COMMITTEE | {"elder"}, kwargs=k(pk=session), api=True),
    Case("api:elder-care-visit-list", ANY_COMMITTEE, api=True),
    Case("api:elder-care-visit-detail", COMMITTEE, kwargs=k(pk=visit), api=True),
]
