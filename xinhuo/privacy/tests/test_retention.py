"""The daily retention job (ORG-9): a left student past the period is erased in every app, in the change history
and in the access log's free text, counts kept; a held one and one not yet due are kept; the access log is purged
by age; a second run changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.http import Http404
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from xinhuo.activities.models import SignUp
from xinhuo.care.growth.services import growth_entry_add
from xinhuo.care.models import GrowthEntry, HomeVisit
from xinhuo.care.visits.services import home_visit_record
from xinhuo.core.models import AccessLog, User
from xinhuo.core.services import access_log_record
from xinhuo.people.models import Guardian, Student, StudentGuardian
from xinhuo.privacy import conf, services
from xinhuo.privacy.models import Erasure, ErasureHold
from xinhuo.privacy.tests.helpers import a_hold, left
from xinhuo.selections.models import Nomination
from xinhuo.selections.tests.helpers import nominate, selection
from xinhuo.wellbeing.models import TalkRequest

NAME, GUARDIAN, PHONE = "王小刚", "王大刚", "13712345678"


def text_anywhere(*needles: str) -> list[str]:
    """Every text, JSON and encrypted value of every table (read through the ORM, so decrypted) holding a needle."""
    found = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        if not fields:
            continue
        for row in model._base_manager.values_list("pk", *fields):
            for value in row[1:]:
                text = str(value) if value is not None else ""
                hits = [n for n in needles if n in text]
                if hits:
                    found.append(f"{model._meta.label}#{row[0]}: {hits}")
    return found


def raw_student(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, student_no, id_card, address, birth_date FROM people_student WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.fixture
def z_everywhere(world):
    """student_z (王小刚, guardian 王大刚 only theirs) with an account, a home visit, a growth entry, a sign-up, a
    nomination, a talk request, history and access-log rows naming them; then left past the period."""
    director = world.actor("director")
    z = world.student_z
    user = make_user("student_z", world.school, "student", full_name=NAME, phone="13700001111")
    Student.objects.filter(pk=z.pk).update(user=user)
    z.refresh_from_db()
    home_visit_record(actor=director, student=z, visited_on=timezone.localdate(), way="home",
                      visitor_kinds=["head_teacher"], visitors="陈老师", notes=f"{NAME}的父亲在外地打工",
                      findings="家里经济困难")
    growth_entry_add(actor=director, student=z, kind="award", on=timezone.localdate(), title="进步之星",
                     detail=f"{NAME}主动帮助同学")
    from xinhuo.activities.tests.helpers import published

    SignUp.objects.create(activity=published(world), student=z, kind="student", name=NAME)
    nominate(world, selection(world), z, reason=f"{NAME}拾金不昧")
    TalkRequest.objects.create(school=world.school, student=z, with_whom="counsellor", message="最近睡不好")
    access_log_record(director, "view", "student", z.pk, field="id_card", detail={"name": NAME})
    access_log_record(director, "search", "student", detail={"filters": {"q": NAME}, "count": 1})
    access_log_record(director, "search", "student", detail={"filters": {"q": "张小明"}, "count": 1})
    g = Guardian.objects.get(pk=world.guardian_z.pk)
    g.work_unit = "县建筑公司"
    g.save()  # a change in the history naming the guardian
    return left(z, days=-1), user.pk


def test_the_job_erases_a_left_student_past_the_period_in_every_app(world, z_everywhere):
    z, account_pk = z_everywhere
    before = {m: m.objects.count() for m in (HomeVisit, GrowthEntry, SignUp, Nomination, TalkRequest,
                                              StudentGuardian, Student, Guardian)}
    assert text_anywhere(NAME, GUARDIAN, PHONE)  # the fixture put them there

    result = services.retention_run()

    assert result["erased"] == 1 and result["failed"] == 0
    assert text_anywhere(NAME, GUARDIAN, PHONE, "县建筑公司", "父亲在外地打工", "拾金不昧", "最近睡不好") == []
    name, number, id_card, address, birth = raw_student(z.pk)
    assert name == f"已离校学生#{z.pk}" and number == f"erased-{z.pk}"
    assert (id_card, address, birth) == (None, None, None)
    # rows that make counts stay
    assert {m: m.objects.count() for m in before} == before
    assert SignUp.objects.get(student=z).name == f"已离校学生#{z.pk}"
    # the guardian, and both accounts, are closed and nameless
    g = Guardian.objects.get(pk=world.guardian_z.pk)
    assert g.name.startswith("已离校学生家长#") and g.phone is None
    account = User.objects.get(pk=account_pk)
    assert account.username == f"erased-{account_pk}" and not account.is_active and not account.has_usable_password()
    # the history keeps that fields changed, not their values
    entries = LogEntry.objects.filter(content_type__model="student", object_pk=str(z.pk))
    assert entries.exists() and all(set(v) == {"[erased]"} for e in entries for v in (e.changes or {}).values())
    # the access log keeps who read what; the unrelated search keeps its words
    assert AccessLog.objects.filter(detail__filters__q="张小明").exists()
    assert AccessLog.objects.filter(object_type="student", object_id=str(z.pk)).get().detail == {}
    erasure = Erasure.objects.get(student=z)
    assert erasure.why == "retention" and erasure.by is None
    assert erasure.rows["care.HomeVisit"] == 1 and erasure.rows["people.Student"] == 1

    assert services.retention_run()["erased"] == 0  # safe twice


def test_a_guardian_with_a_child_still_at_school_is_kept(world):
    StudentGuardian.objects.create(student=world.student_y, guardian=world.guardian_z, relation="father")
    left(world.student_z, days=-1)
    services.retention_run()
    assert Guardian.objects.get(pk=world.guardian_z.pk).name == GUARDIAN
    assert Student.objects.get(pk=world.student_z.pk).name.startswith("已离校学生#")


def test_held_and_not_yet_due_students_are_kept(world):
    director = world.actor("director")
    left(world.student_z, days=-30)
    services.hold_place(actor=director, student_id=world.student_z.pk, reason="学籍纠纷尚未处理完毕")
    left(world.student_y, days=3)  # due in three days
    assert services.retention_run()["erased"] == 0
    assert Student.objects.get(pk=world.student_z.pk).name == NAME
    assert Student.objects.get(pk=world.student_y.pk).name == "李小红"
    hold = ErasureHold.objects.get(student=world.student_z)
    entry = LogEntry.objects.get_for_object(hold).get()
    assert entry.actor == world.users["director"]  # the hold is in the change history, its reason masked
    assert "学籍纠纷" not in str(entry.changes)

    services.hold_release(actor=director, hold=hold)
    assert services.retention_run()["erased"] == 1
    assert Student.objects.get(pk=world.student_z.pk).name.startswith("已离校学生#")


def test_a_hold_needs_a_reason_and_a_left_student(world):
    director = world.actor("director")
    left(world.student_z)
    with pytest.raises(ValidationError) as e:
        services.hold_place(actor=director, student_id=world.student_z.pk, reason="  ")
    assert "reason" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.hold_place(actor=director, student_id=world.student_x.pk, reason="还在读")  # enrolled
    with pytest.raises(Http404):
        services.hold_place(actor=world.actor("leader"), student_id=world.student_z.pk, reason="理由")
    with pytest.raises(Http404):
        services.hold_place(actor=world.actor("outsider"), student_id=world.student_z.pk, reason="理由")
    assert not ErasureHold.objects.exists()
    a_hold(world, world.student_z)
    with pytest.raises(ValidationError):  # one open hold at a time
        services.hold_place(actor=director, student_id=world.student_z.pk, reason="再次暂缓")


def test_the_period_is_a_setting(world):
    left(world.student_z, years_ago=2, days=-1)
    assert services.retention_run()["erased"] == 0  # three years by default
    with override_settings(XINHUO_RETENTION_YEARS=2):
        assert services.retention_run()["erased"] == 1


def test_the_access_log_is_purged_by_age(world):
    now = timezone.now()
    old = AccessLog.objects.create(action="view", object_type="student", at=now - dt.timedelta(days=3 * 366 + 1))
    recent = AccessLog.objects.create(action="view", object_type="student", at=now - dt.timedelta(days=3 * 365 - 2))
    assert services.retention_run()["access_log_purged"] == 1
    assert not AccessLog.objects.filter(pk=old.pk).exists() and AccessLog.objects.filter(pk=recent.pk).exists()
    with override_settings(XINHUO_ACCESS_LOG_YEARS=1):
        assert services.purge_access_log() >= 1
    assert not AccessLog.objects.filter(pk=recent.pk).exists()
    with override_settings(XINHUO_ACCESS_LOG_YEARS=0), pytest.raises(ValueError):
        services.purge_access_log()  # 等保 wants six months at least: less than a year is refused


def test_the_daily_job_is_declared(world):
    from xinhuo.core import registry

    assert "xinhuo.privacy.tasks.retention_task" in registry.daily_jobs()


def test_the_director_records_a_student_leaving(world):
    from xinhuo.privacy.selectors import due

    director = world.client("director")
    r = director.post(reverse("privacy:leaving"), {"student_no": "2026003", "status": "transferred",
                                                     "on": "2026-01-10"})
    assert r.status_code == 302
    z = Student.objects.get(pk=world.student_z.pk)
    assert (z.status, z.left_on) == ("transferred", dt.date(2026, 1, 10))
    assert LogEntry.objects.get_for_object(z).filter(actor=world.users["director"]).exists()
    # refused with a message, nothing changed: a day to come, an unknown number, no day
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    for data in ({"student_no": "2026001", "status": "graduated", "on": tomorrow},
                 {"student_no": "9999999", "status": "graduated", "on": "2026-01-10"},
                 {"student_no": "2026001", "status": "graduated", "on": ""}):
        r = director.post(reverse("privacy:leaving"), data, follow=True)
        assert r.status_code == 200 and "alert-danger" in r.content.decode()
    assert Student.objects.get(pk=world.student_x.pk).status == "enrolled"
    # undone: back at school, the day cleared
    r = director.post("/api/v1/privacy/retention/leave/", {"student_no": "2026003", "status": "enrolled"},
                      content_type="application/json")
    assert r.status_code == 200 and r.json()["left_on"] is None
    assert world.client("parent_x").post("/api/v1/privacy/retention/leave/", {"student_no": "2026001",
                                         "status": "graduated", "left_on": "2026-01-10"},
                                         content_type="application/json").status_code == 404
    with override_settings(XINHUO_RETENTION_YEARS=1):
        services.leaving_record(actor=world.actor("director"), student_no="2026003", status="graduated",
                                on=conf.years_before(timezone.localdate(), 1) + dt.timedelta(days=6))
        assert [row["student"].pk for row in due(world.actor("director"))] == [world.student_z.pk]


def test_numbers_are_replaced_as_whole_tokens_and_one_failure_stops_no_other(world, monkeypatch):
    director = world.actor("director")
    access_log_record(director, "search", "student", detail={"filters": {"q": "2026003"}})
    access_log_record(director, "search", "student", detail={"filters": {"q": "20260031"}})  # another number
    left(world.student_z, days=-1)
    left(world.student_y, days=-1)
    real = services._erase_one

    def failing(student_id, why, actor):
        if student_id == world.student_y.pk:
            raise RuntimeError("a broken hook")
        return real(student_id, why, actor)

    monkeypatch.setattr(services, "_erase_one", failing)
    assert services.retention_run() == {"erased": 1, "failed": 1, "access_log_purged": 0}
    searches = AccessLog.objects.filter(action="search").values_list("detail", flat=True)
    queries = {str(d["filters"]["q"]) for d in searches}
    assert queries == {f"已离校学生#{world.student_z.pk}", "20260031"}
    assert Student.objects.get(pk=world.student_y.pk).name == "李小红"  # left for the next run
    monkeypatch.setattr(services, "_erase_one", real)
    assert services.retention_run()["erased"] == 1


def test_holds_through_the_api(world):
    left(world.student_z)
    director = world.client("director")
    r = director.post("/api/v1/privacy/retention/hold/", {"student": world.student_z.pk, "reason": ""},
                      content_type="application/json")
    assert r.status_code == 400 and "reason" in r.json()
    r = director.post("/api/v1/privacy/retention/hold/", {"student": world.student_z.pk, "reason": "档案待移交"},
                      content_type="application/json")
    assert r.status_code == 201
    rows = director.get("/api/v1/privacy/retention/").json()
    assert [(row["student_id"], row["held"], row["hold_reason"]) for row in rows] == [
        (world.student_z.pk, True, "档案待移交")]
    assert services.retention_run()["erased"] == 0
    r = director.post("/api/v1/privacy/retention/release/", {"hold": r.json()["id"]}, content_type="application/json")
    assert r.status_code == 200 and r.json()["released_at"]
    assert world.client("outsider").post("/api/v1/privacy/retention/hold/", {"student": world.student_z.pk,
                                          "reason": "x"}, content_type="application/json").status_code == 404
    assert services.retention_run()["erased"] == 1


def test_an_account_that_also_works_for_the_school_stays_open(world):
    """One login may hold several roles: a teacher who is also the parent of a graduate keeps their account."""
    from xinhuo.core.services import membership_grant

    teacher = world.users["head_teacher_b"]
    membership_grant(user=teacher, school=world.school, role="parent")
    Guardian.objects.filter(pk=world.guardian_z.pk).update(user=teacher)
    left(world.student_z, days=-1)
    services.retention_run()
    teacher.refresh_from_db()
    assert teacher.is_active and teacher.username == "teacher2"
    assert Guardian.objects.get(pk=world.guardian_z.pk).user is None
