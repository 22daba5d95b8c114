"""Volunteer inspections (义务监督员): who may file, what is refused (with nothing written), the
follow-up workflow open → following → closed with its refusals, notices, the list's scope, and the
photo view that is the only way to a photo."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from xinhuo.core.models import AccessLog, Notification, Role
from xinhuo.core.services import membership_grant
from xinhuo.core.tests.helpers import stored_files
from xinhuo.elders.inspections import services
from xinhuo.elders.models import Assignment, Elder, ElderRole, Inspection, InspectionPhoto, InspectionStep
from xinhuo.elders.tests.matrix_care import png_bytes

S = Inspection.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def make_inspector(world, elder=None):
    elder = elder or world.elder
    Assignment.objects.create(school=world.school, elder=elder, role=ElderRole.INSPECTOR, need="学校周边巡查")
    return elder


def jpeg(size=(3200, 2400), gps=True) -> bytes:
    img = Image.new("RGB", size, "navy")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[0x8825] = {1: "N", 2: (39.0, 54.0, 20.0), 3: "E", 4: (116.0, 23.0, 30.0)}
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def file_report(world, persona="elder", **kw):
    values = {"kind": Inspection.Kind.INTERNET_CAFE, "place": "东门外极速网咖", "date": timezone.localdate(),
              "findings": "有未成年人上网，前台未查验身份证。", "severity": Inspection.Severity.MEDIUM}
    values.update(kw)
    return services.inspection_file(actor=world.actor(persona), **values)


# --- filing ----------------------------------------------------------------------------------------


def test_an_inspector_files_as_themself_and_the_committee_hears_of_it(world):
    make_inspector(world)
    report = file_report(world, inspector=None)
    assert report.inspector == world.elder and report.created_by == world.users["elder"]
    assert report.status == S.OPEN
    assert list(report.steps.values_list("status", "by")) == [(S.OPEN, world.users["elder"].pk)]
    notices = Notification.objects.filter(title__contains="东门外极速网咖")
    assert {n.recipient.username for n in notices} == {"director", "leader"}
    assert all(n.title.startswith("新的监督报告") and n.link == f"/elders/inspections/{report.pk}/" for n in notices)


def test_an_urgent_report_says_so_in_the_title(world):
    make_inspector(world)
    file_report(world, severity=Inspection.Severity.HIGH, kind=Inspection.Kind.SURROUNDINGS, place="南侧人行道")
    file_report(world, severity=Inspection.Severity.MEDIUM, place="北门网吧")
    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {"【紧急】监督报告：校园周边环境 · 南侧人行道", "新的监督报告：网吧 · 北门网吧"}


def test_an_elder_without_the_inspector_role_cannot_file(world):
    with pytest.raises(Http404):
        file_report(world)
    assert world.client("elder").get(reverse("elders:inspection-new")).status_code == 404
    assert not Inspection.objects.exists()


def test_an_ended_inspector_assignment_no_longer_lets_one_file(world):
    make_inspector(world)
    Assignment.objects.filter(elder=world.elder).update(status=Assignment.Status.ENDED)
    with pytest.raises(Http404):
        file_report(world)


def test_an_inspector_cannot_file_for_someone_else(world):
    make_inspector(world)
    other = make_inspector(world, Elder.objects.create(school=world.school, name="吴老", gender="M",
                                                       category=Elder.Category.VETERAN))
    report = file_report(world, inspector=other)
    assert report.inspector == world.elder


def test_the_committee_files_for_an_inspector_of_its_choice(world):
    make_inspector(world)
    report = file_report(world, "director", inspector=world.elder)
    assert report.inspector == world.elder and report.created_by == world.users["director"]
    # the filer is not told of their own report; the other committee member is
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"leader"}


def test_the_committee_must_choose_an_elder_who_holds_the_role(world):
    plain = Elder.objects.create(school=world.school, name="郑老", gender="F", category=Elder.Category.EXPERT)
    with pytest.raises(ValidationError) as exc:
        file_report(world, "director", inspector=plain)
    assert exc.value.message_dict["inspector"] == ["郑老 没有担任义务监督员。"]
    with pytest.raises(ValidationError) as exc:
        file_report(world, "director", inspector=None)
    assert exc.value.message_dict["inspector"] == ["请选择提交报告的监督员。"]
    assert not Inspection.objects.exists() and not Notification.objects.exists()


def test_the_other_schools_director_cannot_file_for_this_schools_elder(world):
    make_inspector(world)
    with pytest.raises(ValidationError):
        file_report(world, "outsider", inspector=world.elder)
    assert not Inspection.objects.exists()


def test_a_future_date_and_missing_fields_are_refused_and_nothing_is_written(world, media):
    make_inspector(world)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        file_report(world, date=tomorrow, place=" ", findings="", kind="casino",
                    photos=[upload("a.jpg", jpeg())])
    errors = exc.value.message_dict
    assert errors["date"] == ["监督检查日期不能晚于今天。"]
    assert errors["place"] == ["请填写监督检查的地点。"]
    assert errors["findings"] == ["请描述发现的问题。"]
    assert errors["kind"] == ["请选择监督内容。"]
    assert not Inspection.objects.exists() and not InspectionStep.objects.exists()
    assert stored_files(media) == [] and not Notification.objects.exists()


def test_the_page_refuses_a_future_date_with_a_chinese_message(world):
    make_inspector(world)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    r = world.client("elder").post(reverse("elders:inspection-new"), {
        "kind": "food_safety", "place": "校门口早餐摊", "date": tomorrow.isoformat(), "findings": "无健康证",
        "severity": "low"})
    assert r.status_code == 400
    assert "监督检查日期不能晚于今天。" in r.content.decode()
    assert not Inspection.objects.exists()


# --- photos -------------------------------------------------------------------------------------------


def test_a_non_image_sent_as_a_photo_is_refused_and_nothing_is_written(world, media):
    make_inspector(world)
    fake = upload("现场照片.jpg", b"%PDF-1.4 this is a document, not a photo", "image/jpeg")
    good = upload("good.png", png_bytes(), "image/png")
    r = world.client("elder").post(reverse("elders:inspection-new"), {
        "kind": "internet_cafe", "place": "极速网咖", "date": timezone.localdate().isoformat(),
        "findings": "未成年人上网", "severity": "medium", "photos": [good, fake]})
    assert r.status_code == 400
    assert "“现场照片.jpg”不是可识别的图片，请上传 JPEG、PNG 或 WebP 格式的照片。" in r.content.decode()
    assert not Inspection.objects.exists() and not InspectionPhoto.objects.exists()
    assert stored_files(media) == [], "not even the good photo is kept when another is refused"
    assert not Notification.objects.exists()


def test_a_photo_over_10_mb_is_refused(world, media):
    make_inspector(world)
    big = upload("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as exc:
        file_report(world, photos=[big])
    assert exc.value.message_dict["photos"] == ["“big.jpg”有 10.1 MB，每个文件最大 10 MB。"]
    assert not Inspection.objects.exists() and stored_files(media) == []


def test_photos_are_resized_to_1600px_and_lose_their_gps(world, media):
    make_inspector(world)
    report = file_report(world, photos=[upload("IMG_0001.jpg", jpeg()), upload("b.png", png_bytes((500, 300)))])
    photos = list(report.photos.order_by("pk"))
    assert len(photos) == 2
    with photos[0].image.open("rb") as f, Image.open(f) as img:
        assert img.format == "JPEG" and max(img.size) == 1600 and img.size == (1600, 1200)
        assert not img.getexif().get_ifd(0x8825), "no GPS"
        assert 0x010F not in img.getexif() and "exif" not in img.info
    with photos[1].image.open("rb") as f, Image.open(f) as img:
        assert img.format == "PNG" and img.size == (500, 300), "a small photo keeps its size"
    assert "IMG_0001" not in photos[0].image.name, "the uploader's file name is not kept"
    assert photos[0].image.name.startswith(f"inspections/{world.school.pk}/{report.pk}/")
    assert len(stored_files(media)) == 2


def test_more_than_ten_photos_are_refused(world, media):
    make_inspector(world)
    with pytest.raises(ValidationError) as exc:
        file_report(world, photos=[upload(f"{n}.png", png_bytes(), "image/png") for n in range(11)])
    assert exc.value.message_dict["photos"] == ["一次最多上传 10 张照片。"]
    assert stored_files(media) == []


def test_the_photo_view_checks_who_may_see_the_report(world):
    make_inspector(world)
    report = file_report(world, photos=[upload("a.png", png_bytes(), "image/png")])
    url = reverse("elders:inspection-photo", args=[report.photos.get().pk])
    for persona in ("elder", "director", "leader", "admin"):
        r = world.client(persona).get(url)
        assert r.status_code == 200, persona
        assert r["Content-Type"] == "image/png" and r["Cache-Control"].startswith("private")
        assert b"".join(r.streaming_content).startswith(b"\x89PNG")
    for persona in ("outsider", "counsellor", "head_teacher_a", "parent_x", "student_x"):
        assert world.client(persona).get(url).status_code == 404, persona
    # another inspector sees their own reports, not this one
    other = Elder.objects.create(school=world.school, name="吴老", gender="M", category=Elder.Category.VETERAN)
    user = world.users["finance"]
    membership_grant(user=user, school=world.school, role=Role.ELDER)
    Elder.objects.filter(pk=other.pk).update(user=user)
    make_inspector(world, other)
    assert world.client("finance").get(url).status_code == 404


def test_photos_are_never_under_a_public_url(world, settings):
    assert not getattr(settings, "MEDIA_URL", "").strip("/"), "MEDIA_URL must not be served"
    make_inspector(world)
    report = file_report(world, photos=[upload("a.png", png_bytes(), "image/png")])
    body = world.client("director").get(reverse("elders:inspection-detail", args=[report.pk])).content.decode()
    assert f'src="/elders/inspections/photos/{report.photos.get().pk}/"' in body
    assert report.photos.get().image.name not in body


# --- follow-up -----------------------------------------------------------------------------------------


def step(world, report, status, comment="", persona="director"):
    return services.inspection_step(actor=world.actor(persona), inspection=report, status=status, comment=comment)


def test_the_follow_up_goes_open_following_closed_and_the_inspector_hears_of_each_step(world):
    make_inspector(world)
    report = file_report(world)
    Notification.objects.all().delete()
    step(world, report, S.FOLLOWING, "已联系文化执法大队。")
    step(world, report, S.FOLLOWING, "执法大队已现场检查。", persona="leader")
    step(world, report, S.CLOSED, "约谈经营者，张贴未成年人禁入标识。")
    report.refresh_from_db()
    assert report.status == S.CLOSED
    steps = list(report.steps.values_list("status", "comment", "by__username"))
    assert steps == [(S.OPEN, "", "elder"), (S.FOLLOWING, "已联系文化执法大队。", "director"),
                     (S.FOLLOWING, "执法大队已现场检查。", "leader"),
                     (S.CLOSED, "约谈经营者，张贴未成年人禁入标识。", "director")]
    told = list(Notification.objects.filter(recipient=world.users["elder"]).order_by("pk").values_list("title",
                                                                                                      flat=True))
    assert told == ["您的监督报告：跟进中 · 东门外极速网咖", "您的监督报告：跟进中 · 东门外极速网咖",
                    "您的监督报告：已办结 · 东门外极速网咖"]


def test_closing_needs_a_comment_and_a_follow_up_first(world):
    make_inspector(world)
    report = file_report(world)
    with pytest.raises(ValidationError) as exc:
        step(world, report, S.CLOSED, "处理完毕")
    assert exc.value.message_dict["status"] == ["请先跟进处理，再办结报告。"]
    step(world, report, S.FOLLOWING)
    with pytest.raises(ValidationError) as exc:
        step(world, report, S.CLOSED, "   ")
    assert exc.value.message_dict["comment"] == ["办结前请说明做了哪些处理。"]
    report.refresh_from_db()
    assert report.status == S.FOLLOWING and report.steps.count() == 2


def test_a_closed_report_cannot_be_reopened(world):
    make_inspector(world)
    report = file_report(world)
    step(world, report, S.FOLLOWING)
    step(world, report, S.CLOSED, "已处理")
    for status in (S.OPEN, S.FOLLOWING, S.CLOSED):
        with pytest.raises(ValidationError) as exc:
            step(world, report, status, "再看看")
        assert exc.value.messages == ["这份报告已办结，不能重新打开。如果问题再次出现，请提交新的报告。"]
    report.refresh_from_db()
    assert report.status == S.CLOSED and report.steps.count() == 3


def test_going_back_to_open_or_repeating_open_is_refused(world):
    make_inspector(world)
    report = file_report(world)
    with pytest.raises(ValidationError) as exc:
        step(world, report, S.OPEN)
    assert exc.value.message_dict["status"] == ["报告已经处于这一步。"]
    step(world, report, S.FOLLOWING)
    with pytest.raises(ValidationError):
        step(world, report, S.OPEN)
    with pytest.raises(ValidationError) as exc:
        step(world, report, S.FOLLOWING, "")
    assert exc.value.message_dict["comment"] == ["请说明这次跟进做了哪些处理。"]
    assert report.steps.count() == 2


def test_only_the_committee_of_the_school_follows_up(world):
    make_inspector(world)
    report = file_report(world)
    for persona in ("elder", "outsider", "counsellor"):
        with pytest.raises(Http404):
            step(world, report, S.FOLLOWING, persona=persona)
    url = reverse("elders:inspection-step", args=[report.pk])
    assert world.client("elder").post(url, {"status": "following"}).status_code == 404
    report.refresh_from_db()
    assert report.status == S.OPEN and report.steps.count() == 1


def test_the_step_page_shows_the_refusal_and_records_a_good_step(world):
    make_inspector(world)
    report = file_report(world)
    c = world.client("director")
    url = reverse("elders:inspection-step", args=[report.pk])
    r = c.post(url, {"status": "closed", "comment": ""})
    assert r.status_code == 400 and "请先跟进处理，再办结报告。" in r.content.decode()
    r = c.post(url, {"status": "following", "comment": "已转交社区"})
    assert r.status_code == 302
    r = c.post(url, {"status": "closed", "comment": ""})
    assert r.status_code == 400 and "办结前请说明做了哪些处理。" in r.content.decode()
    assert c.post(url, {"status": "closed", "comment": "已整改"}).status_code == 302
    r = c.post(url, {"status": "following", "comment": "重新打开"})
    assert r.status_code == 400 and "这份报告已办结，不能重新打开" in r.content.decode()
    report.refresh_from_db()
    assert report.status == S.CLOSED and report.steps.count() == 3


# --- list and detail -----------------------------------------------------------------------------------


def ids(response) -> set[int]:
    assert response.status_code == 200
    return {int(x) for x in __import__("re").findall(r'data-inspection="(\d+)"', response.content.decode())}


def test_the_committee_sees_all_reports_and_an_elder_only_their_own(world):
    make_inspector(world)
    mine = file_report(world)
    other = make_inspector(world, Elder.objects.create(school=world.school, name="吴老", gender="M",
                                                       category=Elder.Category.VETERAN))
    theirs = file_report(world, "director", inspector=other, kind=Inspection.Kind.FOOD_SAFETY,
                         severity=Inspection.Severity.HIGH)
    url = reverse("elders:inspections")
    assert ids(world.client("director").get(url)) == {mine.pk, theirs.pk}
    assert ids(world.client("elder").get(url)) == {mine.pk}
    assert ids(world.client("outsider").get(url)) == set()
    assert ids(world.client("director").get(url, {"kind": "food_safety"})) == {theirs.pk}
    assert ids(world.client("director").get(url, {"severity": "high"})) == {theirs.pk}
    assert ids(world.client("director").get(url, {"status": "closed"})) == set()
    assert ids(world.client("director").get(url, {"q": "吴老"})) == {theirs.pk}
    assert world.client("elder").get(reverse("elders:inspection-detail", args=[theirs.pk])).status_code == 404
    log = AccessLog.objects.filter(object_type="inspection").order_by("-pk").first()
    assert log is not None and log.action in ("list", "search", "view")


def test_the_detail_page_logs_the_view_and_offers_the_step_form_to_the_committee_only(world):
    make_inspector(world)
    report = file_report(world)
    url = reverse("elders:inspection-detail", args=[report.pk])
    body = world.client("director").get(url).content.decode()
    assert 'id="step-form"' in body and "东门外极速网咖" in body
    assert AccessLog.objects.filter(object_type="inspection", action="view", object_id=str(report.pk)).exists()
    assert 'id="step-form"' not in world.client("elder").get(url).content.decode()


def test_the_list_page_query_count_does_not_grow_with_its_rows(world):
    make_inspector(world)
    c = world.client("director")
    url = reverse("elders:inspections")

    def count() -> int:
        c.get(url)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        file_report(world)
    two = count()
    for _ in range(8):
        file_report(world, photos=[upload("a.png", png_bytes(), "image/png")])
    assert count() == two


def test_the_new_report_page_for_the_committee_offers_only_inspectors(world):
    make_inspector(world)
    Elder.objects.create(school=world.school, name="郑老", gender="F", category=Elder.Category.EXPERT)
    body = world.client("director").get(reverse("elders:inspection-new")).content.decode()
    assert "周老" in body and "郑老" not in body
    body = world.client("leader").post(reverse("elders:inspection-new"), {
        "inspector": world.elder.pk, "kind": "surroundings", "place": "南门", "date": timezone.localdate().isoformat(),
        "findings": "井盖缺失", "severity": "high", "photos": [upload("a.jpg", jpeg((800, 600)))]})
    assert body.status_code == 302
    report = Inspection.objects.get()
    assert report.inspector == world.elder and report.photos.count() == 1


# --- API ----------------------------------------------------------------------------------------------


def test_api_files_with_photos_by_multipart_and_lists_by_the_same_rules(world, media):
    make_inspector(world)
    c = world.client("elder")
    r = c.post("/api/v1/elders/inspections/", {
        "kind": "food_safety", "place": "校门口早餐摊", "date": timezone.localdate().isoformat(),
        "findings": "无健康证", "severity": "low", "photos": [upload("a.jpg", jpeg((2000, 1000)))]})
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["inspector"] == "周老" and data["status"] == "open" and len(data["photos"]) == 1
    assert data["steps"][0]["status"] == "open"
    assert c.get(data["photos"][0]).status_code == 200
    listed = world.client("director").get("/api/v1/elders/inspections/").json()
    assert [row["id"] for row in listed["results"]] == [data["id"]]
    assert world.client("outsider").get("/api/v1/elders/inspections/").json()["results"] == []
    assert world.client("outsider").get(f"/api/v1/elders/inspections/{data['id']}/").status_code == 404


def test_api_refuses_a_non_image_with_the_message_and_writes_nothing(world, media):
    make_inspector(world)
    r = world.client("elder").post("/api/v1/elders/inspections/", {
        "kind": "food_safety", "place": "摊点", "date": timezone.localdate().isoformat(), "findings": "脏乱",
        "photos": [upload("x.jpg", b"GIF89a not really")]})
    assert r.status_code == 400
    assert r.json()["photos"] == ["“x.jpg”不是可识别的图片，请上传 JPEG、PNG 或 WebP 格式的照片。"]
    assert not Inspection.objects.exists() and stored_files(media) == []


def test_api_create_is_404_for_an_elder_without_the_role(world):
    r = world.client("elder").post("/api/v1/elders/inspections/", {
        "kind": "food_safety", "place": "摊点", "date": timezone.localdate().isoformat(), "findings": "脏乱"})
    assert r.status_code == 404
    assert not Inspection.objects.exists()
