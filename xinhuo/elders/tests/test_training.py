"""Training and study (ELD-3): sessions with their materials (a whitelist of file types, checked by
content), attendance as a checklist, who sees what, and the induction-per-role list."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import stored_files
from xinhuo.core.tests.upload_samples import office_bytes, pdf_bytes
from xinhuo.elders.models import (
    Assignment,
    Elder,
    ElderRole,
    TrainingAttendance,
    TrainingMaterial,
    TrainingSession,
)
from xinhuo.elders.tests.matrix_care import png_bytes
from xinhuo.elders.training import selectors, services

K = TrainingSession.Kind
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def elder(world, name, status=Elder.Status.ACTIVE):
    return Elder.objects.create(school=world.school, name=name, gender="M", category=Elder.Category.TEACHER,
                                status=status)


def docx_bytes() -> bytes:
    return office_bytes("docx")


def new_session(world, persona="director", **kw):
    values = {"kind": K.STUDY, "topic": "学习关心下一代工作新要求", "date": TODAY() - dt.timedelta(days=2),
              "speaker": "赵书记", "hours": Decimal("2")}
    values.update(kw)
    return services.training_session_create(actor=world.actor(persona), **values)


# --- sessions and files --------------------------------------------------------------------------------


def test_a_session_keeps_its_files_under_a_random_name_and_the_original_as_title(world, media):
    s = new_session(world, files=[SimpleUploadedFile("讲义.pdf", pdf_bytes()),
                                  SimpleUploadedFile("提纲.docx", docx_bytes()),
                                  SimpleUploadedFile("合影.png", png_bytes((2400, 1200)))])
    files = list(s.files.order_by("pk"))
    assert [f.title for f in files] == ["讲义.pdf", "提纲.docx", "合影.png"]
    assert all(f.file.name.startswith(f"training/{world.school.pk}/{s.pk}/") for f in files)
    assert "讲义" not in files[0].file.name
    assert len(stored_files(media)) == 3


@pytest.mark.parametrize(("name", "data", "message"), [
    ("病毒.exe", b"MZ...", "“病毒.exe”：不能上传这种类型的文件。允许的类型：DOCX, JPG, PDF, PNG, PPTX, XLSX。"),
    ("假的.pdf", b"<html>not a pdf</html>", "“假的.pdf”实际上不是 PDF 文件，可能已损坏或被改了扩展名。"),
    ("假的.docx", b"%PDF-1.4", "“假的.docx”实际上不是 DOCX 文件，可能已损坏或被改了扩展名。"),
    ("假的.xlsx", None, "“假的.xlsx”实际上不是 XLSX 文件，可能已损坏或被改了扩展名。"),  # a Word file renamed
    ("图.png", b"not a png", "“图.png”不是可识别的图片，请上传 JPEG、PNG 或 WebP 格式的照片。"),
    ("空.pdf", b"", "“空.pdf”是空文件。"),
])
def test_a_file_of_the_wrong_kind_is_refused_and_nothing_is_written(world, media, name, data, message):
    data = docx_bytes() if data is None else data
    with pytest.raises(ValidationError) as exc:
        new_session(world, files=[SimpleUploadedFile("好的.pdf", pdf_bytes()), SimpleUploadedFile(name, data)])
    assert exc.value.message_dict["files"] == [message]
    assert not TrainingSession.objects.exists() and not TrainingMaterial.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_20_mb_is_refused(world, media):
    with pytest.raises(ValidationError) as exc:
        new_session(world, files=[SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))])
    assert exc.value.message_dict["files"] == ["“大.pdf”有 20.1 MB，每个文件最大 20 MB。"]
    assert not TrainingSession.objects.exists() and stored_files(media) == []


def test_an_induction_needs_its_role_and_the_other_fields_are_checked(world):
    with pytest.raises(ValidationError) as exc:
        new_session(world, kind=K.INDUCTION, topic=" ", hours="abc", date=None)
    errors = exc.value.message_dict
    assert errors["role"] == ["岗前培训须对应一个岗位，请选择。"]
    assert errors["topic"] == ["请填写主题。"]
    assert errors["hours"] == ["时长：0.5 到 100 之间的数字。"]
    assert errors["date"] == ["请填写培训日期。"]
    assert not TrainingSession.objects.exists()
    s = new_session(world, kind=K.INDUCTION, role=ElderRole.INSPECTOR)
    assert s.role == ElderRole.INSPECTOR


def test_only_the_committee_creates_and_edits_sessions(world):
    for persona in ("elder", "counsellor"):
        with pytest.raises(Http404):
            new_session(world, persona)
    s = new_session(world)
    with pytest.raises(Http404):
        services.training_session_update(actor=world.actor("outsider"), session=s, kind=K.STUDY, topic="改",
                                         date=TODAY())
    s.refresh_from_db()
    assert s.topic == "学习关心下一代工作新要求"


def test_the_form_page_creates_a_session_with_files(world):
    r = world.client("leader").post(reverse("elders:training-new"), {
        "kind": "rotation", "topic": "心理辅导基础轮训", "date": TODAY().isoformat(), "hours": "3",
        "files": [SimpleUploadedFile("课件.pdf", pdf_bytes())]})
    s = TrainingSession.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("elders:training-detail", args=[s.pk])
    assert s.files.get().title == "课件.pdf" and s.hours == Decimal("3.0")
    r = world.client("leader").post(reverse("elders:training-new"), {
        "kind": "induction", "topic": "岗前", "date": TODAY().isoformat(), "hours": "2"})
    assert r.status_code == 400 and "岗前培训须对应一个岗位，请选择。" in r.content.decode()
    assert TrainingSession.objects.count() == 1


def test_a_file_is_served_only_to_who_may_see_the_session(world):
    s = new_session(world, files=[SimpleUploadedFile("讲义.pdf", pdf_bytes("hello"))])
    url = reverse("elders:training-file", args=[s.files.get().pk])
    r = world.client("director").get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "attachment" in r["Content-Disposition"] and "%E8%AE%B2%E4%B9%89.pdf" in r["Content-Disposition"]
    assert b"".join(r.streaming_content) == pdf_bytes("hello")
    assert world.client("elder").get(url).status_code == 404, "not on the session's list"
    TrainingAttendance.objects.create(session=s, elder=world.elder, present=True)
    assert world.client("elder").get(url).status_code == 200
    for persona in ("outsider", "counsellor", "parent_x"):
        assert world.client(persona).get(url).status_code == 404


def test_a_file_can_be_removed_by_the_committee(world, media):
    s = new_session(world, files=[SimpleUploadedFile("讲义.pdf", pdf_bytes())])
    material = s.files.get()
    TrainingAttendance.objects.create(session=s, elder=world.elder)
    assert world.client("elder").post(reverse("elders:training-file-remove", args=[material.pk])).status_code == 404
    assert TrainingMaterial.objects.exists()
    with pytest.raises(Http404):
        services.training_file_remove(actor=world.actor("outsider"), material=material)
    services.training_file_remove(actor=world.actor("director"), material=material)
    assert not TrainingMaterial.objects.exists()


# --- attendance ----------------------------------------------------------------------------------------


def test_attendance_marks_present_absent_and_takes_others_off_the_list(world):
    a, b, c = elder(world, "甲老"), elder(world, "乙老"), elder(world, "丙老")
    s = new_session(world)
    services.training_attendance_set(actor=world.actor("director"), session=s, present=[a.pk, b.pk], absent=[c.pk])
    marks = dict(TrainingAttendance.objects.filter(session=s).values_list("elder__name", "present"))
    assert marks == {"甲老": True, "乙老": True, "丙老": False}
    counts = services.training_attendance_set(actor=world.actor("director"), session=s, present=[c.pk], absent=[a.pk])
    marks = dict(TrainingAttendance.objects.filter(session=s).values_list("elder__name", "present"))
    assert marks == {"甲老": False, "丙老": True} and counts == {"present": 1, "absent": 1, "removed": 1}


def test_attendance_refusals_change_nothing(world):
    a = elder(world, "甲老")
    s = new_session(world)
    services.training_attendance_set(actor=world.actor("director"), session=s, present=[a.pk])
    from xinhuo.elders.models import Elder as E

    foreign = E.objects.create(school=world.other, name="外校老", gender="M", category=E.Category.TEACHER)
    with pytest.raises(ValidationError) as exc:
        services.training_attendance_set(actor=world.actor("director"), session=s, present=[foreign.pk])
    assert exc.value.messages == ["所选人员中有不属于本校五老队伍的。"]
    with pytest.raises(ValidationError) as exc:
        services.training_attendance_set(actor=world.actor("director"), session=s, present=[a.pk], absent=[a.pk])
    assert exc.value.messages == ["同一位老同志不能既出席又缺席。"]
    future = new_session(world, date=TODAY() + dt.timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        services.training_attendance_set(actor=world.actor("director"), session=future, present=[a.pk])
    assert "从当天起才能记出席" in exc.value.messages[0]
    with pytest.raises(Http404):
        services.training_attendance_set(actor=world.actor("elder"), session=s, present=[])
    assert list(TrainingAttendance.objects.values_list("session_id", "elder_id", "present")) == [(s.pk, a.pk, True)]


def test_a_coming_session_takes_an_invitation_list(world):
    a, b = elder(world, "甲老"), elder(world, "乙老")
    s = new_session(world, date=TODAY() + dt.timedelta(days=7))
    c = world.client("director")
    url = reverse("elders:training-attendance", args=[s.pk])
    body = c.get(url).content.decode()
    assert 'value="invited"' in body and 'value="present"' not in body
    r = c.post(url, {f"att-{a.pk}": "invited", f"att-{b.pk}": ""})
    assert r.status_code == 302
    assert list(TrainingAttendance.objects.values_list("elder__name", "present")) == [("甲老", False)]
    # an invited elder sees the session as theirs, marked as invited
    body = world.client("director").get(reverse("elders:training")).content.decode()
    assert "邀请 1 人" in body


def test_the_attendance_page_saves_the_checklist(world):
    a, b = elder(world, "甲老"), elder(world, "乙老")
    elder(world, "走了的老", status=Elder.Status.LEFT)
    s = new_session(world)
    c = world.client("director")
    url = reverse("elders:training-attendance", args=[s.pk])
    body = c.get(url).content.decode()
    assert "甲老" in body and "周老" in body and "走了的老" not in body
    r = c.post(url, {f"att-{a.pk}": "present", f"att-{b.pk}": "absent", f"att-{world.elder.pk}": ""})
    assert r.status_code == 302
    assert dict(TrainingAttendance.objects.values_list("elder__name", "present")) == {"甲老": True, "乙老": False}
    body = c.get(reverse("elders:training-detail", args=[s.pk])).content.decode()
    assert "甲老" in body and "乙老" in body
    assert AccessLog.objects.filter(object_type="training", action="view", object_id=str(s.pk)).exists()


def test_moving_a_session_with_present_elders_into_the_future_is_refused(world):
    s = new_session(world)
    services.training_attendance_set(actor=world.actor("director"), session=s, present=[world.elder.pk])
    with pytest.raises(ValidationError) as exc:
        services.training_session_update(actor=world.actor("director"), session=s, kind=K.STUDY, topic="改期",
                                         date=TODAY() + dt.timedelta(days=3))
    assert exc.value.message_dict["date"] == ["已有老同志被记为出席，这次培训的日期不能改到今天以后。"]
    s.refresh_from_db()
    assert s.topic == "学习关心下一代工作新要求"


# --- who sees what -------------------------------------------------------------------------------------


def session_ids(response) -> set[int]:
    assert response.status_code == 200
    return {int(x) for x in re.findall(r'data-session="(\d+)"', response.content.decode())}


def test_an_elder_sees_only_the_sessions_on_whose_list_they_are_and_only_their_own_mark(world):
    other = elder(world, "甲老")
    mine = new_session(world, topic="我参加的")
    services.training_attendance_set(actor=world.actor("director"), session=mine, present=[world.elder.pk],
                                     absent=[other.pk])
    not_mine = new_session(world, topic="别人的")
    services.training_attendance_set(actor=world.actor("director"), session=not_mine, present=[other.pk])
    assert session_ids(world.client("director").get(reverse("elders:training"))) == {mine.pk, not_mine.pk}
    assert session_ids(world.client("elder").get(reverse("elders:training"))) == {mine.pk}
    assert world.client("elder").get(reverse("elders:training-detail", args=[not_mine.pk])).status_code == 404
    body = world.client("elder").get(reverse("elders:training-detail", args=[mine.pk])).content.decode()
    assert "周老" in body and "甲老" not in body, "an elder does not see the others' attendance"
    assert world.client("elder").get(reverse("elders:training-edit", args=[mine.pk])).status_code == 404
    assert session_ids(world.client("outsider").get(reverse("elders:training"))) == set()


def test_the_training_list_query_count_does_not_grow_with_its_rows(world):
    c = world.client("director")
    url = reverse("elders:training")
    people = [elder(world, f"老{n}") for n in range(3)]

    def count() -> int:
        c.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for _ in range(n):
            s = new_session(world, files=[SimpleUploadedFile("a.pdf", pdf_bytes())])
            services.training_attendance_set(actor=world.actor("director"), session=s, present=[p.pk for p in people])

    add(2)
    two = count()
    add(8)
    assert count() == two


def test_api_lists_sessions_by_the_same_rules(world):
    mine = new_session(world, topic="我参加的", files=[SimpleUploadedFile("a.pdf", pdf_bytes())])
    services.training_attendance_set(actor=world.actor("director"), session=mine, present=[world.elder.pk])
    new_session(world, topic="别人的")
    rows = world.client("elder").get("/api/v1/elders/training/").json()["results"]
    assert [r["topic"] for r in rows] == ["我参加的"] and rows[0]["present"] is None
    assert rows[0]["files"][0]["url"] == reverse("elders:training-file", args=[mine.files.get().pk])
    rows = world.client("director").get("/api/v1/elders/training/").json()["results"]
    assert {r["topic"] for r in rows} == {"我参加的", "别人的"}
    assert next(r for r in rows if r["topic"] == "我参加的")["present"] == ["周老"]


# --- induction per role --------------------------------------------------------------------------------


def holds(world, who, role, need="任务"):
    return Assignment.objects.create(school=world.school, elder=who, role=role, need=need)


def test_induction_needed_lists_role_holders_without_an_induction_for_that_role(world):
    a, b, c = elder(world, "甲老"), elder(world, "乙老"), elder(world, "丙老")
    holds(world, a, ElderRole.INSPECTOR, "网吧巡查")
    holds(world, a, ElderRole.INSPECTOR, "食品安全")  # two needs, one line
    holds(world, a, ElderRole.HISTORY_SPEAKER)
    holds(world, b, ElderRole.INSPECTOR)
    ended = holds(world, c, ElderRole.HEART_MENTOR)
    Assignment.objects.filter(pk=ended.pk).update(status=Assignment.Status.ENDED)
    induction = new_session(world, kind=K.INDUCTION, role=ElderRole.INSPECTOR)
    study = new_session(world, kind=K.STUDY, role=ElderRole.HISTORY_SPEAKER)
    # b attended the inspectors' induction; a was absent from it; a attended a study (not an induction)
    services.training_attendance_set(actor=world.actor("director"), session=induction, present=[b.pk], absent=[a.pk])
    services.training_attendance_set(actor=world.actor("director"), session=study, present=[a.pk])
    needs = selectors.induction_needed(world.actor("director"))
    assert [(n.elder.name, n.role, sorted(n.needs)) for n in needs] == [  # by role as listed, then name
        ("甲老", ElderRole.HISTORY_SPEAKER, ["任务"]),
        ("甲老", ElderRole.INSPECTOR, ["网吧巡查", "食品安全"]),
    ]
    # an induction in another school does not count
    other_session = TrainingSession.objects.create(school=world.other, kind=K.INDUCTION,
                                                   role=ElderRole.HISTORY_SPEAKER, date=TODAY())
    TrainingAttendance.objects.create(session=other_session, elder=a, present=True)
    assert len(selectors.induction_needed(world.actor("director"))) == 2


def test_the_induction_page_links_each_elder_and_offers_to_plan_the_induction(world):
    a = elder(world, "甲老")
    holds(world, a, ElderRole.INSPECTOR)
    r = world.client("leader").get(reverse("elders:induction"))
    body = r.content.decode()
    assert r.status_code == 200
    assert f'href="{reverse("elders:detail", args=[a.pk])}"' in body
    assert f'{reverse("elders:training-new")}?kind=induction&amp;role=inspector' in body
    form = world.client("leader").get(reverse("elders:training-new"), {"kind": "induction", "role": "inspector"})
    assert 'value="inspector" selected' in form.content.decode()
    assert world.client("elder").get(reverse("elders:induction")).status_code == 404
    assert world.client("outsider").get(reverse("elders:induction")).status_code == 200
    assert "甲老" not in world.client("outsider").get(reverse("elders:induction")).content.decode()
