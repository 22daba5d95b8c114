"""The groups part's pages and API: special-group tags, the groups' settings, support measures, the birthdays and
festivals page. Sensitive reads write access-log rows; refusals are in Chinese and write nothing; lists keep their
query count; parents, students and elders find none of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinhuo.care.groups import services
from xinhuo.care.models import (
    SpecialGroup,
    StudentTag,
    SupportKind,
    SupportMeasure,
    TagSource,
    TagStatus,
    TagStatusChange,
)
from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import days, page_queries
from xinhuo.people.models import Student

from .helpers import consent_special_group
from .test_groups_services import born, open_tag

TODAY = timezone.localdate


def group(world, code="left_behind"):
    services.special_groups_for(world.school)
    return SpecialGroup.objects.get(school=world.school, code=code)


def logs(**kw) -> int:
    return AccessLog.objects.filter(**kw).count()


def measure(world, student=None, recorder="head_teacher_a", **kw):
    kw.setdefault("kind", SupportKind.ACADEMIC)
    return SupportMeasure.objects.create(school=world.school, student=student or world.student_x,
                                         given_on=kw.pop("given_on", days(-2)), provider="王老师", what="数学辅导",
                                         recorded_by=world.users[recorder], **kw)


# --- special-group tags --------------------------------------------------------------------------------------------


def test_the_tag_list_is_scoped_logged_and_marks_expired_tags(world):
    fresh = open_tag(world, world.student_x)
    stale = open_tag(world, world.student_y, review_on=days(-3))
    other = open_tag(world, world.student_z)
    r = world.client("head_teacher_a").get(reverse("care:tags"))
    body = r.content.decode()
    assert r.status_code == 200
    assert f'data-tag="{fresh.pk}">' in body and f'data-tag="{stale.pk}" class="table-danger" data-expired' in body
    assert f'data-tag="{other.pk}"' not in body and "王小刚" not in body
    assert body.count("data-expired>已过期</span>") == 1
    assert logs(user=world.users["head_teacher_a"], action="list", object_type="special_group_tag") == 1
    r = world.client("head_teacher_a").get(reverse("care:tags"), {"due": "expired"})
    body = r.content.decode()
    assert f'data-tag="{stale.pk}"' in body and f'data-tag="{fresh.pk}"' not in body
    row = AccessLog.objects.get(action="search", object_type="special_group_tag")
    assert row.detail == {"filters": {"due": "expired"}, "count": 1}


def test_the_tag_list_filters_by_group_status_and_class(world):
    a = open_tag(world, world.student_x)
    b = open_tag(world, world.student_z, code="low_income", status=TagStatus.SUPPORTED)
    c = world.client("director")

    def shown(**params):
        body = c.get(reverse("care:tags"), params).content.decode()
        return {t.pk for t in (a, b) if f'data-tag="{t.pk}"' in body}

    assert shown() == {a.pk, b.pk}
    assert shown(group=group(world, "low_income").pk) == {b.pk}
    assert shown(status="identified") == {a.pk}
    assert shown(school_class=world.class_a.pk) == {a.pk}


def test_the_tag_list_query_count_does_not_grow(world):
    c = world.client("director")
    extra = [Student.objects.create(school=world.school, school_class=world.class_b, student_no=f"20269{i:02}",
                                    name=f"学生{i}", gender="F") for i in range(10)]

    def count() -> int:
        return page_queries(c, reverse("care:tags"))

    for s in extra[:2]:
        open_tag(world, s)
    two = count()
    for s in extra[2:]:
        open_tag(world, s, review_on=days(-1))
    assert count() == two


def test_each_view_of_a_tag_is_logged_and_shows_its_history(world):
    tag = open_tag(world, world.student_x, note="父母在外务工，由祖母照看")
    TagStatusChange.objects.create(tag=tag, to_status=TagStatus.IDENTIFIED, review_on=tag.review_on,
                                   by=world.users["head_teacher_a"])
    c = world.client("counsellor")
    url = reverse("care:tag-detail", args=[tag.pk])
    body = c.get(url).content.decode()
    c.get(url)
    assert logs(user=world.users["counsellor"], action="view", object_type="special_group_tag",
                object_id=str(tag.pk)) == 2
    assert "父母在外务工，由祖母照看" in body and 'id="tag-history"' in body and 'id="status-form"' in body
    assert 'id="tag-expired"' not in body
    assert f'href="{reverse("care:support-new")}?student={world.student_x.pk}"' in body


def test_the_leader_looks_but_does_not_change(world):
    tag = open_tag(world, world.student_x, review_on=days(-1))
    body = world.client("leader").get(reverse("care:tag-detail", args=[tag.pk])).content.decode()
    assert 'id="tag-expired"' in body and 'id="status-form"' not in body and 'id="renew-form"' not in body
    r = world.client("leader").post(reverse("care:tag-status", args=[tag.pk]), {"status": "supported"})
    assert r.status_code == 404
    tag.refresh_from_db()
    assert tag.status == TagStatus.IDENTIFIED


def test_identifying_without_consent_is_refused_clearly_and_writes_nothing(world):
    url = reverse("care:tag-new")
    data = {"student": world.student_x.pk, "group": group(world).pk, "source": TagSource.HOME_VISIT,
            "identified_on": TODAY().isoformat()}
    r = world.client("head_teacher_a").post(url, data)
    body = r.content.decode()
    assert r.status_code == 400 and 'id="consent-missing"' in body
    assert "张小明 的监护人尚未同意登记特殊群体信息" in body
    record = reverse("people:consent-record", args=[world.student_x.pk]) + "?purpose=special_group"
    assert f'href="{record}"' in body
    assert not StudentTag.objects.exists() and not TagStatusChange.objects.exists()
    # a counsellor may not record consents: told whom to ask instead of a link
    body = world.client("counsellor").post(url, data).content.decode()
    assert 'id="consent-missing"' in body and "consent-record-link" not in body and "请先由该生的班主任" in body
    assert not StudentTag.objects.exists()


def test_identifying_with_consent_records_the_tag(world):
    consent_special_group(world)
    r = world.client("head_teacher_a").post(reverse("care:tag-new"), {
        "student": world.student_x.pk, "group": group(world).pk, "source": TagSource.HOME_VISIT,
        "identified_on": TODAY().isoformat(), "note": "由祖母照看"})
    tag = StudentTag.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("care:tag-detail", args=[tag.pk])
    assert (tag.student, tag.identified_by, tag.note) == (world.student_x, world.users["head_teacher_a"], "由祖母照看")


def test_the_head_teachers_picker_lists_their_class_only(world):
    body = world.client("head_teacher_a").get(reverse("care:tag-new"),
                                              {"student": world.student_y.pk}).content.decode()
    assert "张小明" in body and f'<option value="{world.student_y.pk}" selected>' in body and "王小刚" not in body
    consent_special_group(world, world.student_z)
    r = world.client("head_teacher_a").post(reverse("care:tag-new"), {
        "student": world.student_z.pk, "group": group(world).pk, "source": TagSource.HOME_VISIT,
        "identified_on": TODAY().isoformat()})
    assert r.status_code == 400 and not StudentTag.objects.exists()


def test_a_future_identification_is_refused(world):
    consent_special_group(world)
    r = world.client("director").post(reverse("care:tag-new"), {
        "student": world.student_x.pk, "group": group(world).pk, "source": TagSource.HOME_VISIT,
        "identified_on": days(1).isoformat()})
    assert r.status_code == 400 and "日期不能晚于今天" in r.content.decode()
    assert not StudentTag.objects.exists()


def test_status_and_renewal_from_the_detail_page(world):
    consent_special_group(world)
    tag = services.tag_identify(actor=world.actor("head_teacher_a"), student=world.student_x,
                                group=group(world), source=TagSource.HOME_VISIT)
    c = world.client("head_teacher_a")
    r = c.post(reverse("care:tag-status", args=[tag.pk]), {"status": "closed", "comment": ""})
    assert r.status_code == 400 and "请说明结案原因" in r.content.decode()
    tag.refresh_from_db()
    assert tag.status == TagStatus.IDENTIFIED
    assert c.post(reverse("care:tag-status", args=[tag.pk]), {"status": "supported", "comment": "每周谈心"}
                  ).status_code == 302
    new_review = tag.review_on + dt.timedelta(days=30)
    assert c.post(reverse("care:tag-renew", args=[tag.pk]), {"review_on": new_review.isoformat()}).status_code == 302
    r = c.post(reverse("care:tag-renew", args=[tag.pk]), {"review_on": days(-1).isoformat()})
    assert r.status_code == 400
    tag.refresh_from_db()
    assert (tag.status, tag.review_on) == (TagStatus.SUPPORTED, new_review)
    assert list(tag.history.values_list("to_status", flat=True)) == ["identified", "supported", "supported"]


def test_another_class_or_school_cannot_change_a_tag(world):
    tag = open_tag(world, world.student_x)
    for persona in ("head_teacher_b", "outsider"):
        r = world.client(persona).post(reverse("care:tag-status", args=[tag.pk]), {"status": "supported"})
        assert r.status_code == 404
    tag.refresh_from_db()
    assert tag.status == TagStatus.IDENTIFIED


# --- the groups' settings ------------------------------------------------------------------------------------------


def test_the_director_adds_and_edits_groups(world):
    c = world.client("director")
    body = c.get(reverse("care:groups")).content.decode()
    assert "留守儿童" in body and "行为偏差" in body
    r = c.post(reverse("care:group-new"), {"code": "migrant", "name": "随迁子女", "review_months": 6,
                                           "visit_every_days": 30, "order": 70, "active": "on"})
    assert r.status_code == 302
    r = c.post(reverse("care:group-new"), {"code": "migrant", "name": "随迁", "review_months": 6,
                                           "visit_every_days": 30, "order": 70, "active": "on"})
    assert r.status_code == 400 and "本校已有代码为 migrant 的特殊群体" in r.content.decode()
    open_tag(world, world.student_x)
    r = c.post(reverse("care:group-edit", args=[group(world).pk]), {
        "name": "留守儿童", "review_months": 6, "visit_every_days": 14, "order": 10})  # active unticked
    assert r.status_code == 400 and "还有 1 个未结案的标记" in r.content.decode()
    assert group(world).active


# --- support measures ----------------------------------------------------------------------------------------------


def test_the_support_list_is_scoped_and_filters(world):
    a = measure(world, kind=SupportKind.MATERIAL, amount=300)
    b = measure(world, world.student_y, kind=SupportKind.EMOTIONAL, given_on=days(-40))
    z = measure(world, world.student_z, recorder="head_teacher_b")

    def shown(persona="head_teacher_a", **params):
        body = world.client(persona).get(reverse("care:support"), params).content.decode()
        return {m.pk for m in (a, b, z) if f'data-support="{m.pk}"' in body}

    assert shown() == {a.pk, b.pk}
    assert shown("leader") == {a.pk, b.pk, z.pk}
    assert shown("leader", kind="emotional") == {b.pk}
    assert shown("leader", school_class=world.class_b.pk) == {z.pk}
    assert shown("leader", date_from=days(-10).isoformat()) == {a.pk, z.pk}
    assert shown("leader", date_to=days(-10).isoformat()) == {b.pk}
    assert shown("leader", student=world.student_y.pk) == {b.pk}
    assert shown("leader", q="张小明") == {a.pk}


def test_the_support_list_query_count_does_not_grow(world):
    c = world.client("counsellor")

    def count() -> int:
        c.get(reverse("care:support"))
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("care:support"), {"kind": ""}).status_code == 200
        return len(ctx.captured_queries)

    for s in (world.student_x, world.student_z):
        measure(world, s)
    two = count()
    for i in range(8):
        measure(world, (world.student_y, world.student_z)[i % 2], recorder=("director", "counsellor")[i % 2])
    assert count() == two


def test_the_support_detail_is_logged_and_shows_the_internal_note_to_staff(world):
    m = measure(world, internal_note="母亲病重")
    url = reverse("care:support-detail", args=[m.pk])
    for persona in ("head_teacher_a", "counsellor"):
        body = world.client(persona).get(url).content.decode()
        assert "母亲病重" in body
    assert logs(action="view", object_type="support_measure", object_id=str(m.pk), field="internal_note") == 2
    assert 'id="support-edit"' in world.client("head_teacher_a").get(url).content.decode()


def test_recording_support_prefilled_from_a_birthday(world):
    r = world.client("head_teacher_a").get(reverse("care:support-new"), {
        "student": world.student_x.pk, "kind": "emotional", "what": "生日祝福"})
    body = r.content.decode()
    assert f'<option value="{world.student_x.pk}" selected>' in body and 'value="emotional" selected' in body
    assert "生日祝福" in body and "王小刚" not in body


def test_recording_support_refuses_a_future_date_and_saves_a_good_one(world):
    c = world.client("head_teacher_a")
    data = {"student": world.student_x.pk, "kind": "material", "given_on": days(1).isoformat(),
            "provider": "关工委", "what": "冬衣一套", "amount": "120"}
    r = c.post(reverse("care:support-new"), data)
    assert r.status_code == 400 and "日期不能晚于今天" in r.content.decode()
    assert not SupportMeasure.objects.exists()
    r = c.post(reverse("care:support-new"), {**data, "kind": "academic"})
    assert r.status_code == 400 and "只有物质帮扶才登记金额" in r.content.decode()
    r = c.post(reverse("care:support-new"), {**data, "given_on": TODAY().isoformat()})
    m = SupportMeasure.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("care:support-detail", args=[m.pk])
    r = c.post(reverse("care:support-new"), {**data, "student": world.student_z.pk,
                                             "given_on": TODAY().isoformat()})
    assert r.status_code == 400 and SupportMeasure.objects.count() == 1  # not in the picker


def test_correcting_support_is_the_recorders_or_the_committees(world):
    m = measure(world, recorder="director")
    url = reverse("care:support-edit", args=[m.pk])
    data = {"kind": "academic", "given_on": m.given_on.isoformat(), "provider": "王老师", "what": "数学辅导",
            "outcome": "及格了"}
    assert world.client("head_teacher_a").post(url, data).status_code == 404
    assert world.client("leader").post(url, data).status_code == 302
    m.refresh_from_db()
    assert m.outcome == "及格了"


# --- birthdays and festivals ---------------------------------------------------------------------------------------


def test_the_reminders_page_lists_birthdays_with_a_greeting_link(world):
    born(world.student_x, days(2))
    born(world.student_y, days(2))
    open_tag(world, world.student_x)  # student_y is in no group and has no mentor
    body = world.client("head_teacher_a").get(reverse("care:reminders")).content.decode()
    assert f'data-student="{world.student_x.pk}"' in body and f'data-student="{world.student_y.pk}"' not in body
    assert f"student={world.student_x.pk}&amp;kind=emotional" in body and 'id="festivals"' in body


# --- parents, students and elders find nothing ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["parent_x", "student_x", "elder"])
def test_parents_students_and_elders_get_404_everywhere(world, persona):
    tag = open_tag(world, world.student_x)
    m = measure(world)
    c = world.client(persona)
    pages = [("care:tags", []), ("care:tag-new", []), ("care:tag-detail", [tag.pk]), ("care:groups", []),
             ("care:group-new", []), ("care:group-edit", [group(world).pk]), ("care:support", []),
             ("care:support-new", []), ("care:support-detail", [m.pk]), ("care:support-edit", [m.pk]),
             ("care:reminders", []), ("api:care-tag-list", []), ("api:care-tag-detail", [tag.pk]),
             ("api:care-support-list", []), ("api:care-support-detail", [m.pk])]
    for name, args in pages:
        r = c.get(reverse(name, args=args))
        assert r.status_code == 404, name
        assert "张小明" not in r.content.decode()
    for name in ("care:tag-status", "care:tag-renew"):
        assert c.post(reverse(name, args=[tag.pk]), {"status": "closed", "comment": "x"}).status_code == 404
    assert c.post(reverse("api:care-tag-list"), {"student": world.student_x.pk}).status_code == 404
    assert c.post(reverse("api:care-support-list"), {"student": world.student_x.pk}).status_code == 404
    assert StudentTag.objects.count() == 1 and not AccessLog.objects.filter(object_type__in=[
        "special_group_tag", "support_measure"]).exists()


# --- API -----------------------------------------------------------------------------------------------------------


def test_the_tag_api_lists_logs_and_identifies_with_the_same_refusals(world):
    tag = open_tag(world, world.student_x, review_on=days(-1))
    c = world.client("head_teacher_a")
    r = c.get(reverse("api:care-tag-list"))
    assert [(t["id"], t["expired"]) for t in r.json()["results"]] == [(tag.pk, True)]
    assert logs(action="list", object_type="special_group_tag") == 1
    r = c.get(reverse("api:care-tag-detail", args=[tag.pk]))
    assert r.status_code == 200 and logs(action="view", object_type="special_group_tag") == 1
    body = {"student": world.student_y.pk, "group": group(world).pk, "source": "home_visit"}
    r = c.post(reverse("api:care-tag-list"), body, content_type="application/json")
    assert r.status_code == 400 and "监护人" in str(r.json()) and StudentTag.objects.count() == 1
    r = c.post(reverse("api:care-tag-list"), {**body, "student": world.student_z.pk}, content_type="application/json")
    assert r.status_code == 404
    consent_special_group(world, world.student_z)
    r = world.client("counsellor").post(reverse("api:care-tag-list"), {**body, "student": world.student_z.pk},
                                        content_type="application/json")
    assert r.status_code == 201 and r.json()["student_name"] == "王小刚" and len(r.json()["history"]) == 1


def test_the_support_api_lists_and_records_with_the_same_refusals(world):
    c = world.client("head_teacher_a")
    body = {"student": world.student_x.pk, "kind": "emotional", "given_on": days(1).isoformat(),
            "provider": "班主任", "what": "生日祝福"}
    r = c.post(reverse("api:care-support-list"), body, content_type="application/json")
    assert r.status_code == 400 and "given_on" in r.json() and not SupportMeasure.objects.exists()
    r = c.post(reverse("api:care-support-list"), {**body, "student": world.other_student.pk},
               content_type="application/json")
    assert r.status_code == 404
    r = c.post(reverse("api:care-support-list"), {**body, "given_on": TODAY().isoformat()},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["kind"] == "emotional"
    r = c.get(reverse("api:care-support-list"), {"kind": "emotional"})
    assert [m["what"] for m in r.json()["results"]] == ["生日祝福"]
    assert logs(action="list", object_type="support_measure") == 1


def test_the_person_who_gave_support_is_not_labelled_as_a_consent_giver(world):
    # "Given by" is also the consent pages' 同意人: the support pages say 实施人 through their own message context
    m = measure(world)
    client = world.client("head_teacher_a")
    for url in (reverse("care:support-detail", args=[m.pk]), reverse("care:support"),
                reverse("care:support-edit", args=[m.pk])):
        body = client.get(url).content.decode()
        assert "实施人" in body and "同意人" not in body, url
    consents = world.client("director").get(reverse("people:consent-student", args=[world.student_x.pk]))
    assert "同意人" in consents.content.decode()
