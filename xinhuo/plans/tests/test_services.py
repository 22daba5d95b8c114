"""The plan's services: the five templates, copying last year's plan, editing, adopting, sections and tasks; every
refusal says why in Chinese and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from xinhuo.core.models import Department, Notification, Role
from xinhuo.plans import services
from xinhuo.plans.models import PlanSection, PlanStatus, PlanTask, TaskStatus, WorkPlan
from xinhuo.plans.templates_data import TEMPLATES

from .helpers import YEAR, a_plan, day, dept_head, first_task


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_each_template_makes_a_draft_laid_out_like_its_seed_plan(world, key):
    tpl = TEMPLATES[key]
    plan = services.plan_create_from_template(actor=world.actor("director"), key=key, year=YEAR)
    assert plan.status == PlanStatus.DRAFT and plan.template == key and plan.created_by == world.users["director"]
    suffix = "" if key == "general" else f"（{tpl['name']}）"
    assert plan.title == f"2026-2027学年学校关工委工作计划{suffix}" and plan.subtitle == tpl["subtitle"]
    assert plan.goals.splitlines() == tpl["goals"] and plan.principles.splitlines() == tpl["principles"]
    sections = list(plan.sections.order_by("order"))
    assert [s.title for s in sections] == [s["title"] for s in tpl["sections"]]
    for section, data in zip(sections, tpl["sections"], strict=True):
        tasks = list(section.tasks.order_by("order"))
        assert [t.title for t in tasks] == [t["title"] for t in data["tasks"]]
        for task, t in zip(tasks, data["tasks"], strict=True):
            assert task.measure_list == t["measures"] and task.plan_id == plan.pk
            start, end = plan.period
            assert start <= task.deadline <= end
            assert task.expected_evidence == t["evidence"]
            # the world has one department, 德育处 (moral education): tasks of that kind get it, others none
            want = ["德育处"] if "moral_education" in t["departments"] else []
            assert [d.name for d in task.departments.all()] == want


def test_the_five_templates_are_the_five_seed_plans():
    assert [t["name"] for t in TEMPLATES.values()] == ["综合", "创新特色", "家校社协同", "学生中心", "队伍建设"]
    general = TEMPLATES["general"]
    assert [s["title"] for s in general["sections"]][0] == "加强青少年思想政治引领，筑牢理想信念根基"
    assert general["sections"][-1]["title"] == "保障措施"
    assert general["sections"][0]["tasks"][0]["title"] == "深入开展爱国主义教育"
    assert general["principles"][0].startswith("坚持党的领导原则：")
    for t in TEMPLATES.values():
        assert all(task["measures"] for s in t["sections"] for task in s["tasks"])
        assert all(set(task["departments"]) <= set(Department.Kind.values) for s in t["sections"]
                   for task in s["tasks"])


def test_template_title_can_be_given_and_duplicates_are_refused(world):
    director = world.actor("director")
    plan = services.plan_create_from_template(actor=director, key="team", year=YEAR, title="  队伍建设专项计划 ")
    assert plan.title == "队伍建设专项计划"
    with pytest.raises(ValidationError) as exc:
        services.plan_create_from_template(actor=director, key="general", year=YEAR, title="队伍建设专项计划")
    assert exc.value.message_dict["title"] == ["这一学年已经有一份同名的计划。"]
    assert WorkPlan.objects.count() == 1 and PlanTask.objects.count() == len(
        [t for s in TEMPLATES["team"]["sections"] for t in s["tasks"]])


@pytest.mark.parametrize(("key", "year", "field"), [("nope", YEAR, "template"), ("general", "明年", "year"),
                                                    ("general", 1999, "year")])
def test_bad_template_or_year_is_refused(world, key, year, field):
    with pytest.raises(ValidationError) as exc:
        services.plan_create_from_template(actor=world.actor("director"), key=key, year=year)
    assert field in exc.value.message_dict
    assert not WorkPlan.objects.exists()


@pytest.mark.parametrize("persona", ["admin", "head_teacher_a", "counsellor", "elder", "parent_x", "student_x"])
def test_only_the_committee_creates_plans(world, persona):
    with pytest.raises(Http404):
        services.plan_create_from_template(actor=world.actor(persona), key="general", year=YEAR)
    assert not WorkPlan.objects.exists()


def test_copy_of_last_years_plan(world):
    director = world.actor("director")
    old = a_plan(world, year=YEAR - 1, title="2025-2026学年学校关工委工作计划")
    task = first_task(old, status=TaskStatus.DONE, percent=100, last_update_note="已完成",
                      owner=world.users["head_teacher_a"], deadline=dt.date(2026, 2, 28))
    gone = PlanTask.objects.filter(plan=old).exclude(pk=task.pk).first()
    gone.owner = world.users["parent_x"]  # not a staff member: not carried over
    gone.save()
    services.plan_update(actor=director, plan=old, title=old.title, guiding_ideas="去年的指导思想",
                         principles="原则一\n\n原则二")
    plan = services.plan_copy(actor=director, source=old, year=YEAR)
    assert plan.title == "2026-2027学年学校关工委工作计划" and plan.copied_from == old and plan.year == YEAR
    assert plan.status == PlanStatus.DRAFT and plan.guiding_ideas == "去年的指导思想"
    assert plan.principles == "原则一\n原则二"
    assert [s.title for s in plan.sections.order_by("order")] == [s.title for s in old.sections.order_by("order")]
    copied = list(PlanTask.objects.filter(plan=plan).order_by("section__order", "order"))
    originals = list(PlanTask.objects.filter(plan=old).order_by("section__order", "order"))
    assert [t.title for t in copied] == [t.title for t in originals]
    new = copied[0]
    assert (new.status, new.percent, new.last_update_note) == (TaskStatus.NOT_STARTED, 0, "")
    assert new.owner == world.users["head_teacher_a"] and new.deadline == dt.date(2027, 2, 28)
    assert all(t.section.plan_id == plan.pk for t in copied)
    assert PlanTask.objects.get(plan=plan, title=gone.title, section__order=gone.section.order).owner is None
    for a, b in zip(originals, copied, strict=True):
        assert [d.pk for d in a.departments.all()] == [d.pk for d in b.departments.all()]
        assert b.deadline == a.deadline.replace(year=a.deadline.year + 1)


def test_copy_moves_29_february_to_28(world):
    old = a_plan(world, year=2027, title="2027-2028学年计划")  # 2028 is a leap year
    first_task(old, deadline=dt.date(2028, 2, 29))
    plan = services.plan_copy(actor=world.actor("director"), source=old, year=2028)
    assert first_task(plan).deadline == dt.date(2029, 2, 28)
    assert plan.title == "2028-2029学年计划"


def test_copy_to_a_year_that_has_it_already_is_refused(world):
    old = a_plan(world, year=YEAR - 1, title="2025-2026学年计划")
    a_plan(world, year=YEAR, title="2026-2027学年计划")
    count = PlanTask.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.plan_copy(actor=world.actor("director"), source=old, year=YEAR)
    assert "同名" in exc.value.message_dict["title"][0]
    assert PlanTask.objects.count() == count and WorkPlan.objects.count() == 2


def test_copy_of_another_schools_plan_is_404(world):
    plan = a_plan(world)
    with pytest.raises(Http404):
        services.plan_copy(actor=world.actor("outsider"), source=plan, year=YEAR + 1)


def test_plan_update_refusals_change_nothing(world):
    plan = a_plan(world)
    director = world.actor("director")
    with pytest.raises(ValidationError) as exc:
        services.plan_update(actor=director, plan=plan, title="", goals="目" * 4001)
    assert exc.value.message_dict["title"] == ["请给计划起个标题。"]
    assert "最多 4000 个字" in exc.value.message_dict["goals"][0]
    plan.refresh_from_db()
    assert plan.title == "2026-2027学年学校关工委工作计划"
    plan = services.plan_update(actor=director, plan=plan, title="新标题", goals="目标一\n  \n目标二 ")
    assert plan.goals == "目标一\n目标二"


def test_adopting_tells_owners_and_department_heads_once_each(world):
    head = dept_head(world)
    plan = a_plan(world, adopted=False)
    first_task(plan, owner=world.users["head_teacher_a"])
    plan = services.plan_set_status(actor=world.actor("leader"), plan=plan, status=PlanStatus.ADOPTED)
    assert plan.status == PlanStatus.ADOPTED
    mine = Notification.objects.filter(recipient=head)
    n = PlanTask.objects.filter(plan=plan, departments=world.department).count()
    assert mine.count() == 1 and mine.get().title == f"工作计划中有 {n} 项任务由您负责"
    assert Notification.objects.filter(recipient=world.users["head_teacher_a"]).count() == 1
    with pytest.raises(ValidationError) as exc:
        services.plan_set_status(actor=world.actor("leader"), plan=plan, status=PlanStatus.ADOPTED)
    assert exc.value.messages == ["计划已经通过。"]
    plan = services.plan_set_status(actor=world.actor("director"), plan=plan, status=PlanStatus.DRAFT)
    assert plan.status == PlanStatus.DRAFT


def test_a_plan_without_tasks_cannot_be_adopted(world):
    director = world.actor("director")
    plan = a_plan(world, adopted=False)
    PlanTask.objects.filter(plan=plan).delete()
    with pytest.raises(ValidationError) as exc:
        services.plan_set_status(actor=director, plan=plan, status=PlanStatus.ADOPTED)
    assert exc.value.messages == ["请先添加至少一项任务，再通过计划。"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_only_a_draft_is_deleted(world):
    director = world.actor("director")
    plan = a_plan(world)
    with pytest.raises(ValidationError):
        services.plan_delete(actor=director, plan=plan)
    assert WorkPlan.objects.filter(pk=plan.pk).exists()
    services.plan_set_status(actor=director, plan=plan, status=PlanStatus.DRAFT)
    services.plan_delete(actor=director, plan=plan)
    assert not WorkPlan.objects.exists() and not PlanTask.objects.exists()


def test_sections_add_rename_move_and_delete(world):
    director = world.actor("director")
    plan = a_plan(world)
    n = plan.sections.count()
    new = services.section_create(actor=director, plan=plan, title=" 特色工作 ")
    assert (new.title, new.order) == ("特色工作", n + 1)
    services.section_move(actor=director, section=new, direction="up")
    titles = list(plan.sections.order_by("order").values_list("title", flat=True))
    assert titles[-2] == "特色工作" and titles[-1] == "保障措施"
    services.section_move(actor=director, section=PlanSection.objects.get(plan=plan, title=titles[0]), direction="up")
    assert list(plan.sections.order_by("order").values_list("title", flat=True)) == titles  # the first stays first
    services.section_update(actor=director, section=new, title="特色品牌工作")
    with pytest.raises(ValidationError) as exc:
        services.section_update(actor=director, section=new, title="  ")
    assert exc.value.message_dict["title"] == ["请给这一部分起个标题。"]
    busy = PlanSection.objects.get(plan=plan, title="保障措施")
    with pytest.raises(ValidationError):
        services.section_delete(actor=director, section=busy)
    assert PlanSection.objects.filter(pk=busy.pk).exists()
    services.section_delete(actor=director, section=new)
    assert plan.sections.count() == n


def test_task_create_and_its_refusals(world):
    director = world.actor("director")
    plan = a_plan(world)
    section = plan.sections.order_by("order").first()
    count = PlanTask.objects.count()
    bad = {"title": "", "owner": world.users["parent_x"], "departments": [Department.objects.create(
        school=world.other, name="外校德育处")], "deadline": dt.date(2027, 9, 1)}
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=director, section=section, **bad)
    errors = exc.value.message_dict
    assert errors["title"] == ["请给任务起个标题。"]
    assert errors["owner"] == ["请选择本校的教职工作为负责人。"]
    assert errors["departments"] == ["请选择本校的部门。"]
    assert errors["deadline"] == ["完成时限应在计划所属学年内（2026-09-01 至 2027-08-31）。"]
    assert PlanTask.objects.count() == count
    task = services.task_create(actor=director, section=section, title="开展国家安全教育日活动",
                                measures="主题班会\n\n知识竞赛", owner=world.users["counsellor"],
                                departments=[world.department], deadline=day(4, 15), expected_evidence="照片")
    assert task.order == section.tasks.count() and task.measure_list == ["主题班会", "知识竞赛"]
    assert task.plan_id == plan.pk and list(task.departments.all()) == [world.department]


def test_task_assignment_tells_the_new_assignees_only(world):
    head = dept_head(world)
    director = world.actor("director")
    plan = a_plan(world)
    section = plan.sections.order_by("order").first()
    task = services.task_create(actor=director, section=section, title="新任务", owner=world.users["counsellor"])
    assert Notification.objects.filter(recipient=world.users["counsellor"]).count() == 1
    assert not Notification.objects.filter(recipient=head).exists()
    services.task_update(actor=director, task=task, title="新任务", owner=world.users["counsellor"],
                         departments=[world.department])
    assert Notification.objects.filter(recipient=world.users["counsellor"]).count() == 1
    assert Notification.objects.filter(recipient=head).count() == 1


def test_task_update_moves_to_another_section_of_the_plan_only(world):
    director = world.actor("director")
    plan, other = a_plan(world), a_plan(world, key="team")
    task = first_task(plan)
    last = plan.sections.order_by("order").last()
    with pytest.raises(ValidationError) as exc:
        services.task_update(actor=director, task=task, title=task.title, section=other.sections.first())
    assert exc.value.message_dict["section"] == ["请选择本计划中的部分。"]
    task = services.task_update(actor=director, task=task, title="改名", section=last)
    assert task.section == last and task.order == last.tasks.count()


def test_task_move_and_delete(world):
    director = world.actor("director")
    plan = a_plan(world)
    section = plan.sections.order_by("order").first()
    a, b = list(section.tasks.order_by("order"))
    services.task_move(actor=director, task=b, direction="up")
    assert list(section.tasks.order_by("order").values_list("pk", flat=True)) == [b.pk, a.pk]
    with pytest.raises(ValidationError):
        services.task_move(actor=director, task=b, direction="sideways")
    services.task_delete(actor=director, task=a)
    assert list(section.tasks.values_list("pk", flat=True)) == [b.pk]


@pytest.mark.parametrize("persona", ["head_teacher_a", "counsellor", "admin", "finance"])
def test_only_the_committee_edits_the_plan(world, persona):
    plan = a_plan(world)
    task = first_task(plan)
    who = world.actor(persona)
    with pytest.raises(Http404):
        services.plan_update(actor=who, plan=plan, title="x")
    with pytest.raises(Http404):
        services.task_update(actor=who, task=task, title="x")
    with pytest.raises(Http404):
        services.section_create(actor=who, plan=plan, title="x")


def test_the_committee_of_another_school_edits_nothing_here(world):
    plan = a_plan(world)
    with pytest.raises(Http404):
        services.plan_update(actor=world.actor("outsider"), plan=plan, title="x")
    with pytest.raises(Http404):
        services.task_delete(actor=world.actor("outsider"), task=first_task(plan))
    assert PlanTask.objects.filter(plan=plan).count() > 0


def test_department_head_role_is_a_staff_owner(world):
    head = dept_head(world)
    plan = a_plan(world)
    task = services.task_update(actor=world.actor("director"), task=first_task(plan), title="x", owner=head)
    assert task.owner == head and head.memberships.get().role == Role.DEPARTMENT_HEAD
