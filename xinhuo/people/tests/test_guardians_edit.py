"""Guardians through the year (issue 19): add (with the roster import's checks), edit the contact, link to a further
child, unlink (never a minor left with no guardian without a confirmation), the primary contact; pages and API
alike, head teachers for their own classes only."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import make_guardian, make_student
from xinhuo.core.crypto import phone_index
from xinhuo.people.guardians import services
from xinhuo.people.models import Consent, ConsentNotice, Guardian, StudentGuardian

HUGE = "99999999999999999999"
API = "/api/v1/guardians/"


def add_url(student) -> str:
    return f"/people/students/{student.pk}/guardians/add/"


def links(student) -> list[tuple[int, bool]]:
    return list(StudentGuardian.objects.filter(student=student).order_by("pk").values_list("guardian_id",
                                                                                          "is_primary"))


def primaries(student) -> list[int]:
    return [g for g, primary in links(student) if primary]


def twelve_year_old(world, no="2026009"):
    today = timezone.localdate()
    born = today.replace(year=today.year - 12) - dt.timedelta(days=30)
    return make_student(world.school, world.class_a, no, "孙小雨", "F", born=born, seq=9)


def radio(student) -> str:
    return f'name="student" value="{student.pk}"'


def text(response) -> str:
    return response.content.decode()


# --- adding ---------------------------------------------------------------------------------------------------------


def test_a_head_teacher_adds_a_second_guardian_who_is_not_primary_unless_asked(world):
    x = world.student_x
    before = primaries(x)
    r = world.client("head_teacher_a").post(add_url(x), {
        "name": "张奶奶", "relation": "grandmother", "phone": "139-0000 1234", "work_unit": "退休",
        "lives_with": "on"})
    assert r.status_code == 302 and r["Location"] == f"/people/students/{x.pk}/guardians/"
    g = Guardian.objects.get(name="张奶奶")
    assert g.phone == "13900001234" and g.phone_index == phone_index("13900001234") and g.work_unit == "退休"
    link = StudentGuardian.objects.get(student=x, guardian=g)
    assert link.relation == "grandmother" and link.lives_with and not link.is_primary
    assert primaries(x) == before  # still exactly the one primary contact
    created = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Guardian), object_pk=str(g.pk),
                                   action=LogEntry.Action.CREATE)
    assert created.actor == world.users["head_teacher_a"] and "13900001234" not in str(created.changes)


def test_a_guardian_added_here_gets_a_login_like_a_roster_record(world):
    world.client("director").post(add_url(world.student_y), {"name": "李妈妈", "relation": "mother",
                                                             "phone": "13900001237"})
    g = Guardian.objects.get(name="李妈妈")
    r = world.client("admin").post(f"/people/login/guardian/{g.pk}/")
    assert r.status_code == 200
    g.refresh_from_db()
    assert g.user is not None and g.user.username == "13900001237"
    from xinhuo.core.access import build_actor

    parent = build_actor(g.user)
    assert parent is not None and parent.child_ids == frozenset({world.student_y.pk})


def test_adding_a_primary_contact_moves_the_primary_atomically(world):
    x = world.student_x
    r = world.client("director").post(add_url(x), {"name": "张奶奶", "relation": "grandmother",
                                                   "phone": "13900001234", "is_primary": "on"})
    assert r.status_code == 302
    new = Guardian.objects.get(name="张奶奶")
    assert primaries(x) == [new.pk]


def test_the_first_guardian_of_a_student_is_the_primary_contact(world):
    s = twelve_year_old(world)
    r = world.client("head_teacher_a").post(add_url(s), {"name": "孙大雨", "relation": "father",
                                                         "phone": "13900001234"})
    assert r.status_code == 302
    assert primaries(s) == [Guardian.objects.get(name="孙大雨").pk]


def test_a_bad_mobile_number_is_refused_in_chinese_and_nothing_is_written(world):
    count = Guardian.objects.count()
    r = world.client("head_teacher_a").post(add_url(world.student_x), {"name": "张奶奶", "relation": "grandmother",
                                                                       "phone": "1380013800"})
    assert r.status_code == 400
    assert "请输入以 1 开头的 11 位手机号" in text(r)
    assert Guardian.objects.count() == count and len(links(world.student_x)) == 2


def test_a_relation_outside_the_choices_is_refused(world):
    actor = world.actor("director")
    with pytest.raises(services.ValidationError) as exc:
        services.guardian_add(actor=actor, student=world.student_x, name="张奶奶", relation="aunt")
    assert "relation" in exc.value.message_dict
    assert not Guardian.objects.filter(name="张奶奶").exists()


def test_a_number_on_record_offers_that_guardian_to_be_linked_instead_of_a_duplicate(world):
    """guardian_z (王大刚, 13712345678) is 王小刚's father; he is also 李小红's guardian: the number finds him."""
    y, gz = world.student_y, world.guardian_z
    client = world.client("director")
    form = {"name": "王大刚", "relation": "other_relative", "phone": "137 1234 5678"}
    r = client.post(add_url(y), form)
    assert r.status_code == 400
    assert 'id="existing-guardian"' in text(r) and 'name="link_existing"' in text(r)
    assert not StudentGuardian.objects.filter(student=y, guardian=gz).exists()
    assert Guardian.objects.filter(phone_index=phone_index("13712345678")).count() == 1

    r = client.post(add_url(y), {**form, "link_existing": "1"})
    assert r.status_code == 302
    link = StudentGuardian.objects.get(student=y, guardian=gz)
    assert link.relation == "other_relative" and link.is_primary  # 李小红 had no guardian
    assert Guardian.objects.filter(phone_index=phone_index("13712345678")).count() == 1  # no second record


def test_a_number_on_record_under_another_name_is_refused_naming_them_only_to_the_committee(world):
    form = {"name": "李大红", "relation": "father", "phone": "13712345678", "link_existing": "1"}
    r = world.client("head_teacher_a").post(add_url(world.student_y), form)
    assert r.status_code == 400 and "13712345678" in text(r)
    assert world.guardian_z.name not in text(r)  # 王大刚's child is in class B: not the head teacher's to know
    r = world.client("director").post(add_url(world.student_y), form)
    assert r.status_code == 400 and world.guardian_z.name in text(r)
    assert not Guardian.objects.filter(name="李大红").exists() and links(world.student_y) == []


def test_the_same_guardian_cannot_be_added_twice(world):
    r = world.client("director").post(add_url(world.student_x), {"name": "张大明", "relation": "father",
                                                                 "phone": "13812345678", "link_existing": "1"})
    assert r.status_code == 400 and len(links(world.student_x)) == 2
    r = world.client("director").post(add_url(world.student_x), {"name": "刘芳", "relation": "mother"})
    assert r.status_code == 400 and len(links(world.student_x)) == 2  # without a number: the same name


def test_a_head_teacher_cannot_add_to_another_class(world):
    r = world.client("head_teacher_b").post(add_url(world.student_x), {"name": "张奶奶", "relation": "grandmother"})
    assert r.status_code == 404
    assert not Guardian.objects.filter(name="张奶奶").exists()


# --- editing --------------------------------------------------------------------------------------------------------


def edit(client, guardian, **data):
    return client.post(f"/people/guardians/{guardian.pk}/edit/", data)


def test_the_phone_shown_masked_or_left_empty_is_kept(world):
    gx = world.guardian_x
    client = world.client("head_teacher_a")
    page = client.get(f"/people/guardians/{gx.pk}/edit/")
    assert page.status_code == 200 and "138****5678" in text(page) and "13812345678" not in text(page)
    for phone in ("138****5678", ""):
        assert edit(client, gx, name="张大明", phone=phone, work_unit="县医院").status_code == 302
        gx.refresh_from_db()
        assert gx.phone == "13812345678" and gx.work_unit == "县医院"
    assert edit(client, gx, name="张大明", phone="13600001111", work_unit="县医院").status_code == 302
    gx.refresh_from_db()
    assert gx.phone == "13600001111" and gx.phone_index == phone_index("13600001111")


@pytest.mark.parametrize("phone", ["12345", "138****0000", "13712345678"])
def test_a_bad_or_taken_number_changes_nothing(world, phone):
    gx = world.guardian_x
    r = edit(world.client("director"), gx, name="张大明改", phone=phone, work_unit="")
    assert r.status_code == 400
    gx.refresh_from_db()
    assert gx.name == "张大明" and gx.phone == "13812345678"


def test_an_edit_is_in_the_change_history_with_its_actor_and_the_number_masked(world):
    gx = world.guardian_x
    assert edit(world.client("head_teacher_a"), gx, name="张大明", phone="13600001111", work_unit="").status_code == 302
    entry = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Guardian),
                                    object_pk=str(gx.pk)).latest("timestamp")
    assert entry.actor == world.users["head_teacher_a"]
    assert "13600001111" not in str(entry.changes) and "phone" in entry.changes_dict


def test_a_head_teacher_cannot_edit_another_class_guardian(world):
    gx = world.guardian_x  # 张小明's father, class A
    client = world.client("head_teacher_b")
    assert client.get(f"/people/guardians/{gx.pk}/edit/").status_code == 404
    assert edit(client, gx, name="改名", phone="", work_unit="").status_code == 404
    r = client.patch(f"{API}{gx.pk}/", {"name": "改名"}, content_type="application/json")
    assert r.status_code == 404
    gx.refresh_from_db()
    assert gx.name == "张大明"


def test_a_guardian_of_children_in_two_classes(world):
    """张大明 is 张小明's (class A) and 王小刚's (class B) guardian: head teacher B edits his contact, but links and
    unlinks only for class B's student."""
    gx, x, z = world.guardian_x, world.student_x, world.student_z
    StudentGuardian.objects.create(student=z, guardian=gx, relation="other_relative")
    b = world.client("head_teacher_b")
    assert edit(b, gx, name="张大明", phone="", work_unit="供电所").status_code == 302
    assert b.get(f"/people/guardians/{gx.pk}/students/{x.pk}/unlink/").status_code == 404
    assert b.post(f"/people/guardians/{gx.pk}/students/{x.pk}/primary/").status_code == 404
    r = b.post(f"{API}{gx.pk}/unlink/", {"student": x.pk, "confirm": True}, content_type="application/json")
    assert r.status_code == 400 and "student" in r.json()
    assert StudentGuardian.objects.filter(student=x, guardian=gx).exists()
    r = b.post(f"{API}{gx.pk}/unlink/", {"student": z.pk, "confirm": True}, content_type="application/json")
    assert r.status_code == 200
    assert not StudentGuardian.objects.filter(student=z, guardian=gx).exists()


# --- linking to a further child -------------------------------------------------------------------------------------


def test_a_guardian_is_linked_to_a_brother_with_the_relation_to_him(world):
    gx2, y = world.guardian_x2, world.student_y
    client = world.client("head_teacher_a")
    page = client.get(f"/people/guardians/{gx2.pk}/link/", {"q": "lxh"})
    assert page.status_code == 200 and radio(y) in text(page)
    page = client.get(f"/people/guardians/{gx2.pk}/link/")
    assert radio(y) in text(page) and radio(world.student_x) not in text(page)  # already her child
    r = client.post(f"/people/guardians/{gx2.pk}/link/", {"student": y.pk, "relation": "other_relative",
                                                          "lives_with": ""})
    assert r.status_code == 302
    link = StudentGuardian.objects.get(student=y, guardian=gx2)
    assert (link.relation, link.lives_with, link.is_primary) == ("other_relative", False, True)
    assert StudentGuardian.objects.get(student=world.student_x, guardian=gx2).relation == "mother"


def test_a_head_teacher_links_only_to_their_own_class(world):
    gx, z = world.guardian_x, world.student_z
    client = world.client("head_teacher_a")
    page = client.get(f"/people/guardians/{gx.pk}/link/", {"q": "王小刚"})
    assert page.status_code == 200 and radio(z) not in text(page)
    r = client.post(f"/people/guardians/{gx.pk}/link/", {"student": z.pk, "relation": "father"})
    assert r.status_code == 400
    r = client.post(f"{API}{gx.pk}/link/", {"student": z.pk, "relation": "father"}, content_type="application/json")
    assert r.status_code == 400 and "student" in r.json()
    assert not StudentGuardian.objects.filter(student=z, guardian=gx).exists()


def test_a_student_of_another_school_is_refused_with_a_message(world):
    client = world.client("director")
    other = world.other_student
    r = client.post(f"{API}{world.guardian_x.pk}/link/", {"student": other.pk, "relation": "father"},
                    content_type="application/json")
    assert r.status_code == 400 and "该学生属于其他学校" in str(r.json())
    r = client.post(API, {"student": other.pk, "name": "赵二", "relation": "father"}, content_type="application/json")
    assert r.status_code == 400 and "该学生属于其他学校" in str(r.json())
    assert not StudentGuardian.objects.filter(student=other).exclude(guardian=world.other_guardian).exists()
    assert not Guardian.objects.filter(name="赵二").exists()


@pytest.mark.parametrize("bad", [HUGE, "-1", "abc", 0])
def test_oversized_or_malformed_ids_are_refused_not_a_server_error(world, bad):
    client = world.client("director")
    gx = world.guardian_x
    for url, body in ((API, {"student": bad, "name": "赵二", "relation": "father"}),
                      (f"{API}{gx.pk}/link/", {"student": bad, "relation": "father"}),
                      (f"{API}{gx.pk}/unlink/", {"student": bad}),
                      (f"{API}{gx.pk}/primary/", {"student": bad})):
        r = client.post(url, body, content_type="application/json")
        assert r.status_code == 400, url
        assert "请填写记录的编号" in str(r.json())
    r = client.post(f"/people/guardians/{gx.pk}/link/", {"student": bad, "relation": "father"})
    assert r.status_code == 400 and "请选择学生" in text(r)
    assert client.post(f"{API}{HUGE}/primary/", {"student": 1}, content_type="application/json").status_code == 404
    assert client.get(f"/people/guardians/{HUGE}/edit/").status_code == 404
    assert client.get(f"/people/students/{HUGE}/guardians/").status_code == 404
    assert len(links(world.student_x)) == 2


# --- unlinking ------------------------------------------------------------------------------------------------------


def test_the_last_guardian_of_a_twelve_year_old_is_unlinked_only_when_confirmed(world):
    s = twelve_year_old(world)
    g = make_guardian(world.school, "孙大雨", "13900001234", s)
    g2 = make_guardian(world.school, "孙二雨", "13900001235", s, world.student_y)  # another child: kept
    client = world.client("head_teacher_a")
    url = f"/people/guardians/{g2.pk}/students/{s.pk}/unlink/"
    assert client.post(url).status_code == 302  # one of two, no login, another child: nothing left behind
    url = f"/people/guardians/{g.pk}/students/{s.pk}/unlink/"
    page = client.get(url)
    assert page.status_code == 200 and 'id="unlink-confirm"' in text(page) and "12" in text(page)
    r = client.post(url)
    assert r.status_code == 400
    assert links(s) == [(g.pk, True)]
    r = client.post(f"{API}{g.pk}/unlink/", {"student": s.pk}, content_type="application/json")
    assert r.status_code == 400 and "12" in str(r.json())
    assert links(s) == [(g.pk, True)]
    r = client.post(url, {"confirm": "on"})
    assert r.status_code == 302 and links(s) == []
    assert Guardian.objects.filter(pk=g.pk).exists()  # the record stays (no child any more): never deleted here


def test_a_guardian_left_with_no_child_is_kept_and_no_longer_reached_by_the_erasure(world):
    """What the warning says: people/privacy.py erases a guardian with the last child linked to them."""
    from xinhuo.people import privacy

    x, gx2 = world.student_x, world.guardian_x2
    assert gx2.pk in privacy.subject([x.pk]).guardian_ids
    services.guardian_unlink(actor=world.actor("director"), guardian=gx2, student=x, confirm=True)
    assert gx2.pk not in privacy.subject([x.pk]).guardian_ids
    assert Guardian.objects.filter(pk=gx2.pk, name="刘芳").exists()


def test_an_adult_student_may_be_left_without_a_guardian_but_the_guardian_alone_is_still_said(world):
    s = make_student(world.school, world.class_a, "2026010", "成年生", born=dt.date(2000, 1, 1), seq=10)
    g = make_guardian(world.school, "成家长", "13900001236", s)
    warnings = services.unlink_warnings(g, s)
    assert len(warnings) == 1 and g.name in warnings[0]  # no child left: said; the adult student: nothing


def test_unlinking_the_primary_contact_makes_the_other_guardian_primary(world):
    x, gx, gx2 = world.student_x, world.guardian_x, world.guardian_x2
    r = world.client("director").post(f"{API}{gx.pk}/unlink/", {"student": x.pk, "confirm": True},
                                      content_type="application/json")
    assert r.status_code == 200
    body = r.json()
    assert body["new_primary"] == gx2.pk and body["guardian_has_children"] is False
    assert links(x) == [(gx2.pk, True)]


def test_a_parent_with_a_login_is_warned_and_no_longer_sees_the_child(world):
    x, gx = world.student_x, world.guardian_x
    parent = world.client("parent_x")
    assert parent.get(f"/people/students/{x.pk}/").status_code == 200
    warnings = services.unlink_warnings(gx, x)
    assert any("login" in w or "登录" in w for w in warnings)
    services.guardian_unlink(actor=world.actor("director"), guardian=gx, student=x, confirm=True)
    assert parent.get(f"/people/students/{x.pk}/").status_code == 404
    assert parent.get("/").status_code == 200  # the account keeps working
    assert world.actor("parent_x").child_ids == frozenset()


def test_a_guardian_s_consents_are_said_before_unlinking(world):
    x, gx2 = world.student_x, world.guardian_x2
    notice = ConsentNotice.objects.create(school=world.school, purpose="screening", version=1, title="t", body="b",
                                          effective_from=dt.date(2020, 1, 1))
    Consent.objects.create(school=world.school, student=x, purpose="screening", party="guardian", guardian=gx2,
                           notice=notice, method="paper")
    assert any(gx2.name in w and x.name in w for w in services.unlink_warnings(gx2, x)[:1])


def test_unlinking_is_in_the_change_history(world):
    x, gx2 = world.student_x, world.guardian_x2
    link = StudentGuardian.objects.get(student=x, guardian=gx2)
    services.guardian_unlink(actor=world.actor("head_teacher_a"), guardian=gx2, student=x, confirm=True)
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(StudentGuardian),
                                 object_pk=str(link.pk), action=LogEntry.Action.DELETE)
    assert entry.actor == world.users["head_teacher_a"]


# --- the primary contact --------------------------------------------------------------------------------------------


def test_changing_the_primary_contact_leaves_exactly_one(world):
    x, gx, gx2 = world.student_x, world.guardian_x, world.guardian_x2
    r = world.client("head_teacher_a").post(f"/people/guardians/{gx2.pk}/students/{x.pk}/primary/")
    assert r.status_code == 302
    assert primaries(x) == [gx2.pk]
    r = world.client("director").post(f"{API}{gx.pk}/primary/", {"student": x.pk}, content_type="application/json")
    assert r.status_code == 200
    assert [lk["is_primary"] for lk in r.json()["links"] if lk["student_id"] == x.pk] == [True]
    assert primaries(x) == [gx.pk]
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(StudentGuardian),
                                      action=LogEntry.Action.UPDATE, actor=world.users["director"])
    assert entries.count() == 2  # the former primary and the new one


def test_two_primaries_cannot_exist(world):
    x, gz = world.student_x, world.guardian_z
    with pytest.raises(IntegrityError), transaction.atomic():
        StudentGuardian.objects.create(student=x, guardian=gz, relation="other", is_primary=True)
    # through the API, asking for a second primary moves the primary instead
    r = world.client("director").post(f"{API}{gz.pk}/link/", {"student": x.pk, "relation": "other",
                                                              "is_primary": True}, content_type="application/json")
    assert r.status_code == 200 and primaries(x) == [gz.pk]


def test_the_primary_contact_must_be_a_guardian_of_the_student(world):
    r = world.client("director").post(f"{API}{world.guardian_z.pk}/primary/", {"student": world.student_x.pk},
                                      content_type="application/json")
    assert r.status_code == 400 and world.guardian_z.name in str(r.json())
    assert primaries(world.student_x) == [world.guardian_x.pk]


# --- the API --------------------------------------------------------------------------------------------------------


def test_the_api_adds_edits_and_links(world):
    client = world.client("head_teacher_a")
    r = client.post(API, {"student": world.student_y.pk, "name": "李妈妈", "relation": "mother",
                          "phone": "+86 139 0000 1237", "work_unit": "超市"}, content_type="application/json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["phone"] == "139****1237" and body["links"] == [
        {"student_id": world.student_y.pk, "relation": "mother", "is_primary": True, "lives_with": True}]
    pk = body["id"]
    r = client.patch(f"{API}{pk}/", {"work_unit": "医院", "phone": ""}, content_type="application/json")
    assert r.status_code == 200 and r.json()["work_unit"] == "医院"
    assert Guardian.objects.get(pk=pk).phone == "13900001237"
    r = client.post(f"{API}{pk}/link/", {"student": world.student_x.pk, "relation": "other_relative"},
                    content_type="application/json")
    assert r.status_code == 200 and {lk["student_id"] for lk in r.json()["links"]} == {world.student_x.pk,
                                                                                       world.student_y.pk}
    r = client.post(API, {"student": world.student_x.pk, "name": "李妈妈", "relation": "mother",
                          "phone": "13900001237"}, content_type="application/json")
    assert r.status_code == 400 and "phone" in r.json()  # already her guardian


def test_the_api_offers_the_guardian_on_record(world):
    client = world.client("director")
    body = {"student": world.student_y.pk, "name": "王大刚", "relation": "father", "phone": "13712345678"}
    r = client.post(API, body, content_type="application/json")
    assert r.status_code == 400 and "phone" in r.json()
    r = client.post(API, {**body, "link_existing": True}, content_type="application/json")
    assert r.status_code == 201 and r.json()["id"] == world.guardian_z.pk


def test_parents_and_school_wide_readers_cannot_write(world):
    for persona in ("parent_x", "counsellor", "leader"):
        client = world.client(persona)
        r = client.patch(f"{API}{world.guardian_x.pk}/", {"work_unit": "x"}, content_type="application/json")
        assert r.status_code == 404, persona
        r = client.post(API, {"student": world.student_x.pk, "name": "某", "relation": "other"},
                        content_type="application/json")
        assert r.status_code == 404, persona
    assert Guardian.objects.get(pk=world.guardian_x.pk).work_unit == ""


# --- pages' query counts --------------------------------------------------------------------------------------------


def test_the_student_guardians_page_reads_a_constant_number_of_queries(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("head_teacher_a")
    s = twelve_year_old(world)
    make_guardian(world.school, "孙大雨", "13900001234", s)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/people/students/{s.pk}/guardians/").status_code == 200
    for i in range(5):
        make_guardian(world.school, f"孙{i}", f"1390000200{i}", s, relation="other_relative")
    with django_assert_max_num_queries(len(one)):
        r = client.get(f"/people/students/{s.pk}/guardians/")
    assert r.status_code == 200 and text(r).count("data-guardian=") == 6


def test_the_link_page_reads_a_constant_number_of_queries(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("director")
    url = f"/people/guardians/{world.guardian_x.pk}/link/"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(30):
        make_student(world.school, world.class_b, f"2027{i:03d}", f"新生{i}", seq=20 + i)
    with django_assert_max_num_queries(len(few)):
        r = client.get(url)
    assert text(r).count('name="student"') == 20  # the first matches only


def test_the_relation_to_one_child_is_changed_on_that_link_only(world):
    gx, x, y = world.guardian_x, world.student_x, world.student_y
    StudentGuardian.objects.create(student=y, guardian=gx, relation="father", is_primary=True)
    client = world.client("head_teacher_a")
    url = f"/people/guardians/{gx.pk}/students/{x.pk}/"
    assert client.post(url, {"relation": "aunt", "lives_with": "on"}).status_code == 400
    assert client.post(url, {"relation": "grandfather"}).status_code == 302
    link = StudentGuardian.objects.get(student=x, guardian=gx)
    assert (link.relation, link.lives_with, link.is_primary) == ("grandfather", False, True)
    assert StudentGuardian.objects.get(student=y, guardian=gx).relation == "father"
    assert world.client("head_teacher_b").post(url, {"relation": "father"}).status_code == 404
