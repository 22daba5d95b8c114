"""The activity pages through the browser's requests (ACT-1, ACT-5): the application form, the workflow buttons,
the summary with its hours, photos and files, "publish as news" and who reads the news; the notices each step
sends. Refusals say why and write nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from xinhuo.activities.models import Activity, ActivityFile, ActivityPhoto, ActivityStatus, ActivityStep, SignUp
from xinhuo.activities.tests import helpers as h
from xinhuo.activities.tests.support import flashed, msg, on, shown, working_day
from xinhuo.care.models import GrowthEntry
from xinhuo.core.models import Notification
from xinhuo.core.tests.upload_samples import pdf_bytes
from xinhuo.core.uploads import DOCUMENT_TYPES
from xinhuo.news.models import NewsItem, NewsStatus

S = ActivityStatus
FMT = "%Y-%m-%dT%H:%M"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def form_data(world, **kw) -> dict:
    day = working_day(3)
    return {"title": "学雷锋志愿服务", "kind": "volunteer", "starts_at": on(day, 14).strftime(FMT),
            "ends_at": on(day, 16).strftime(FMT), "place": "和平社区", "objectives": "服务社区孤寡老人",
            "audience_classes": [world.class_a.pk], "signup_open": "on", "capacity": "30", "service_hours": "2",
            "budget_request": "300"} | kw


def inbox(world, persona: str) -> list[str]:
    return list(Notification.objects.filter(recipient=world.users[persona]).values_list("title", flat=True))


def counts() -> tuple[int, int, int]:
    return Activity.objects.count(), ActivityStep.objects.count(), Notification.objects.count()


# --- application and approval -------------------------------------------------------------------------------------


def test_a_teacher_applies_and_the_leaders_are_told(world):
    r = world.client("head_teacher_a").post(reverse("activities:new"), form_data(world))
    a = Activity.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("activities:detail", args=[a.pk])
    assert (a.status, a.organiser, a.capacity, a.service_hours, a.budget_request) == (
        S.APPLIED, world.users["head_teacher_a"], 30, Decimal("2.0"), Decimal("300.00"))
    assert list(a.audience_classes.all()) == [world.class_a]
    heading = msg("To approve: %(title)s", title="学雷锋志愿服务")
    assert inbox(world, "director") == [heading] and inbox(world, "leader") == [heading]
    assert inbox(world, "head_teacher_a") == [] and Notification.objects.count() == 2
    page = world.client("head_teacher_a").get(r["Location"])
    assert page.status_code == 200 and "学雷锋志愿服务" in page.content.decode()


def test_an_activity_ending_before_it_starts_is_refused_and_nothing_is_written(world):
    before = counts()
    data = form_data(world)
    data["ends_at"], data["starts_at"] = data["starts_at"], data["ends_at"]
    r = world.client("head_teacher_a").post(reverse("activities:new"), data)
    assert r.status_code == 400
    assert shown(r, "The activity must end after it starts.")
    assert counts() == before


def test_a_leader_approves_from_the_detail_page_and_the_organiser_is_told(world):
    world.client("head_teacher_a").post(reverse("activities:new"), form_data(world))
    a = Activity.objects.get()
    leader = world.client("leader")
    page = leader.get(reverse("activities:detail", args=[a.pk])).content.decode()
    assert 'id="approve"' in page
    r = leader.post(reverse("activities:transition", args=[a.pk, "approve"]), {"comment": "同意，注意安全"})
    assert r.status_code == 302 and r["Location"] == reverse("activities:detail", args=[a.pk])
    assert Activity.objects.get(pk=a.pk).status == S.APPROVED
    step = ActivityStep.objects.filter(activity=a).last()
    assert (step.to_status, step.by, step.comment) == (S.APPROVED, world.users["leader"], "同意，注意安全")
    told = Notification.objects.get(recipient=world.users["head_teacher_a"])
    assert (told.title, told.body) == (msg("Approved: %(title)s", title=a.title), "同意，注意安全")
    assert inbox(world, "leader") == [msg("To approve: %(title)s", title=a.title)]  # nothing more for the leader


def test_the_organiser_cannot_approve_their_own_application(world):
    world.client("leader").post(reverse("activities:new"), form_data(world))
    a = Activity.objects.get()
    leader = world.client("leader")
    assert 'id="approve"' not in leader.get(reverse("activities:detail", args=[a.pk])).content.decode()
    before = counts()
    r = leader.post(reverse("activities:transition", args=[a.pk, "approve"]))
    assert r.status_code == 302
    assert flashed(r) == [msg("You applied for this activity: another leader approves it.")]
    assert Activity.objects.get(pk=a.pk).status == S.APPLIED and counts() == before
    # the director approves it
    world.client("director").post(reverse("activities:transition", args=[a.pk, "approve"]))
    assert Activity.objects.get(pk=a.pk).status == S.APPROVED


def test_returning_an_application_needs_a_comment(world):
    world.client("head_teacher_a").post(reverse("activities:new"), form_data(world))
    a = Activity.objects.get()
    director = world.client("director")
    before = counts()
    r = director.post(reverse("activities:transition", args=[a.pk, "return"]), {"comment": "  "})
    assert flashed(r) == [msg("Say why, so that the organiser knows what to change.")]
    assert Activity.objects.get(pk=a.pk).status == S.APPLIED and counts() == before
    director.post(reverse("activities:transition", args=[a.pk, "return"]), {"comment": "请补充安全预案"})
    assert Activity.objects.get(pk=a.pk).status == S.RETURNED
    told = Notification.objects.filter(recipient=world.users["head_teacher_a"]).get()
    assert (told.title, told.body) == (msg("Returned for changes: %(title)s", title=a.title), "请补充安全预案")
    # others may not take the step: the page is not theirs (404), nothing changes
    assert world.client("head_teacher_b").post(reverse("activities:transition", args=[a.pk, "resubmit"])
                                               ).status_code == 404
    assert Activity.objects.get(pk=a.pk).status == S.RETURNED


def test_a_comment_too_long_for_its_field_stops_the_step(world):
    """An invalid small form is refused with its error; the step is not taken without the comment."""
    world.client("head_teacher_a").post(reverse("activities:new"), form_data(world))
    a = Activity.objects.get()
    before = counts()
    url = reverse("activities:transition", args=[a.pk, "approve"])
    r = world.client("director").post(url, {"comment": "好" * 2001})
    assert r.status_code == 302 and len(flashed(r)) == 1
    assert Activity.objects.get(pk=a.pk).status == S.APPLIED and counts() == before


# --- the summary and the evidence ---------------------------------------------------------------------------------


def running(world) -> Activity:
    return h.make(world, "社区服务", signup_open=True, service_hours=Decimal("1.5"))


def test_the_summary_page_credits_the_hours_of_those_checked_in(world):
    a = running(world)
    x = h.signup_x(world, a)
    y = SignUp.objects.create(activity=a, student=world.student_y, kind="student", name="李小红")
    teacher = world.client("head_teacher_a")
    assert teacher.post(reverse("activities:checkin-set", args=[a.pk, x.pk]), {"present": "1"}).status_code == 302
    url = reverse("activities:summarise", args=[a.pk])
    r = teacher.post(url, {"summary": "", "participants": "1"})
    assert r.status_code == 400 and shown(r, "Write what happened: the summary is the activity's record.")
    assert Activity.objects.get(pk=a.pk).status == S.RUNNING and not GrowthEntry.objects.exists()
    r = teacher.post(url, {"summary": "打扫了社区的楼道", "participants": "1", "effect": "学生学会了合作"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.summary, a.participants, a.effect) == (S.SUMMARISED, "打扫了社区的楼道", 1, "学生学会了合作")
    entry = GrowthEntry.objects.get()
    assert (entry.student, entry.hours, entry.source_ref) == (
        world.student_x, Decimal("1.5"), f"activity:{a.pk}:signup:{x.pk}")
    assert SignUp.objects.get(pk=x.pk).hours == Decimal("1.5") and SignUp.objects.get(pk=y.pk).hours is None


def png_upload(name="合影.png", size=(2400, 1200)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, h.png_bytes(size), content_type="image/png")


def test_a_real_photo_is_kept_resized(world):
    a = running(world)
    r = world.client("head_teacher_a").post(reverse("activities:photo-add", args=[a.pk]),
                                            {"images": [png_upload()], "caption": "集体合影"})
    assert r.status_code == 302
    photo = ActivityPhoto.objects.get()
    assert (photo.activity, photo.caption, photo.uploaded_by) == (a, "集体合影", world.users["head_teacher_a"])
    assert "合影" not in photo.image.name  # a random name, not the uploader's
    with photo.image.open("rb") as f, Image.open(io.BytesIO(f.read())) as img:
        assert img.size == (1600, 800) and img.format == "PNG"


def test_a_text_file_named_jpg_is_refused(world):
    a = running(world)
    fake = SimpleUploadedFile("photo.jpg", b"not a picture at all, only words", content_type="image/jpeg")
    r = world.client("head_teacher_a").post(reverse("activities:photo-add", args=[a.pk]),
                                            {"images": [png_upload(), fake]})
    assert r.status_code == 302
    assert flashed(r) == [msg("“%(name)s” is not a picture Xinhuo can read: upload a JPEG, PNG or WebP photo.",
                              name="photo.jpg")]
    assert not ActivityPhoto.objects.exists()  # one bad file refuses the batch


def test_files_are_checked_by_type(world):
    a = running(world)
    teacher = world.client("head_teacher_a")
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    r = teacher.post(reverse("activities:file-add", args=[a.pk]), {"file": exe})
    assert r.status_code == 302
    kinds = ", ".join(sorted({e.upper() for e in DOCUMENT_TYPES if e != "jpeg"}))
    assert flashed(r) == [msg("“%(name)s”: this kind of file cannot be uploaded. Allowed: %(kinds)s.",
                              name="setup.exe", kinds=kinds)]
    assert not ActivityFile.objects.exists()
    pdf = SimpleUploadedFile("活动方案.pdf", pdf_bytes(), content_type="application/pdf")
    teacher.post(reverse("activities:file-add", args=[a.pk]), {"file": pdf})
    kept = ActivityFile.objects.get()
    assert (kept.name, kept.content_type) == ("活动方案.pdf", "application/pdf")


# --- publish as news ------------------------------------------------------------------------------------------------


def test_publish_as_news_only_after_the_summary_and_once(world):
    a = running(world)
    teacher = world.client("head_teacher_a")
    url = reverse("activities:publish-news", args=[a.pk])
    r = teacher.post(url)
    assert flashed(r) == [msg("Write the activity's summary first: the news tells what happened.")]
    assert not NewsItem.objects.exists()
    teacher.post(reverse("activities:summarise", args=[a.pk]), {"summary": "打扫了社区的楼道", "participants": "12"})
    r = teacher.post(url)
    assert r.status_code == 302 and r["Location"] == reverse("activities:detail", args=[a.pk])
    item = NewsItem.objects.get()
    assert (item.status, item.activity, item.title, item.created_by) == (
        NewsStatus.DRAFT, a, "社区服务", world.users["head_teacher_a"])
    assert "打扫了社区的楼道" in item.body
    # a second click, and the director's, return the same draft (the director is taken to its edit page)
    teacher.post(url)
    r = world.client("director").post(url)
    assert r["Location"] == reverse("news:edit", args=[item.pk])
    assert NewsItem.objects.count() == 1


def test_the_draft_is_the_committees_until_it_is_published(world):
    a = h.make(world, "重阳敬老", status=S.SUMMARISED, summary="看望了五位老人")
    world.client("head_teacher_a").post(reverse("activities:publish-news", args=[a.pk]))
    item = NewsItem.objects.get()
    marker = f'data-news="{item.pk}"'
    director, student = world.client("director"), world.client("student_x")
    assert marker in director.get(reverse("news:list"), {"drafts": "1"}).content.decode()
    assert marker not in student.get(reverse("news:list"), {"drafts": "1"}).content.decode()
    assert marker not in student.get(reverse("news:list")).content.decode()
    assert student.get(reverse("news:detail", args=[item.pk])).status_code == 404
    assert student.post(reverse("news:publish", args=[item.pk])).status_code in (403, 404)
    assert NewsItem.objects.get().status == NewsStatus.DRAFT
    r = director.post(reverse("news:publish", args=[item.pk]), {"publish": "1"})
    assert r.status_code == 302 and NewsItem.objects.get().status == NewsStatus.PUBLISHED
    assert marker in student.get(reverse("news:list")).content.decode()
    detail = student.get(reverse("news:detail", args=[item.pk]))
    assert detail.status_code == 200 and "看望了五位老人" in detail.content.decode()
