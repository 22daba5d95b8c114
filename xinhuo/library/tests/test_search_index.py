"""The index kept current, scoping per kind and persona (never returned, never counted), the page, the API, the
dictionary and the reindex command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from xinhuo.activities.models import Activity, ActivityStatus
from xinhuo.library.models import SchoolWord, SearchEntry
from xinhuo.library.search import indexing, segment, selectors, services
from xinhuo.news.models import NewsItem, NewsStatus
from xinhuo.plans.models import PlanSection, PlanStatus, PlanTask, WorkPlan


def at(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def activity(w, title: str, *, status=ActivityStatus.APPROVED, classes=None, organiser="director", **kw) -> Activity:
    a = Activity.objects.create(school=w.school, title=title, kind=kw.pop("kind", "volunteer"), starts_at=at(3),
                                ends_at=at(4), organiser=w.users[organiser], status=status, **kw)
    a.audience_classes.set([w.class_a] if classes is None else classes)
    return a


def news(w, title: str, body: str = "", status=NewsStatus.PUBLISHED) -> NewsItem:
    return NewsItem.objects.create(school=w.school, title=title, body=body, status=status,
                                   created_by=w.users["director"], published_at=timezone.now())


def found(w, persona: str, q: str, **kw) -> tuple[set[tuple[str, int]], int]:
    result = selectors.search(w.actor(persona), q, **kw)
    return {(e.kind, e.object_id) for e in result.results}, result.results.count()


def test_saving_indexes_and_deleting_or_unpublishing_removes(world):
    item = news(world, "关工委召开五老宣讲动员会", "会议部署了本学期的红色故事宣讲工作")
    assert SearchEntry.objects.filter(kind="news", object_id=item.pk).exists()
    assert ("news", item.pk) in found(world, "student_x", "红色故事")[0]
    item.title = "五老宣讲团走进课堂"
    item.save()
    assert ("news", item.pk) in found(world, "student_x", "课堂")[0]
    assert ("news", item.pk) not in found(world, "student_x", "动员会")[0]
    item.status = NewsStatus.DRAFT
    item.save()
    assert not SearchEntry.objects.filter(kind="news", object_id=item.pk).exists()
    assert found(world, "director", "课堂")[1] == 0
    a = activity(world, "航天科普进校园")
    assert ("activity", a.pk) in found(world, "director", "航天")[0]
    pk = a.pk
    a.delete()
    assert not SearchEntry.objects.filter(kind="activity", object_id=pk).exists()
    assert found(world, "director", "航天")[1] == 0


def test_scoping_activities_is_the_activities_own(world):
    applied = activity(world, "红色研学申请草案", status=ActivityStatus.APPLIED, organiser="head_teacher_b")
    for_a = activity(world, "红色研学井冈山", classes=[world.class_a])
    for_b = activity(world, "红色研学延安行", classes=[world.class_b])
    ids = {k: found(world, k, "红色研学") for k in ("director", "head_teacher_a", "head_teacher_b", "student_x",
                                                    "parent_x", "outsider")}
    assert ids["director"][0] >= {("activity", x.pk) for x in (applied, for_a, for_b)}
    # staff see published activities, not someone else's application; it is not counted either
    assert ("activity", applied.pk) not in ids["head_teacher_a"][0] and ids["head_teacher_a"][1] == 2
    assert ("activity", applied.pk) in ids["head_teacher_b"][0]  # their own
    # a student and a parent: only what is open to the (child's) class
    assert ids["student_x"] == ({("activity", for_a.pk)}, 1)
    assert ids["parent_x"] == ({("activity", for_a.pk)}, 1)
    assert ids["outsider"] == (set(), 0)  # another school


def test_scoping_plans_and_tasks_and_the_kind_filter(world):
    draft = WorkPlan.objects.create(school=world.school, title="关工委工作计划草稿", year=2026)
    adopted = WorkPlan.objects.create(school=world.school, title="关工委年度工作计划", year=2026,
                                      status=PlanStatus.ADOPTED, goals="开展红色教育")
    section = PlanSection.objects.create(plan=adopted, title="思想引领")
    task = PlanTask.objects.create(plan=adopted, section=section, title="组织红色故事会", measures="每月一次")
    hidden_section = PlanSection.objects.create(plan=draft, title="思想引领")
    hidden_task = PlanTask.objects.create(plan=draft, section=hidden_section, title="组织红色故事会筹备")
    director, teacher, student = (found(world, p, "工作计划") for p in ("director", "head_teacher_a", "student_x"))
    assert {("plan", draft.pk), ("plan", adopted.pk)} <= director[0]
    assert ("plan", draft.pk) not in teacher[0] and ("plan", adopted.pk) in teacher[0]
    assert student == (set(), 0)  # students have no plans at all
    tasks = found(world, "head_teacher_a", "红色故事会", kind="plan_task")
    assert tasks == ({("plan_task", task.pk)}, 1)
    assert ("plan_task", hidden_task.pk) in found(world, "director", "红色故事会", kind="plan_task")[0]
    assert found(world, "director", "红色故事会", kind="plan_task", year=2025)[1] == 0
    assert found(world, "head_teacher_a", "思想引领", tag="思想引领")[0] == {("plan_task", task.pk)}


def test_pinyin_initials_find_a_named_item(world):
    a = activity(world, "党史故事宣讲", speaker="周建国")
    assert ("activity", a.pk) in found(world, "director", "zjg")[0]
    assert ("activity", a.pk) in found(world, "director", "周建国")[0]


def test_words_missing_in_every_item_fall_back_to_any_word(world):
    a = activity(world, "植树节志愿服务")
    result = selectors.search(world.actor("director"), "植树 航母")
    assert not result.strict and ("activity", a.pk) in {(e.kind, e.object_id) for e in result.results}


def test_the_page_highlights_escapes_and_filters(world):
    activity(world, "<b>红色</b>经典诵读", objectives="诵读红色经典，传承红色基因")
    c = world.client("head_teacher_a")
    with translation.override("en"):
        page = c.get(reverse("library:search"), {"q": "红色经典", "kind": "activity", "year": "abc", "tag": ""})
    assert page.status_code == 200
    html = page.content.decode()
    assert "&lt;b&gt;<mark>红色</mark>&lt;/b&gt;" in html and "<b>红色</b>" not in html
    assert c.get(reverse("library:search"), {"q": '" OR NEAR( * -'}).status_code == 200


def test_the_api_is_scoped_the_same(world):
    applied = activity(world, "科技节申请", status=ActivityStatus.APPLIED)
    approved = activity(world, "科技节开幕")
    director = world.client("director").get("/api/v1/library/search/", {"q": "科技节"}).json()
    teacher = world.client("head_teacher_a").get("/api/v1/library/search/", {"q": "科技节"}).json()
    assert director["count"] == 2 and teacher["count"] == 1
    assert [r["id"] for r in teacher["results"]] == [approved.pk] and applied.pk not in [r["id"] for r in
                                                                                      teacher["results"]]
    hit = teacher["results"][0]
    assert hit["kind"] == "activity" and "<mark>科技节</mark>" in hit["title_html"] and hit["url"]
    assert world.client("outsider").get("/api/v1/library/search/", {"q": "科技节"}).json()["count"] == 0


def test_reindex_command_rebuilds(world):
    a = activity(world, "防溺水安全教育")
    SearchEntry.objects.all().delete()
    assert found(world, "director", "防溺水")[1] == 0
    out = io.StringIO()
    call_command("reindex", school=world.school.code, stdout=out)
    assert "activity: 1" in out.getvalue()
    assert ("activity", a.pk) in found(world, "director", "防溺水")[0]
    call_command("reindex", stdout=io.StringIO())
    assert SearchEntry.objects.filter(kind="activity").count() == 1


def test_a_dictionary_word_is_kept_whole(world):
    director = world.actor("director")
    a = activity(world, "薪火红星宣讲团走进社区")
    word = services.word_add(actor=director, word="薪火红星宣讲团")
    with pytest.raises(Exception):  # noqa: B017 - a ValidationError
        services.word_add(actor=director, word="薪火红星宣讲团")
    indexing.reindex(world.school.pk)
    segment.sync_words()
    assert "薪火红星宣讲团" in segment.tokens("薪火红星宣讲团走进社区")
    assert ("activity", a.pk) in found(world, "director", "薪火红星宣讲团")[0]
    services.word_remove(actor=director, word=word)
    assert not SchoolWord.objects.exists()
    segment.sync_words()
    assert "薪火红星宣讲团" not in segment.tokens("薪火红星宣讲团走进社区", search=False)


def test_minutes_are_found_once_approved_and_only_by_who_sees_the_meeting(world):
    from xinhuo.governance.models import Invitation, Meeting, MeetingStatus

    m = Meeting.objects.create(school=world.school, kind="regular", title="关工委第三次例会", starts_at=at(-2),
                               minutes="会议研究了五老宣讲团的寒假安排", status=MeetingStatus.HELD,
                               chair=world.users["director"])
    Invitation.objects.create(meeting=m, user=world.users["elder"])
    assert found(world, "director", "宣讲团")[1] == 0  # minutes not approved yet: not indexed
    m.status = MeetingStatus.CLOSED
    m.save()
    assert ("minutes", m.pk) in found(world, "director", "宣讲团")[0]
    assert ("minutes", m.pk) in found(world, "elder", "宣讲团")[0]  # invited
    for persona in ("head_teacher_a", "student_x", "parent_x"):
        assert found(world, persona, "宣讲团") == (set(), 0), persona


def test_resources_follow_their_audience_and_drafts_stay_their_contributors(world):
    from xinhuo.library.models import Resource

    for_parents = Resource.objects.create(school=world.school, kind="article", title="亲子沟通微课",
                                          status="published", for_parents=True, contributor=world.users["counsellor"])
    draft = Resource.objects.create(school=world.school, kind="article", title="亲子沟通微课草稿", status="draft",
                                    for_parents=True, contributor=world.users["counsellor"])
    assert found(world, "parent_x", "亲子沟通") == ({("resource", for_parents.pk)}, 1)
    assert found(world, "student_x", "亲子沟通") == (set(), 0)
    assert found(world, "counsellor", "亲子沟通")[0] == {("resource", for_parents.pk), ("resource", draft.pk)}
    assert ("resource", draft.pk) not in found(world, "head_teacher_a", "亲子沟通")[0]


def test_the_dictionary_page_adds_and_refuses(world):
    c = world.client("director")
    with translation.override("en"):
        assert c.post(reverse("library:search-words"), {"word": "周建国宣讲团"}).status_code == 302
        assert c.post(reverse("library:search-words"), {"word": "周建国宣讲团"}).status_code == 400  # twice
        assert c.post(reverse("library:search-words"), {"word": "！？"}).status_code == 400  # no letters
    assert list(SchoolWord.objects.values_list("word", flat=True)) == ["周建国宣讲团"]
    page = c.get(reverse("library:search-words")).content.decode()
    assert "周建国宣讲团" in page


def test_counts_per_kind_are_scoped_and_ignore_the_kind_filter(world):
    activity(world, "读书节启动仪式")
    activity(world, "读书节申请", status=ActivityStatus.APPLIED, organiser="head_teacher_b")
    news(world, "读书节圆满落幕")
    result = selectors.search(world.actor("head_teacher_a"), "读书节", kind="news")
    assert result.counts == {"activity": 1, "news": 1} and result.results.count() == 1
    body = world.client("head_teacher_a").get("/api/v1/library/search/", {"q": "读书节"}).json()
    assert body["counts"] == {"activity": 1, "news": 1} and body["count"] == 2


def test_the_nightly_job_repairs_what_bulk_writes_missed(world):
    from xinhuo.library.search.tasks import reindex_daily_task

    NewsItem.objects.bulk_create([NewsItem(school=world.school, title="批量导入的新闻：校运会", body="",
                                           status=NewsStatus.PUBLISHED, published_at=timezone.now())])
    assert found(world, "director", "校运会")[1] == 0  # bulk_create sends no post_save
    reindex_daily_task.call()
    assert found(world, "director", "校运会")[1] == 1


def test_ensure_schema_is_idempotent_and_restores_a_lost_trigger(world):
    from django.db import connection

    from xinhuo.library.search import db

    db.ensure_schema()
    db.ensure_schema()
    a = activity(world, "红色电影展映")
    if connection.vendor == "sqlite":  # a table copied by a migration loses its triggers
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER library_search_ai")
        db.ensure_schema()
        b = activity(world, "红色电影观后感分享")
        assert found(world, "director", "红色电影")[0] >= {("activity", a.pk), ("activity", b.pk)}
    else:
        assert found(world, "director", "红色电影")[0] == {("activity", a.pk)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage of the tsvector")
def test_the_vector_is_kept_in_the_row_so_ranking_reads_no_toast(world):
    """Ranking reads every match's vector: stored out of line (Django's default storage for the column) it cost ~3
    TOAST pages a match; ensure_schema sets MAIN, so the long text and body go out of line first (bench/README.md)."""
    from xinhuo.library.search import db

    def storage() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'vector'",
                           [db.TABLE])
            return cursor.fetchone()

    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {db.TABLE} ALTER COLUMN vector SET STORAGE EXTENDED")
    assert storage() == ("x",)
    db.ensure_schema()
    db.ensure_schema()
    assert storage() == ("m",)
    a = activity(world, "红色电影展映", summary="观看红色经典电影，讲述革命先辈的英雄故事。" * 300)
    assert found(world, "director", "红色电影")[0] == {("activity", a.pk)}
