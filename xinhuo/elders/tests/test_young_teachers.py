"""The young teacher reserve (ELD-6): adding teachers, the growth roadmap with its history, participation
records, the appraisal export (parsed back with openpyxl), and who sees which young teachers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from xinhuo.core.models import AccessLog
from xinhuo.elders.models import ApprenticeshipPair, Participation, StageStep, YoungTeacher
from xinhuo.elders.team import services
from xinhuo.elders.tests.matrix_team import other_elder, teacher_pair, young_teacher, young_teacher_login
from xinhuo.people.models import Staff

TODAY = timezone.localdate


def director(world):
    return world.actor("director")


def staff(world, no="T0100", name="赵青", **kw) -> Staff:
    kw.setdefault("subject", "英语")
    return Staff.objects.create(school=world.school, staff_no=no, name=name, gender="F", **kw)


# --- adding to the reserve ------------------------------------------------------------------------------


def test_adding_a_teacher_starts_the_roadmap(world):
    s = staff(world)
    yt = services.young_teacher_add(actor=director(world), staff=s, joined_on=dt.date(2026, 9, 1), goals="三年成为骨干")
    assert (yt.stage, yt.active, yt.goals, yt.school) == ("learning", True, "三年成为骨干", world.school)
    assert list(yt.stage_steps.values_list("stage", "reached_on")) == [("learning", dt.date(2026, 9, 1))]


def test_a_teacher_already_in_the_reserve_is_refused(world):
    s = staff(world)
    services.young_teacher_add(actor=director(world), staff=s, joined_on=dt.date(2026, 9, 1))
    with pytest.raises(ValidationError) as exc:
        services.young_teacher_add(actor=director(world), staff=s)
    assert exc.value.message_dict["staff"] == ["赵青 已在青年教师储备库中（自 2026-09-01 起）。"]
    assert YoungTeacher.objects.count() == 1 and StageStep.objects.count() == 1


def test_leaving_and_returning_to_the_reserve_keeps_the_record(world):
    """A young teacher leaves the reserve (not while mentored) and comes back; adding them anew is not the way."""
    pair = teacher_pair(world)
    yt = pair.mentee_teacher
    with pytest.raises(ValidationError) as exc:
        services.young_teacher_set_active(actor=director(world), young_teacher=yt, active=False)
    assert "还有结对导师" in " ".join(exc.value.messages)
    assert YoungTeacher.objects.get(pk=yt.pk).active
    services.apprenticeship_end(actor=director(world), apprenticeship=pair, summary="已能独立组织主题班会")
    client = world.client("director")
    response = client.post(f"/elders/young-teachers/{yt.pk}/active/", {"active": "0"})
    assert response.status_code == 302 and not YoungTeacher.objects.get(pk=yt.pk).active
    with pytest.raises(ValidationError) as exc:
        services.young_teacher_add(actor=director(world), staff=yt.staff)
    assert "已退出储备库" in exc.value.message_dict["staff"][0]
    assert client.post(f"/elders/young-teachers/{yt.pk}/active/", {"active": "1"}).status_code == 302
    yt.refresh_from_db()
    assert yt.active
    with pytest.raises(Http404):
        services.young_teacher_set_active(actor=world.actor("elder"), young_teacher=yt, active=False)


def test_the_add_page(world):
    s = staff(world)
    client = world.client("director")
    assert "赵青" in client.get("/elders/young-teachers/new/").content.decode()
    response = client.post("/elders/young-teachers/new/", {"staff": s.pk, "joined_on": "2026-09-01", "goals": ""})
    yt = YoungTeacher.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/elders/young-teachers/{yt.pk}/"
    page = client.get("/elders/young-teachers/new/").content.decode()
    assert "赵青（T0100 · 英语） — 已在储备库" in page
    response = client.post("/elders/young-teachers/new/", {"staff": s.pk, "joined_on": "2026-09-01"})
    assert response.status_code == 400 and "已在青年教师储备库中" in response.content.decode()
    assert YoungTeacher.objects.count() == 1


def test_out_of_post_future_and_foreign_staff_are_refused(world):
    gone = staff(world, "T0101", "钱青", active=False)
    with pytest.raises(ValidationError, match="已不在岗"):
        services.young_teacher_add(actor=director(world), staff=gone)
    with pytest.raises(ValidationError, match="日期不能晚于今天"):
        services.young_teacher_add(actor=director(world), staff=staff(world),
                                   joined_on=TODAY() + dt.timedelta(days=3))
    with pytest.raises(Http404):
        services.young_teacher_add(actor=director(world), staff=world.other_staff)
    with pytest.raises(Http404):
        services.young_teacher_add(actor=world.actor("elder"), staff=staff(world, "T0102", "孙青"))
    assert not YoungTeacher.objects.exists()


# --- the roadmap -------------------------------------------------------------------------------------------


def test_stages_are_set_by_the_committee_and_kept_as_history(world):
    yt = services.young_teacher_add(actor=director(world), staff=staff(world), joined_on=dt.date(2026, 9, 1))
    services.young_teacher_set_stage(actor=director(world), young_teacher=yt, stage="practising",
                                     reached_on=dt.date(2026, 10, 8), note="独立组织一次班会")
    services.young_teacher_set_stage(actor=world.actor("leader"), young_teacher=yt, stage="organising",
                                     reached_on=dt.date(2026, 11, 2))
    yt.refresh_from_db()
    assert yt.stage == "organising"
    assert list(yt.stage_steps.values_list("stage", "reached_on", "note", "by__username")) == [
        ("learning", dt.date(2026, 9, 1), "", "director"),
        ("practising", dt.date(2026, 10, 8), "独立组织一次班会", "director"),
        ("organising", dt.date(2026, 11, 2), "", "leader"),
    ]
    page = world.client("director").get(f"/elders/young-teachers/{yt.pk}/").content.decode()
    assert "2026-10-08 · 实践锻炼 · 独立组织一次班会" in page
    assert "独立组织一次班会" in page


@pytest.mark.parametrize(("stage", "reached", "field", "message"), [
    ("learning", dt.date(2026, 10, 1), "stage", "赵青 当前已处于“学习起步”阶段。"),
    ("practising", "tomorrow", "reached_on", "日期不能晚于今天。"),
    ("practising", dt.date(2026, 8, 1), "reached_on", "赵青 于 2026-09-01 加入储备库，阶段日期不能早于此日。"),
    ("nowhere", dt.date(2026, 10, 1), "stage", "请选择成长阶段。"),
])
def test_bad_stage_changes_are_refused_and_nothing_written(world, stage, reached, field, message):
    yt = services.young_teacher_add(actor=director(world), staff=staff(world), joined_on=dt.date(2026, 9, 1))
    if reached == "tomorrow":
        reached = TODAY() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.young_teacher_set_stage(actor=director(world), young_teacher=yt, stage=stage, reached_on=reached)
    assert exc.value.message_dict[field] == [message]
    yt.refresh_from_db()
    assert yt.stage == "learning" and yt.stage_steps.count() == 1


def test_a_stage_cannot_be_dated_before_the_previous_one(world):
    yt = services.young_teacher_add(actor=director(world), staff=staff(world), joined_on=dt.date(2026, 9, 1))
    services.young_teacher_set_stage(actor=director(world), young_teacher=yt, stage="practising",
                                     reached_on=dt.date(2026, 10, 8))
    with pytest.raises(ValidationError) as exc:
        services.young_teacher_set_stage(actor=director(world), young_teacher=yt, stage="backbone",
                                         reached_on=dt.date(2026, 10, 1))
    assert exc.value.message_dict["reached_on"] == ["上一阶段的达到日期为 2026-10-08，新阶段不能早于此日。"]


def test_only_the_committee_sets_stages(world):
    yt = teacher_pair(world).mentee_teacher
    with pytest.raises(Http404):
        services.young_teacher_set_stage(actor=world.actor("elder"), young_teacher=yt, stage="backbone")
    response = world.client("elder").post(f"/elders/young-teachers/{yt.pk}/stage/", {"stage": "backbone",
                                                                                     "reached_on": TODAY()})
    assert response.status_code == 404
    yt.refresh_from_db()
    assert yt.stage == "learning"


def test_the_stage_form_on_the_page(world):
    yt = young_teacher(world)
    client = world.client("director")
    response = client.post(f"/elders/young-teachers/{yt.pk}/stage/", {"stage": "learning", "reached_on": TODAY()})
    assert response.status_code == 400 and "当前已处于“学习起步”阶段" in response.content.decode()
    response = client.post(f"/elders/young-teachers/{yt.pk}/stage/", {"stage": "practising", "reached_on": TODAY()})
    assert response.status_code == 302
    yt.refresh_from_db()
    assert yt.stage == "practising"


# --- participation -------------------------------------------------------------------------------------------


def record(world, yt, who="director", **kw):
    actor = who if not isinstance(who, str) else world.actor(who)
    return services.participation_record(actor=actor, young_teacher=yt, date=kw.pop("date", dt.date(2026, 10, 9)),
                                         kind=kw.pop("kind", "class_meeting"),
                                         description=kw.pop("description", "组织“感恩”主题班会"),
                                         hours=kw.pop("hours", Decimal("1.5")))


@pytest.mark.parametrize(("kw", "field", "message"), [
    ({"hours": Decimal("25")}, "hours", "时长应在 0 到 24 小时之间。"),
    ({"hours": Decimal("-1")}, "hours", "时长应在 0 到 24 小时之间。"),
    ({"hours": Decimal("1.25")}, "hours", "时长最多保留一位小数，例如 1.5。"),
    ({"date": "tomorrow"}, "date", "日期不能晚于今天。"),
    ({"description": " "}, "description", "请填写参与内容。"),
    ({"kind": "party"}, "kind", "请选择参与类别。"),
])
def test_bad_participation_is_refused_and_nothing_written(world, kw, field, message):
    yt = young_teacher(world)
    if kw.get("date") == "tomorrow":
        kw["date"] = TODAY() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        record(world, yt, **kw)
    assert exc.value.message_dict[field] == [message]
    assert not Participation.objects.exists()


def test_the_committee_and_the_young_teacher_themself_record_participation(world):
    yt, client = young_teacher_login(world)
    record(world, yt)
    response = client.post(f"/elders/young-teachers/{yt.pk}/participation/", {
        "date": "2026-10-20", "kind": "training", "description": "参加心理健康教育培训", "hours": "3"})
    assert response.status_code == 302
    assert list(yt.participations.order_by("date").values_list("description", "hours", "recorded_by__username")) == [
        ("组织“感恩”主题班会", Decimal("1.5"), "director"), ("参加心理健康教育培训", Decimal("3.0"), "young")]
    response = client.post(f"/elders/young-teachers/{yt.pk}/participation/", {
        "date": "2026-10-21", "kind": "training", "description": "太长", "hours": "30"})
    assert response.status_code == 400
    assert yt.participations.count() == 2
    # a mentor elder sees the record but does not write in it; another young teacher does not see it at all
    mentored = teacher_pair(world).mentee_teacher
    assert world.client("elder").post(f"/elders/young-teachers/{mentored.pk}/participation/", {
        "date": "2026-10-20", "kind": "training", "description": "x", "hours": "1"}).status_code == 404
    assert client.post(f"/elders/young-teachers/{mentored.pk}/participation/", {
        "date": "2026-10-20", "kind": "training", "description": "x", "hours": "1"}).status_code == 404
    assert not mentored.participations.exists()


# --- the appraisal export ---------------------------------------------------------------------------------------


def rows_of(content: bytes) -> tuple[list, list[list]]:
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    return values[:3], values[3:]


def test_the_export_of_the_whole_reserve_for_a_date_range(world):
    a = young_teacher(world)
    b, _client = young_teacher_login(world)
    record(world, a, date=dt.date(2026, 9, 20), description="参与“五老”宣讲活动组织", kind="activity", hours=2)
    record(world, a, date=dt.date(2026, 10, 9))
    record(world, b, date=dt.date(2026, 10, 1), kind="training", description="岗前培训", hours=Decimal("3.5"))
    record(world, b, date=dt.date(2026, 8, 31), description="范围之外")
    response = world.client("director").get("/elders/young-teachers/export/",
                                            {"start": "2026-09-01", "end": "2026-10-31"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    head, rows = rows_of(b"".join(response.streaming_content))
    assert head[0][0] == "薪火实验中学 青年教师参与关工委工作记录"
    assert head[1][0].startswith("时间：2026-09-01 至 2026-10-31")
    assert head[2] == ["姓名", "学科", "日期", "类别", "内容", "时长"]
    assert [[r[0], r[1], r[2].date(), r[3], r[4], r[5]] for r in rows] == [
        ["林青", "语文", dt.date(2026, 9, 20), "组织或参与活动", "参与“五老”宣讲活动组织", 2],
        ["林青", "语文", dt.date(2026, 10, 9), "主题班会", "组织“感恩”主题班会", 1.5],
        ["王青", "数学", dt.date(2026, 10, 1), "培训", "岗前培训", 3.5],
    ]
    log = AccessLog.objects.get(action="export", object_type="participation")
    assert log.detail == {"start": "2026-09-01", "end": "2026-10-31", "count": 3}


def test_a_young_teacher_exports_their_own_record_only(world):
    yt, client = young_teacher_login(world)
    other = young_teacher(world)
    record(world, yt, date=dt.date(2026, 10, 1), description="我的班会")
    record(world, other, date=dt.date(2026, 10, 1), description="别人的班会")
    response = client.get("/elders/young-teachers/export/", {"start": "2026-09-01", "end": "2026-12-31"})
    head, rows = rows_of(b"".join(response.streaming_content))
    assert head[0][0] == "薪火实验中学 王青参与关工委工作记录"
    assert [r[4] for r in rows] == ["我的班会"]
    assert client.get("/elders/young-teachers/export/", {"teacher": other.pk}).status_code == 404
    # a mentor elder does not export the appraisal record
    mentored = teacher_pair(world).mentee_teacher
    assert world.client("elder").get("/elders/young-teachers/export/", {"teacher": mentored.pk}).status_code == 404
    assert world.client("elder").get("/elders/young-teachers/export/").status_code == 404


def test_the_export_refuses_a_reversed_range(world):
    response = world.client("director").get("/elders/young-teachers/export/",
                                            {"start": "2026-10-31", "end": "2026-09-01"})
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not AccessLog.objects.filter(action="export").exists()


def test_the_export_defaults_to_the_current_school_year(world):
    yt = young_teacher(world)
    record(world, yt, date=dt.date(2026, 9, 2))
    record(world, yt, date=dt.date(2026, 8, 2), description="上学年")
    response = world.client("director").get("/elders/young-teachers/export/", {"teacher": yt.pk})
    head, rows = rows_of(b"".join(response.streaming_content))
    assert head[1][0].startswith("时间：2026-09-01 至 2027-07-15")
    assert [r[4] for r in rows] == ["组织“感恩”主题班会"]


# --- scope ------------------------------------------------------------------------------------------------------


def names(response) -> set[str]:
    return {r["name"] for r in response.json()["results"]}


def test_who_sees_which_young_teachers(world):
    mentored = teacher_pair(world).mentee_teacher
    own, client = young_teacher_login(world)
    assert names(world.client("director").get("/api/v1/elders/young-teachers/")) == {"林青", "王青"}
    assert names(client.get("/api/v1/elders/young-teachers/")) == {"王青"}
    assert names(world.client("elder").get("/api/v1/elders/young-teachers/")) == {"林青"}
    assert client.get(f"/elders/young-teachers/{mentored.pk}/").status_code == 404
    assert client.get(f"/api/v1/elders/young-teachers/{mentored.pk}/").status_code == 404
    assert client.get(f"/elders/young-teachers/{own.pk}/").status_code == 200
    page = client.get("/elders/young-teachers/").content.decode()
    assert "王青" in page and "林青" not in page
    page = world.client("elder").get("/elders/young-teachers/").content.decode()
    assert "林青" in page and "王青" not in page
    assert world.client("elder").get(f"/elders/young-teachers/{own.pk}/").status_code == 404
    # an ended pair no longer shows the teacher to the elder
    services.apprenticeship_end(actor=director(world), apprenticeship=mentored.apprenticeships.get(), summary="完成")
    assert world.client("elder").get(f"/elders/young-teachers/{mentored.pk}/").status_code == 404
    for persona in ("head_teacher_a", "parent_x", "counsellor"):
        assert world.client(persona).get("/elders/young-teachers/").status_code == 404
    assert world.client("outsider").get(f"/elders/young-teachers/{own.pk}/").status_code == 404
    assert AccessLog.objects.filter(object_type="young_teacher", action="view", object_id=str(own.pk)).exists()


def test_the_detail_shows_roadmap_mentors_participation_and_projects(world):
    pair = teacher_pair(world)
    yt = pair.mentee_teacher
    record(world, yt, description="组织“感恩”主题班会")
    from xinhuo.elders.tests.matrix_team import project

    project(world)
    page = world.client("elder").get(f"/elders/young-teachers/{yt.pk}/").content.decode()
    for text in ("学习起步", "骨干", "周老", "组织“感恩”主题班会", "“五老”参与德育的实践研究"):
        assert text in page
    assert 'id="stage-form"' not in page and 'id="participation-form"' not in page  # the mentor only reads
    page = world.client("director").get(f"/elders/young-teachers/{yt.pk}/").content.decode()
    assert 'id="stage-form"' in page and 'id="participation-form"' in page and 'id="export-own"' in page


def _list_queries(world, n: int) -> int:
    ApprenticeshipPair.objects.all().delete()
    YoungTeacher.objects.all().delete()
    mentor = other_elder(world, "导师老")
    for i in range(n):
        yt = services.young_teacher_add(actor=director(world), staff=staff(world, f"T{n}-{i:03d}", f"青{i}"))
        services.apprenticeship_create(actor=director(world), kind="young_teacher", mentor=mentor, mentee_teacher=yt)
        record(world, yt)
    client = world.client("director")
    client.get("/elders/young-teachers/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/elders/young-teachers/").status_code == 200
    return len(ctx.captured_queries)


def test_the_list_query_count_does_not_grow_with_its_rows(world):
    assert _list_queries(world, 2) == _list_queries(world, 10)


def test_the_list_shows_mentors_and_hours(world):
    yt = teacher_pair(world).mentee_teacher
    record(world, yt, hours=Decimal("1.5"))
    record(world, yt, hours=Decimal("2"))
    page = world.client("director").get("/elders/young-teachers/").content.decode()
    assert "周老" in page and "3.5" in page


def test_the_list_shows_those_in_the_reserve_unless_asked_otherwise(world):
    young_teacher(world)
    gone = young_teacher(world, "T0905", "郑青")
    gone.active = False
    gone.save()
    client = world.client("director")
    for params in ({}, {"page": "1"}, {"q": ""}):
        page = client.get("/elders/young-teachers/", params).content.decode()
        assert "林青" in page and "郑青" not in page, params
    page = client.get("/elders/young-teachers/", {"active": ""}).content.decode()
    assert "林青" in page and "郑青" in page
    page = client.get("/elders/young-teachers/", {"active": "0"}).content.decode()
    assert "林青" not in page and "郑青" in page
    page = client.get("/elders/young-teachers/", {"q": "lq"}).content.decode()
    assert "林青" in page
