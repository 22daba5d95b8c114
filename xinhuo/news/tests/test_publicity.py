"""The public news page, the honour wall and the WeChat export (RES-4): no login, only published items of the
chosen school, switched off -> 404, a student without publicity consent never named, photos showing students only
after the editor's consent check; the zip and the poster."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from PIL import Image

from xinhuo.activities.models import ActivityStatus, SignUp
from xinhuo.activities.tests import helpers as h
from xinhuo.news import services, wechat
from xinhuo.news.models import NewsImage, NewsItem, PublicitySettings
from xinhuo.people.tests.consent_helpers import guardian_consent

pytestmark = pytest.mark.django_db


def png(color=(200, 30, 30), size=(60, 40)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return SimpleUploadedFile("p.png", buf.getvalue(), content_type="image/png")


def turn_on(world, honours=False):
    services.publicity_settings_save(actor=world.actor("director"), news_public=True, honours_public=honours)


def published_news(world, **kw) -> NewsItem:
    item = services.news_create(actor=world.actor("director"), title=kw.pop("title", "学雷锋志愿服务"),
                                body=kw.pop("body", "同学们走进社区。"), **kw)
    return services.news_publish(actor=world.actor("director"), item=item)


def activity_news(world) -> NewsItem:
    """A published item of an activity where student X (consented) and student Y (not) took part; the staff's
    text names both."""
    activity = h.make(world, "敬老院慰问", status=ActivityStatus.SUMMARISED, summary="慰问演出")
    for s in (world.student_x, world.student_y):
        SignUp.objects.create(activity=activity, kind="student", student=s, name=s.name)
    guardian_consent(world, purpose="publicity")
    item = published_news(world, title="李小红和同学们慰问老人", body="张小明、李小红为老人表演了节目。")
    item.activity = activity
    item.save(update_fields=["activity"])
    return item


def test_the_public_page_needs_no_login_and_shows_only_published_items(world):
    anon = world.client(None)
    shown = published_news(world, title="公开的新闻")
    services.news_create(actor=world.actor("director"), title="还是草稿", body="x")
    url = reverse("news:public-list", args=[world.school.code])
    assert anon.get(url).status_code == 404  # the school has not turned it on
    turn_on(world)
    page = anon.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "公开的新闻" in text and "还是草稿" not in text
    assert anon.get(reverse("news:public-detail", args=[world.school.code, shown.pk])).status_code == 200
    draft = NewsItem.objects.get(title="还是草稿")
    assert anon.get(reverse("news:public-detail", args=[world.school.code, draft.pk])).status_code == 404
    # another school's page does not show this school's news, and is off until that school chooses
    assert anon.get(reverse("news:public-list", args=[world.other.code])).status_code == 404
    assert anon.get(reverse("news:public-detail", args=[world.other.code, shown.pk])).status_code == 404
    PublicitySettings.objects.update_or_create(school=world.other, defaults={"news_public": True})
    other = anon.get(reverse("news:public-list", args=[world.other.code])).content.decode()
    assert "公开的新闻" not in other
    assert anon.get(reverse("news:public-detail", args=[world.other.code, shown.pk])).status_code == 404


def test_a_student_without_publicity_consent_is_never_named(world):
    item = activity_news(world)
    turn_on(world)
    page = world.client(None).get(reverse("news:public-detail", args=[world.school.code, item.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "李小红" not in text  # no consent: masked in the title and text, not listed
    assert "张小明" in text  # the guardian consented
    article = zipfile.ZipFile(io.BytesIO(world.client("director").get(
        reverse("news:export-zip", args=[item.pk])).content)).read("article.html").decode()
    assert "李小红" not in article and "张小明" in article


def test_photos_showing_students_wait_for_the_consent_check(world):
    item = published_news(world)
    turn_on(world)
    director = world.actor("director")
    kids = services.news_image_add(actor=director, item=item, upload=png(), caption="合影", shows_students=True)
    gate = services.news_image_add(actor=director, item=item, upload=png((0, 0, 200)), caption="校门",
                                   shows_students=False)
    # the worker re-encodes the pictures (the immediate task backend in tests has done it already)
    kids.refresh_from_db()
    gate.refresh_from_db()
    anon = world.client(None)
    detail = reverse("news:public-detail", args=[world.school.code, item.pk])
    text = anon.get(detail).content.decode()
    assert "校门" in text and "合影" not in text
    kid_url = reverse("news:public-picture", args=[world.school.code, item.pk, "n", kids.pk])
    assert anon.get(kid_url).status_code == 404
    services.news_update(actor=director, item=item, title=item.title, body=item.body, consent_checked=True)
    assert "合影" in anon.get(detail).content.decode()
    assert anon.get(kid_url).status_code == 200


def test_pictures_are_checked_and_refusals_write_nothing(world):
    item = published_news(world)
    with pytest.raises(ValidationError):
        services.news_image_add(actor=world.actor("director"), item=item,
                                upload=SimpleUploadedFile("fake.png", b"not a picture"))
    with pytest.raises(Http404):
        services.news_image_add(actor=world.actor("head_teacher_a"), item=item, upload=png())
    assert not NewsImage.objects.exists()


def test_switched_off_honour_wall_is_404_and_on_shows_the_school_choice(world):
    turn_on(world)
    url = reverse("news:public-honours", args=[world.school.code])
    assert world.client(None).get(url).status_code == 404
    turn_on(world, honours=True)
    assert world.client(None).get(url).status_code == 200
    with pytest.raises(Http404):
        services.publicity_settings_save(actor=world.actor("leader"), news_public=False, honours_public=False)


def test_the_wechat_zip_and_the_poster(world):
    item = published_news(world, body="第一段。\n第二段。")
    services.news_image_add(actor=world.actor("director"), item=item, upload=png(size=(300, 200)),
                            shows_students=False)
    client = world.client("director")
    response = client.get(reverse("news:export-zip", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "article.html" in names and any(n.startswith("images/") for n in names)
    html = archive.read("article.html").decode()
    assert "<script" not in html and "style=" in html and "images/01" in html
    poster = client.get(reverse("news:export-poster", args=[item.pk]))
    assert poster.status_code == 200
    img = Image.open(io.BytesIO(poster.content))
    assert img.format == "JPEG" and img.width == wechat.POSTER_WIDTH and img.height > 200
    draft = services.news_create(actor=world.actor("director"), title="草稿", body="x")
    assert client.get(reverse("news:export-zip", args=[draft.pk])).status_code == 404


def test_the_demo_news_from_past_activities(world):
    from types import SimpleNamespace

    from xinhuo.news import demo

    for n in range(4):
        h.make(world, f"往期活动{n}", status=ActivityStatus.SUMMARISED, summary="活动圆满结束")
    demo.build(SimpleNamespace(named=True, director=world.users["director"], school=world.school))
    items = NewsItem.objects.filter(school=world.school)
    assert items.count() == 4 and items.filter(status="published").count() == 2
    assert all(i.activity_id for i in items)
    page = world.client(None).get(reverse("news:public-list", args=[world.school.code]))
    assert page.status_code == 200 and "往期活动" in page.content.decode()
