"""Access-matrix cases: registry part of the elders app (ELD-1)."""

from __future__ import annotations

import datetime as dt
import io

from xinhuo.core.tests.matrix import STAFF, Case, k

VIEWERS = STAFF | {"elder"}  # elders.view; outsider sees their own school's elders
IN_SCHOOL = VIEWERS - {"outsider"}
COMMITTEE = {"admin", "director", "leader"}
MANAGERS_ANYWHERE = COMMITTEE | {"outsider"}  # the outsider manages the elders of their own school


def el(w, e):
    return w.elder.pk


def a_slot(w, e):
    from xinhuo.elders.models import Availability

    return Availability.objects.create(elder=w.elder, weekday=0, start=dt.time(9), end=dt.time(11)).pk


def a_refused_upload(w, e):
    """The director's refused import, kept for its error report."""
    from openpyxl import Workbook

    from xinhuo.elders.registry import workbook

    wb = Workbook()
    wb.active.append(["姓名", "性别", "类别"])
    wb.active.append(["周老", "男", "老园丁"])
    buf = io.BytesIO()
    wb.save(buf)
    return workbook.keep_refused_upload(buf, school_id=w.school.pk, user_id=w.users["director"].pk,
                                        file_name="五老.xlsx", errors=[{"row": 2, "column": "类别", "code": "x",
                                                                       "message": "第2行「类别」：不对"}])


CASES: list = [
    Case("elders:list", VIEWERS),
    Case("elders:detail", IN_SCHOOL, kwargs=k(pk=el)),
    Case("elders:reveal", COMMITTEE, method="post", kwargs=k(pk=el)),
    Case("elders:create", MANAGERS_ANYWHERE),
    Case("elders:edit", COMMITTEE, kwargs=k(pk=el)),
    Case("elders:my-profile", {"elder"}),
    Case("elders:availability-add", COMMITTEE | {"elder"}, ok=302, method="post", kwargs=k(pk=el)),
    Case("elders:availability-remove", COMMITTEE | {"elder"}, ok=302, method="post", kwargs=k(pk=a_slot)),
    Case("elders:import", MANAGERS_ANYWHERE),
    Case("elders:import-template", MANAGERS_ANYWHERE),
    Case("elders:import-errors", {"director"}, kwargs=k(token=a_refused_upload)),
    Case("elders:export", MANAGERS_ANYWHERE),
    Case("api:elder-list", VIEWERS, api=True),
    Case("api:elder-detail", IN_SCHOOL, kwargs=k(pk=el), api=True),
    Case("api:elder-reveal", COMMITTEE, method="post", kwargs=k(pk=el), api=True),
    # an elder's own record and weekly availability on a phone (issue 20); the committee keeps anyone's
    Case("api:elder-me", {"elder"}, api=True),
    Case("api:elder-availability", COMMITTEE | {"elder"}, ok=400, method="post", kwargs=k(pk=el), api=True),
    Case("api:elder-availability", COMMITTEE | {"elder"}, ok=201, method="post", kwargs=k(pk=el), api=True,
         data={"weekday": 2, "start": "14:00", "end": "16:00"}),
    Case("api:elder-availability-remove", COMMITTEE | {"elder"}, ok=204, method="delete",
         kwargs=k(pk=el, slot_pk=a_slot), api=True),
]
