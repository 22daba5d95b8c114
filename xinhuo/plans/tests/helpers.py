"""Shared set-up of the plans tests: actors, a plan from the 综合 template, a department head of 德育处."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import make_user
from xinhuo.core.models import Role
from xinhuo.plans import services
from xinhuo.plans.models import PlanStatus, PlanTask, WorkPlan

YEAR = 2026  # the world's current school year: 2026-2027


def dept_head(world):
    """The head of 德育处 (world.department), as the demo's depthead."""
    user = world.users.get("depthead")
    if user is None:
        user = make_user("depthead", world.school, Role.DEPARTMENT_HEAD, department=world.department,
                         full_name="德育处主任")
        world.users["depthead"] = user
    return user


def a_plan(world, *, adopted: bool = True, key: str = "general", year: int = YEAR, title: str = "") -> WorkPlan:
    plan = services.plan_create_from_template(actor=world.actor("director"), key=key, year=year, title=title)
    if adopted:
        plan.status = PlanStatus.ADOPTED  # no notices: the adoption itself is tested in test_services
        plan.save(update_fields=["status"])
    return plan


def first_task(plan: WorkPlan, **changes) -> PlanTask:
    task = PlanTask.objects.filter(plan=plan).order_by("section__order", "order").first()
    assert task is not None
    if changes:
        for k, v in changes.items():
            setattr(task, k, v)
        task.save()
    return task


def png(name: str = "photo.png", size=(40, 30)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def pdf(name: str = "总结.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def day(month: int, d: int) -> dt.date:
    return dt.date(YEAR if month >= 9 else YEAR + 1, month, d)
