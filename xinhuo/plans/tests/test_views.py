"""The plan pages: creating from a template or a copy, the plan page with completion per section, editing,
progress with evidence, the task lists (GOV-4), and constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinhuo.core.access import build_actor
from xinhuo.plans import services
from xinhuo.plans.models import PlanSection, PlanStatus, PlanTask, TaskEvidence, TaskStatus, TaskUpdate, WorkPlan

from .helpers import YEAR, a_plan, dept_head, first_task, pdf, png


def login(world, persona):
    if persona == "depthead":
        dept_head(world)
        from django.test import Client

        c = Client()
        c.force_login(world.users["depthead"], backend="xinhuo.core.auth.UsernameOrMobileBackend")
        return c
    return world.client(persona)


def test_create_from_a_template_and_from_last_years_plan(world):
    c = world.client("director")
    page = c.get(reverse("plans:create"))
    assert page.status_code == 200
    body = page.content.decode()
    for name in ("综合", "创新特色", "家校社协同", "学生中心", "队伍建设"):
        assert f"模板：{name}——" in body
    r = c.post(reverse("plans:create"), {"source": "template:partnership", "year": YEAR, "title": ""})
    plan = WorkPlan.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.template == "partnership" and plan.status == PlanStatus.DRAFT
    r = c.post(reverse("plans:create"), {"source": f"copy:{plan.pk}", "year": YEAR + 1})
    copy = WorkPlan.objects.exclude(pk=plan.pk).get()
    assert copy.copied_from == plan and copy.title == "2027-2028学年学校关工委工作计划（家校社协同）"
    r = c.post(reverse("plans:create"), {"source": f"copy:{plan.pk}", "year": YEAR + 1})
    assert r.status_code == 400 and "这一学年已经有一份同名的计划。" in r.content.decode()
    assert WorkPlan.objects.count() == 2


def test_copy_of_another_schools_plan_is_404(world):
    plan = a_plan(world)
    r = world.client("outsider").post(reverse("plans:create"), {"source": f"copy:{plan.pk}", "year": YEAR + 1})
    assert r.status_code in (400, 404)  # not among the choices: the form refuses it
    assert WorkPlan.objects.count() == 1


def test_plan_page_shows_completion_per_section(world):
    plan = a_plan(world)
    director = world.actor("director")
    section = plan.sections.order_by("order").first()
    a, b = section.tasks.order_by("order")
    services.task_progress(actor=director, task=a, status=TaskStatus.DONE, percent=100)
    services.task_progress(actor=director, task=b, status=TaskStatus.IN_PROGRESS, percent=50)
    PlanTask.objects.filter(pk=b.pk).update(deadline=dt.date(2026, 9, 2))  # past: overdue
    r = world.client("head_teacher_b").get(reverse("plans:detail", args=[plan.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert "三、加强青少年思想政治引领，筑牢理想信念根基" in body  # after 一、指导思想与工作原则 and 二、工作目标
    assert "（一）深入开展爱国主义教育" in body
    data = r.context["data"]
    first = data.sections[0]
    assert (first.stats.done, first.stats.total, first.stats.overdue, first.stats.percent) == (1, 2, 1, 75)
    assert data.stats.total == PlanTask.objects.filter(plan=plan).count() and data.stats.done == 1
    assert 'data-section-overdue="1"' in body
    assert "plans:edit" not in body and reverse("plans:edit", args=[plan.pk]) not in body  # not the committee


def test_a_draft_is_the_committees_only(world):
    plan = a_plan(world, adopted=False)
    assert world.client("director").get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    assert world.client("head_teacher_a").get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    assert "2026-2027" not in world.client("head_teacher_a").get(reverse("plans:list")).content.decode()


def test_adopt_and_edit_in_the_browser(world):
    plan = a_plan(world, adopted=False)
    c = world.client("leader")
    r = c.post(reverse("plans:edit", args=[plan.pk]), {"title": "", "goals": "一\n二"})
    assert r.status_code == 400 and "该字段是必填项。" in r.content.decode()
    r = c.post(reverse("plans:edit", args=[plan.pk]), {"title": "2026-2027学年关工委计划", "goals": "一\n二"})
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "2026-2027学年关工委计划" and plan.goals == "一\n二"
    r = c.post(reverse("plans:status", args=[plan.pk]), {"status": "adopted"}, follow=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED and "计划已通过" in r.content.decode()
    r = c.post(reverse("plans:delete", args=[plan.pk]), follow=True)
    assert "已通过的计划不能删除" in r.content.decode() and WorkPlan.objects.filter(pk=plan.pk).exists()


def test_sections_and_tasks_in_the_browser(world):
    plan = a_plan(world)
    c = world.client("director")
    r = c.post(reverse("plans:section-create", args=[plan.pk]), {"title": "特色工作"})
    section = PlanSection.objects.get(plan=plan, title="特色工作")
    assert r.status_code == 302
    r = c.post(reverse("plans:task-create", args=[section.pk]), {
        "title": "红色研学", "section": section.pk, "measures": "研学路线\n研学手册", "deadline": "2027-10-01",
        "owner": world.users["head_teacher_a"].pk, "departments": [world.department.pk]})
    assert r.status_code == 400
    assert "完成时限应在计划所属学年内（2026-09-01 至 2027-08-31）。" in r.content.decode()
    assert not section.tasks.exists()
    r = c.post(reverse("plans:task-create", args=[section.pk]), {
        "title": "红色研学", "section": section.pk, "measures": "研学路线\n研学手册", "deadline": "2027-05-01",
        "owner": world.users["head_teacher_a"].pk, "departments": [world.department.pk]})
    task = section.tasks.get()
    assert r.status_code == 302 and task.measure_list == ["研学路线", "研学手册"]
    r = c.post(reverse("plans:task-edit", args=[task.pk]), {"title": "红色研学实践", "section": section.pk,
                                                            "owner": "", "expected_evidence": "研学成果"})
    task.refresh_from_db()
    assert r.status_code == 302 and task.title == "红色研学实践" and task.owner is None
    assert not task.departments.exists()
    r = c.post(reverse("plans:section-move", args=[section.pk]), {"direction": "up"})
    assert r.status_code == 302
    assert list(plan.sections.order_by("order").values_list("title", flat=True))[-2:] == ["特色工作", "保障措施"]
    r = c.post(reverse("plans:section-delete", args=[section.pk]), follow=True)
    assert "这一部分还有任务" in r.content.decode()
    c.post(reverse("plans:task-delete", args=[task.pk]))
    c.post(reverse("plans:section-delete", args=[section.pk]))
    assert not PlanSection.objects.filter(title="特色工作").exists()


def test_progress_in_the_browser_refuses_101_and_writes_nothing(world):
    plan = a_plan(world)
    task = first_task(plan, owner=world.users["head_teacher_a"])
    c = world.client("head_teacher_a")
    page = c.get(reverse("plans:task-detail", args=[task.pk]))
    assert page.status_code == 200 and 'id="progress-form"' in page.content.decode()
    r = c.post(reverse("plans:task-progress", args=[task.pk]), {"status": "in_progress", "percent": "101"})
    assert r.status_code == 400 and "进度请填写 0 到 100 之间的整数。" in r.content.decode()
    task.refresh_from_db()
    assert task.percent == 0 and not TaskUpdate.objects.exists()
    r = c.post(reverse("plans:task-progress", args=[task.pk]),
               {"status": "done", "percent": "80", "note": "全部完成"}, follow=True)
    task.refresh_from_db()
    assert (task.status, task.percent) == (TaskStatus.DONE, 100)
    assert "进展已记录：已完成，100%。" in r.content.decode()
    other = world.client("head_teacher_b")
    assert 'id="progress-form"' not in other.get(reverse("plans:task-detail", args=[task.pk])).content.decode()
    assert other.post(reverse("plans:task-progress", args=[task.pk]),
                      {"status": "in_progress", "percent": "5"}).status_code == 404


def test_evidence_in_the_browser(world):
    plan = a_plan(world)
    task = first_task(plan, owner=world.users["head_teacher_a"])
    c = world.client("head_teacher_a")
    r = c.post(reverse("plans:evidence-add", args=[task.pk]), {"photos": [png()], "documents": [pdf()]})
    assert r.status_code == 302
    photo = TaskEvidence.objects.get(kind="photo")
    doc = TaskEvidence.objects.get(kind="file")
    shown = world.client("counsellor").get(reverse("plans:evidence", args=[photo.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    got = world.client("counsellor").get(reverse("plans:evidence", args=[doc.pk]))
    assert got.status_code == 200 and "attachment" in got["Content-Disposition"]
    assert world.client("parent_x").get(reverse("plans:evidence", args=[doc.pk])).status_code == 404
    bad = c.post(reverse("plans:evidence-add", args=[task.pk]), {"photos": [pdf("不是照片.png")]})
    assert bad.status_code == 400 and "不是" in bad.content.decode()
    assert TaskEvidence.objects.count() == 2
    c.post(reverse("plans:evidence-remove", args=[photo.pk]))
    assert TaskEvidence.objects.count() == 1


def test_department_head_sees_their_departments_tasks(world):
    """GOV-4: a task assigned to 德育处 lands on its head's list, with its overdue flag."""
    head = dept_head(world)
    plan = a_plan(world)
    theirs = list(PlanTask.objects.filter(plan=plan, departments=world.department).order_by("pk"))
    PlanTask.objects.filter(plan=plan).update(deadline=dt.date(2027, 6, 30))
    PlanTask.objects.filter(pk=theirs[0].pk).update(deadline=dt.date(2026, 9, 2))
    draft = a_plan(world, adopted=False, key="team")
    assert PlanTask.objects.filter(plan=draft, departments=world.department).exists()
    c = login(world, "depthead")
    r = c.get(reverse("plans:tasks"))
    assert r.status_code == 200 and r.context["scope"] == "department"
    shown = [t.pk for t in r.context["page"]]
    assert sorted(shown) == sorted(t.pk for t in theirs)  # the draft's tasks are not on the list yet
    assert shown[0] == theirs[0].pk and r.context["page"][0].overdue
    assert 'data-overdue="1"' in r.content.decode()
    r = c.get(reverse("plans:tasks"), {"scope": "department", "overdue": "on"})
    assert [t.pk for t in r.context["page"]] == [theirs[0].pk]
    r = c.get(reverse("plans:tasks"), {"scope": "all"})  # not the committee: back to their own list
    assert r.context["scope"] == "department"
    services.task_progress(actor=build_actor(head), task=theirs[1], status="in_progress", percent=30)
    assert head.pk  # the head reported progress on a task of their department


def test_my_tasks(world):
    plan = a_plan(world)
    mine = first_task(plan, owner=world.users["counsellor"])
    r = world.client("counsellor").get(reverse("plans:tasks"))
    assert r.context["scope"] == "mine" and [t.pk for t in r.context["page"]] == [mine.pk]
    assert [s for s, _label in r.context["tabs"]] == ["mine"]
    r = world.client("director").get(reverse("plans:tasks"), {"scope": "all"})
    assert r.context["page"].paginator.count == PlanTask.objects.filter(plan=plan).count()


def test_word_export_and_print_page(world):
    plan = a_plan(world)
    r = world.client("finance").get(reverse("plans:export", args=[plan.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in r["Content-Disposition"] and ".docx" in r["Content-Disposition"]
    page = world.client("finance").get(reverse("plans:print", args=[plan.pk]))
    body = page.content.decode()
    assert 'href="/static/plans/plan_print.css"' in body
    assert "一、指导思想与工作原则" in body and "（二）工作原则" in body
    assert "三、加强青少年思想政治引领，筑牢理想信念根基" in body and "进展：" not in body
    body = world.client("finance").get(reverse("plans:print", args=[plan.pk]), {"progress": "1"}).content.decode()
    assert "进展：未开始 0%" in body


def _plan_page_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["director", "head_teacher_a"])
def test_plan_page_query_count_does_not_grow_with_tasks(world, persona):
    plan = a_plan(world)
    c = world.client(persona)
    _plan_page_queries(c, plan)  # warm caches (session, content types)
    few = _plan_page_queries(c, plan)
    director = world.actor("director")
    for section in plan.sections.all():
        for i in range(4):
            services.task_create(actor=director, section=section, title=f"追加任务{i}",
                                 owner=world.users["head_teacher_b"], departments=[world.department])
    assert _plan_page_queries(c, plan) == few


def test_task_list_query_count_does_not_grow_with_rows(world):
    head = dept_head(world)
    plan = a_plan(world)
    c = login(world, "depthead")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(reverse("plans:tasks"))
            assert r.status_code == 200
        return len(ctx.captured_queries)

    count()
    PlanTask.objects.filter(plan=plan).exclude(pk__in=PlanTask.objects.filter(
        plan=plan, departments=world.department).values("pk")[:2]).update(owner=None)
    kept = list(PlanTask.objects.filter(plan=plan, departments=world.department)[:2].values_list("pk", flat=True))
    PlanTask.departments.through.objects.filter(plantask__plan=plan).exclude(plantask_id__in=kept).delete()
    two = count()
    for task in PlanTask.objects.filter(plan=plan).exclude(pk__in=kept)[:20]:
        task.departments.add(world.department)
        task.owner = head
        task.save()
    assert count() == two


def test_two_owners_of_one_name_are_told_apart_in_the_task_form(world):
    # two teachers both called 植宇: each option says its department (or, without one, its classes or role)
    from conftest import make_user
    from xinhuo.core.models import Department, Role

    other = Department.objects.create(school=world.school, name="教务处", kind=Department.Kind.ACADEMIC_AFFAIRS)
    make_user("zhiyu1", world.school, Role.DEPARTMENT_HEAD, department=world.department, full_name="植宇")
    make_user("zhiyu2", world.school, Role.DEPARTMENT_HEAD, department=other, full_name="植宇")
    section = a_plan(world).sections.order_by("order", "pk").first()
    page = world.client("director").get(reverse("plans:task-create", args=[section.pk])).content.decode()
    assert "植宇（德育处）" in page and "植宇（教务处）" in page
    assert ">植宇<" not in page
