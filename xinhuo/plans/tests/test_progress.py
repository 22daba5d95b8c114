"""Task progress (PLAN-2): who reports it, how status and percentage stay consistent, evidence files and photos;
each refusal says why and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from xinhuo.activities.models import Activity
from xinhuo.core.access import build_actor
from xinhuo.plans import services
from xinhuo.plans.models import PlanStatus, TaskEvidence, TaskStatus, TaskUpdate

from .helpers import a_plan, dept_head, first_task, pdf, png


def an_activity(school, user, title="清明祭英烈") -> Activity:
    start = timezone.make_aware(dt.datetime(2027, 4, 3, 8))
    return Activity.objects.create(school=school, title=title, kind="study_trip", starts_at=start,
                                   ends_at=start + dt.timedelta(hours=3), organiser=user)


@pytest.fixture
def task(world):
    plan = a_plan(world)
    return first_task(plan, owner=world.users["head_teacher_a"])


def progress(world, persona, task, **kw):
    fields = {"status": TaskStatus.IN_PROGRESS, "percent": 40, "note": "已开展两次主题升旗"} | kw
    return services.task_progress(actor=world.actor(persona), task=task, **fields)


def test_the_owner_reports_progress_and_it_is_kept(world, task):
    act = an_activity(world.school, world.users["head_teacher_a"])
    update = progress(world, "head_teacher_a", task, activities=[act])
    task.refresh_from_db()
    assert (task.status, task.percent, task.last_update_note) == (TaskStatus.IN_PROGRESS, 40, "已开展两次主题升旗")
    assert list(task.activities.all()) == [act] and task.updated_at is not None
    assert (update.status, update.percent, update.by) == (TaskStatus.IN_PROGRESS, 40, world.users["head_teacher_a"])
    progress(world, "head_teacher_a", task, percent=60, note="")
    task.refresh_from_db()
    assert task.last_update_note == "已开展两次主题升旗"  # an update without a note keeps the last one
    assert list(task.activities.all()) == [act]  # activities not given: unchanged
    assert list(TaskUpdate.objects.filter(task=task).values_list("percent", flat=True)) == [60, 40]


@pytest.mark.parametrize(("given", "status", "percent"), [
    ((TaskStatus.DONE, 30), TaskStatus.DONE, 100),  # done is 100 %
    ((TaskStatus.IN_PROGRESS, 100), TaskStatus.DONE, 100),  # 100 % is done
    ((TaskStatus.NOT_STARTED, 20), TaskStatus.IN_PROGRESS, 20),  # progress means it started
    ((TaskStatus.NOT_STARTED, "0"), TaskStatus.NOT_STARTED, 0),
    ((TaskStatus.IN_PROGRESS, " 35 "), TaskStatus.IN_PROGRESS, 35),
])
def test_status_and_percentage_stay_consistent(world, task, given, status, percent):
    progress(world, "director", task, status=given[0], percent=given[1])
    task.refresh_from_db()
    assert (task.status, task.percent) == (status, percent)


@pytest.mark.parametrize(("fields", "key", "message"), [
    ({"percent": 101}, "percent", "进度请填写 0 到 100 之间的整数。"),
    ({"percent": -1}, "percent", "进度请填写 0 到 100 之间的整数。"),
    ({"percent": "一半"}, "percent", "进度请填写 0 到 100 之间的整数。"),
    ({"percent": 12.5}, "percent", "进度请填写 0 到 100 之间的整数。"),
    ({"status": "finished"}, "status", "请从以下选项中选择：未开始、进行中、已完成、已取消。"),
    ({"status": TaskStatus.DROPPED, "note": ""}, "note", "请说明取消这项任务的原因。"),
    ({"note": "字" * 1001}, "note", "最多 1000 个字"),
])
def test_bad_progress_is_refused_and_nothing_is_written(world, task, fields, key, message):
    with pytest.raises(ValidationError) as exc:
        progress(world, "head_teacher_a", task, **fields)
    assert message in exc.value.message_dict[key][0]
    task.refresh_from_db()
    assert (task.status, task.percent, task.last_update_note) == (TaskStatus.NOT_STARTED, 0, "")
    assert not TaskUpdate.objects.exists()


def test_a_dropped_task_says_why(world, task):
    progress(world, "director", task, status=TaskStatus.DROPPED, percent=10, note="上级取消了这项活动")
    task.refresh_from_db()
    assert (task.status, task.percent, task.last_update_note) == (TaskStatus.DROPPED, 10, "上级取消了这项活动")


def test_activities_of_another_school_are_refused(world, task):
    other = an_activity(world.other, world.users["outsider"])
    with pytest.raises(ValidationError) as exc:
        progress(world, "head_teacher_a", task, activities=[other])
    assert exc.value.message_dict["activities"] == ["请选择本校的活动。"]
    assert not task.activities.exists() and not TaskUpdate.objects.exists()


def test_no_progress_on_a_draft(world):
    plan = a_plan(world, adopted=False)
    task = first_task(plan, owner=world.users["head_teacher_a"])
    with pytest.raises(ValidationError) as exc:
        progress(world, "director", task)
    assert exc.value.messages == ["这份计划还是草稿：通过后才能填报进展。"]
    with pytest.raises(Http404):  # the owner does not even see a draft's task
        progress(world, "head_teacher_a", task)
    assert not TaskUpdate.objects.exists()


def test_who_may_report_progress(world, task):
    """The owner, a head of one of its departments (GOV-4), the committee; nobody else."""
    head = dept_head(world)
    assert task.departments.filter(pk=world.department.pk).exists()
    services.task_progress(actor=build_actor(head), task=task, status=TaskStatus.IN_PROGRESS, percent=10)
    for persona in ("director", "leader", "head_teacher_a"):
        progress(world, persona, task)
    for persona in ("head_teacher_b", "counsellor", "admin", "finance", "outsider", "elder", "parent_x",
                    "student_x"):
        with pytest.raises(Http404):
            progress(world, persona, task, percent=99)
    assert TaskUpdate.objects.count() == 4
    other = task.plan.tasks.exclude(departments=world.department).exclude(pk=task.pk).first()
    with pytest.raises(Http404):  # not their department's, not theirs
        services.task_progress(actor=build_actor(head), task=other, status=TaskStatus.IN_PROGRESS, percent=10)


# --- evidence ---------------------------------------------------------------------------------------------------


def test_photos_and_files_are_checked_and_kept(world, task):
    added = services.evidence_add(actor=world.actor("head_teacher_a"), task=task, photos=[png()],
                                  documents=[pdf()])
    assert [(e.kind, e.name, e.uploaded_by) for e in added] == [
        (TaskEvidence.Kind.PHOTO, "photo.png", world.users["head_teacher_a"]),
        (TaskEvidence.Kind.FILE, "总结.pdf", world.users["head_teacher_a"])]
    photo = added[0]
    assert photo.file.name.startswith(f"plans/{world.school.pk}/{task.plan_id}/{task.pk}/")
    assert "photo" not in photo.file.name  # a random name: the uploader's file name is for display only


def test_one_bad_upload_keeps_all_out(world, task):
    fake = SimpleUploadedFile("合影.jpg", b"not a picture at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(actor=world.actor("head_teacher_a"), task=task, photos=[png(), fake],
                              documents=[SimpleUploadedFile("病毒.exe", b"MZ....", content_type="application/x")])
    errors = exc.value.message_dict
    assert "“合影.jpg”不是" in errors["photos"][0]
    assert "“病毒.exe”：不能上传这种类型的文件" in errors["documents"][0]
    assert not TaskEvidence.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(actor=world.actor("head_teacher_a"), task=task)
    assert exc.value.message_dict["photos"] == ["请至少选择一张照片或一个文件。"]


def test_evidence_is_removed_by_its_uploader_or_the_committee(world, task):
    [ev] = services.evidence_add(actor=world.actor("head_teacher_a"), task=task, photos=[png()])
    with pytest.raises(Http404):
        services.evidence_remove(actor=world.actor("head_teacher_b"), evidence=ev)
    services.evidence_remove(actor=world.actor("head_teacher_a"), evidence=ev)
    assert not TaskEvidence.objects.exists()
    [ev] = services.evidence_add(actor=world.actor("head_teacher_a"), task=task, documents=[pdf()])
    services.evidence_remove(actor=world.actor("leader"), evidence=ev)
    assert not TaskEvidence.objects.exists()


def test_no_evidence_on_a_draft(world, task):
    task.plan.status = PlanStatus.DRAFT
    task.plan.save()
    with pytest.raises(ValidationError):
        services.evidence_add(actor=world.actor("director"), task=task, photos=[png()])
    assert not TaskEvidence.objects.exists()
