"""Staff records (issue 19): created and edited by the administrator and the director in the pages and the API, with
the roster's phone rules; a staff member leaving with their open work in every app handed over in one step."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinhuo.activities.models import Activity
from xinhuo.care.models import FollowUp, MentoringPair
from xinhuo.clubs.models import Club
from xinhuo.core.crypto import phone_index
from xinhuo.core.forms import KEEP
from xinhuo.core.models import Department, Membership, Notification, Role, SchoolClass
from xinhuo.people.models import Staff
from xinhuo.people.staff import services
from xinhuo.people.tests import staffwork
from xinhuo.plans.models import PlanTask

TODAY = timezone.localdate


def save(world, persona="director", **kw):
    fields = {"name": "吴老师", "staff_no": "T0100", "gender": "F", "phone": "139 1000 2000"}
    fields.update(kw)
    return services.staff_save(actor=world.actor(persona), **fields)


def head_classes_of(user) -> set[int]:
    return set(SchoolClass.objects.filter(memberships__user=user, memberships__role=Role.HEAD_TEACHER)
               .values_list("pk", flat=True))


# --- create and edit ---------------------------------------------------------------------------------------------


def test_director_creates_a_staff_record_with_phone_index(world):
    staff = save(world, department=world.department, position="德育主任", subject="语文")
    staff.refresh_from_db()
    assert (staff.name, staff.staff_no, staff.phone, staff.school_id) == ("吴老师", "T0100", "13910002000",
                                                                         world.school.pk)
    assert staff.phone_index == phone_index("13910002000") and staff.active and staff.left_on is None
    assert staff.department == world.department and staff.position == "德育主任"


@pytest.mark.parametrize(("fields", "field"), [
    ({"staff_no": "T0001"}, "staff_no"),  # staff_a's number
    ({"staff_no": "  "}, "staff_no"),
    ({"name": ""}, "name"),
    ({"name": "长" * 51}, "name"),
    ({"phone": "12345"}, "phone"),
    ({"phone": "13512345678"}, "phone"),  # staff_a's number
    ({"phone": "13900000001"}, "phone"),  # the director's account's number
    ({"gender": "X"}, "gender"),
    ({"position": "职" * 51}, "position"),
])
def test_bad_input_is_refused_and_writes_nothing(world, fields, field):
    before = Staff.objects.count()
    with pytest.raises(ValidationError) as exc:
        save(world, **fields)
    assert field in exc.value.message_dict
    assert Staff.objects.count() == before


def test_a_department_of_another_school_is_refused(world):
    theirs = Department.objects.create(school=world.other, name="教务处", kind=Department.Kind.MORAL_EDUCATION)
    with pytest.raises(ValidationError) as exc:
        save(world, department=theirs)
    assert "department" in exc.value.message_dict
    assert not Staff.objects.filter(staff_no="T0100").exists()


def test_the_same_staff_number_in_another_school_is_fine(world):
    Staff.objects.create(school=world.other, staff_no="T0777", name="外校老师二", gender="M")
    assert save(world, staff_no="T0777").pk


def test_only_admin_and_director_manage_staff(world):
    for persona in ("leader", "head_teacher_a", "counsellor", "finance"):
        with pytest.raises(Http404):
            save(world, persona=persona)
    assert save(world, persona="admin").pk


def test_edit_keeps_a_masked_phone_and_links_an_account(world):
    staff = world.staff_a
    services.staff_save(actor=world.actor("director"), staff=staff, name="陈老师", staff_no="T0001", gender="F",
                        phone=KEEP, subject="数学", user=None)
    staff.refresh_from_db()
    assert staff.phone == "13512345678" and staff.subject == "数学" and staff.user_id is None
    services.staff_save(actor=world.actor("director"), staff=staff, name="陈老师", staff_no="T0001", gender="F",
                        phone="", user=world.users["head_teacher_a"])
    staff.refresh_from_db()
    assert staff.phone in ("", None) and staff.user == world.users["head_teacher_a"]


def test_an_account_is_linked_to_one_record_with_a_staff_role(world):
    with pytest.raises(ValidationError) as exc:
        save(world, user=world.users["head_teacher_a"])  # staff_a's account
    assert "陈老师" in exc.value.message_dict["user"][0]
    with pytest.raises(ValidationError) as exc:
        save(world, user=world.users["parent_x"])
    assert "user" in exc.value.message_dict
    with pytest.raises(ValidationError):
        save(world, user=world.users["outsider"])  # another school's account
    assert not Staff.objects.filter(staff_no="T0100").exists()


def test_head_classes_move_through_the_head_teacher_service(world):
    teacher2 = world.users["head_teacher_b"]
    staff = save(world, user=teacher2, classes=[world.class_a])
    assert head_classes_of(teacher2) == {world.class_a.pk}
    assert head_classes_of(world.users["head_teacher_a"]) == set()  # the class moved from its previous holder
    assert [c.pk for c in services.head_classes(staff)] == [world.class_a.pk]
    services.staff_save(actor=world.actor("director"), staff=staff, name="吴老师", staff_no="T0100", gender="F",
                        phone=KEEP, classes=[])
    assert head_classes_of(teacher2) == set()


def test_head_classes_need_an_account_and_this_school(world):
    with pytest.raises(ValidationError) as exc:
        save(world, classes=[world.class_b])
    assert "classes" in exc.value.message_dict
    with pytest.raises(ValidationError):
        save(world, user=world.users["head_teacher_b"], classes=[world.other_class])
    assert head_classes_of(world.users["head_teacher_b"]) == {world.class_b.pk}
    assert not Staff.objects.filter(staff_no="T0100").exists()


def test_admin_makes_the_account_with_the_record(world):
    staff = save(world, persona="admin", account_role=Role.YOUNG_TEACHER, classes=[world.class_b])
    staff.refresh_from_db()
    assert staff.user.username == "demo-T0100" and staff.user.phone == "13910002000"
    assert Membership.objects.filter(user=staff.user, role=Role.YOUNG_TEACHER).exists()
    assert head_classes_of(staff.user) == {world.class_b.pk}


def test_director_cannot_make_an_account(world):
    with pytest.raises(ValidationError) as exc:
        save(world, account_role=Role.YOUNG_TEACHER)
    assert "account_role" in exc.value.message_dict
    assert not Staff.objects.filter(staff_no="T0100").exists()


# --- pages -------------------------------------------------------------------------------------------------------


def test_create_page(world):
    c = world.client("director")
    assert "吴老师" not in c.get("/people/staff/new/").content.decode()
    r = c.post("/people/staff/new/", {"name": "吴老师", "staff_no": "T0100", "gender": "F", "phone": "13910002000",
                                      "department": world.department.pk, "classes": []})
    staff = Staff.objects.get(staff_no="T0100")
    assert r.status_code == 302 and r["Location"] == f"/people/staff/{staff.pk}/"
    r = c.post("/people/staff/new/", {"name": "吴老师", "staff_no": "T0100", "gender": "F", "phone": "1391000"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "T0100" in body and "手机号" in body or "11" in body
    assert Staff.objects.filter(staff_no="T0100").count() == 1


def test_edit_page_keeps_the_masked_number(world):
    c = world.client("director")
    page = c.get(f"/people/staff/{world.staff_a.pk}/edit/").content.decode()
    assert "13512345678" not in page and world.staff_a.masked_phone in page
    r = c.post(f"/people/staff/{world.staff_a.pk}/edit/", {
        "name": "陈老师", "staff_no": "T0001", "gender": "F", "phone": world.staff_a.masked_phone,
        "position": "年级组长", "user": world.users["head_teacher_a"].pk, "classes": [world.class_a.pk]})
    assert r.status_code == 302
    world.staff_a.refresh_from_db()
    assert world.staff_a.phone == "13512345678" and world.staff_a.position == "年级组长"
    assert head_classes_of(world.users["head_teacher_a"]) == {world.class_a.pk}


def test_detail_shows_manage_buttons_to_managers_only(world):
    url = f"/people/staff/{world.staff_a.pk}/"
    page = world.client("director").get(url).content.decode()
    assert f"/people/staff/{world.staff_a.pk}/leave/" in page and 'id="staff-account">teacher<' in page
    page = world.client("leader").get(url).content.decode()
    assert "/leave/" not in page and 'id="staff-account"' not in page
    assert f'href="/accounts/{world.users["head_teacher_a"].pk}/"' in world.client("admin").get(url).content.decode()


# --- leaving -----------------------------------------------------------------------------------------------------


@pytest.fixture
def work(world):
    return staffwork.build(world)


def keys(w) -> list[str]:
    return [f"plans.plantask:{w.task.pk}", f"care.mentoringpair:{w.pair.pk}", f"care.followup:{w.follow_up.pk}",
            f"clubs.club:{w.club.pk}", f"activities.activity:{w.activity.pk}"]


def test_open_work_lists_every_app_and_the_classes(world, work):
    found = services.open_work(world.actor("director"), world.staff_a)
    assert found.keys == set(keys(work))  # not the done task nor the activity already held
    assert [c.pk for c in found.classes] == [world.class_a.pk]
    labels = [label for label, _items in found.groups]
    assert set(labels) == {"plans", "care", "clubs", "activities"}
    assert all(item.url.startswith("/") for _l, items in found.groups for item in items)


def test_leave_hands_everything_over_in_one_step(world, work):
    director = world.actor("director")
    teacher2 = world.users["head_teacher_b"]
    result = services.staff_leave(actor=director, staff=world.staff_a, left_on=TODAY(), reason="调往区教育局",
                                  to_staff=work.colleague, items=keys(work), classes=[world.class_a.pk])
    assert result == {"items": 5, "classes": 1}
    world.staff_a.refresh_from_db()
    assert not world.staff_a.active and world.staff_a.left_on == TODAY()
    assert PlanTask.objects.get(pk=work.task.pk).owner == teacher2
    assert PlanTask.objects.get(pk=work.done_task.pk).owner == world.users["head_teacher_a"]  # done work stays
    old = MentoringPair.objects.get(pk=work.pair.pk)
    assert old.ended_on == TODAY() and "林老师" in old.summary
    new = MentoringPair.objects.get(student=world.student_x, ended_on__isnull=True)
    assert new.mentor.staff == work.colleague and new.contact_plan == "每周三午休谈心"
    assert (new.needs, new.contact_every_days) == (["academic"], 7)
    assert FollowUp.objects.get(pk=work.follow_up.pk).owner == teacher2
    assert Club.objects.get(pk=work.club.pk).advisor_user == teacher2
    assert Activity.objects.get(pk=work.activity.pk).organiser == teacher2
    assert head_classes_of(teacher2) == {world.class_a.pk, world.class_b.pk}
    assert head_classes_of(world.users["head_teacher_a"]) == set()
    entry = LogEntry.objects.get_for_object(world.staff_a).order_by("-pk").first()
    assert entry.additional_data["reason"] == "调往区教育局" and entry.actor == world.users["director"]
    assert LogEntry.objects.get_for_object(work.task).filter(actor=world.users["director"]).exists()
    notice = Notification.objects.get(recipient=teacher2)
    assert "陈老师" in notice.title and "组织红色故事会" in notice.body


def test_unchosen_work_stays_and_every_class_is_freed(world, work):
    services.staff_leave(actor=world.actor("director"), staff=world.staff_a, left_on=TODAY(), reason="退休",
                         to_staff=work.colleague, items=[f"plans.plantask:{work.task.pk}"])
    assert PlanTask.objects.get(pk=work.task.pk).owner == world.users["head_teacher_b"]
    assert Club.objects.get(pk=work.club.pk).advisor_user == world.users["head_teacher_a"]
    assert head_classes_of(world.users["head_teacher_a"]) == set()
    assert head_classes_of(world.users["head_teacher_b"]) == {world.class_b.pk}


def test_leave_without_handing_over_needs_no_target(world, work):
    services.staff_leave(actor=world.actor("director"), staff=world.staff_a, left_on=TODAY(), reason="退休")
    world.staff_a.refresh_from_db()
    assert not world.staff_a.active


def test_a_failing_app_leaves_everything_as_it_was(world, work):
    """The colleague has no account: the plan task cannot go to them, so the pair (handed over first or not)
    and the leave itself are not written either."""
    work.colleague.user = None
    work.colleague.save()
    with pytest.raises(ValidationError) as exc:
        services.staff_leave(actor=world.actor("director"), staff=world.staff_a, left_on=TODAY(), reason="调走",
                             to_staff=work.colleague, items=keys(work))
    assert "账号" in " ".join(exc.value.messages) or "account" in " ".join(exc.value.messages)
    world.staff_a.refresh_from_db()
    assert world.staff_a.active and world.staff_a.left_on is None
    assert MentoringPair.objects.get(pk=work.pair.pk).ended_on is None
    assert MentoringPair.objects.count() == 1
    assert PlanTask.objects.get(pk=work.task.pk).owner == world.users["head_teacher_a"]
    assert head_classes_of(world.users["head_teacher_a"]) == {world.class_a.pk}


@pytest.mark.parametrize(("change", "field"), [
    ({"left_on": dt.timedelta(days=60)}, "left_on"),  # too far ahead
    ({"left_on": dt.timedelta(days=-400)}, "left_on"),  # too long ago
    ({"reason": " "}, "reason"),
    ({"to_staff": None}, "to_staff"),  # items chosen, nobody to take them
    ({"to_staff": "self"}, "to_staff"),
    ({"to_staff": "left"}, "to_staff"),
    ({"to_staff": "other"}, "to_staff"),
    ({"items": ["plans.plantask:999999999"]}, "items"),
    ({"items": ["plans.plantask:99999999999999999999999"]}, "items"),  # an oversized id
    ({"classes": "class_b"}, "classes"),  # a class they do not head
    ({"deactivate_account": True}, "deactivate_account"),  # the director does not deactivate accounts
])
def test_bad_leave_is_refused_and_changes_nothing(world, work, change, field):
    left = Staff.objects.create(school=world.school, staff_no="T0009", name="已离职", gender="M", active=False,
                                left_on=TODAY())
    targets = {"self": world.staff_a, "left": left, "other": world.other_staff}
    kw = {"left_on": TODAY(), "reason": "调走", "to_staff": work.colleague, "items": keys(work)[:1]}
    for key, value in change.items():
        if key == "left_on":
            kw[key] = TODAY() + value
        elif key == "to_staff":
            kw[key] = targets.get(value)
        elif key == "classes":
            kw[key] = [getattr(world, value).pk]
        else:
            kw[key] = value
    with pytest.raises(ValidationError) as exc:
        services.staff_leave(actor=world.actor("director"), staff=world.staff_a, **kw)
    assert field in exc.value.message_dict
    world.staff_a.refresh_from_db()
    assert world.staff_a.active and world.staff_a.left_on is None
    assert PlanTask.objects.get(pk=work.task.pk).owner == world.users["head_teacher_a"]


def test_leave_twice_is_refused(world, work):
    services.staff_leave(actor=world.actor("director"), staff=world.staff_a, left_on=TODAY(), reason="退休")
    with pytest.raises(ValidationError):
        services.staff_leave(actor=world.actor("director"), staff=world.staff_a, left_on=TODAY(), reason="退休")


def test_admin_deactivates_the_account(world, work):
    services.staff_leave(actor=world.actor("admin"), staff=world.staff_a, left_on=TODAY(), reason="退休",
                         deactivate_account=True)
    world.users["head_teacher_a"].refresh_from_db()
    assert not world.users["head_teacher_a"].is_active


def test_leave_page(world, work):
    c = world.client("director")
    page = c.get(f"/people/staff/{world.staff_a.pk}/leave/").content.decode()
    for text in ("组织红色故事会", "张小明", "书法社", "清明祭扫", "1班"):
        assert text in page
    assert "开学典礼" not in page and "升旗仪式" not in page and "食堂饭菜偏咸" not in page  # the text stays in care
    r = c.post(f"/people/staff/{world.staff_a.pk}/leave/", {
        "left_on": TODAY().isoformat(), "reason": "调往外校", "to_staff": work.colleague.pk,
        "items": [f"plans.plantask:{work.task.pk}", f"care.mentoringpair:{work.pair.pk}"]})
    assert r.status_code == 302
    assert PlanTask.objects.get(pk=work.task.pk).owner == world.users["head_teacher_b"]
    assert 'id="staff-left"' in c.get(r["Location"]).content.decode()


def test_leave_page_refusal_keeps_the_ticks(world, work):
    c = world.client("director")
    key = f"plans.plantask:{work.task.pk}"
    r = c.post(f"/people/staff/{world.staff_a.pk}/leave/", {"left_on": TODAY().isoformat(), "reason": "调走",
                                                            "items": [key]})
    assert r.status_code == 400
    body = r.content.decode()
    assert re.search(rf'value="{key}" id="item-\d+-\d+" checked', body)
    assert not re.search(rf'value="clubs.club:{work.club.pk}" id="item-\d+-\d+" checked', body)
    world.staff_a.refresh_from_db()
    assert world.staff_a.active


def _many_items(world, n: int) -> None:
    user = world.users["head_teacher_a"]
    plan_task = PlanTask.objects.filter(owner=user).first()
    for i in range(n):
        PlanTask.objects.create(plan=plan_task.plan, section=plan_task.section, title=f"任务{i}", owner=user)
        Club.objects.create(school=world.school, name=f"社团{i}", advisor_user=user, status="active",
                            requested_by=user)


def test_leave_page_and_open_work_in_constant_queries(world, work):
    c = world.client("director")
    url = f"/people/staff/{world.staff_a.pk}/leave/"
    api = f"/api/v1/staff/{world.staff_a.pk}/open-work/"
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        c.get(url)
        c.get(api)
    _many_items(world, 8)
    with CaptureQueriesContext(connection) as many:
        assert "任务7" in c.get(url).content.decode()
        assert len(c.get(api).json()["items"]) == len(keys(work)) + 16
    assert len(many) == len(few)


def test_staff_list_in_constant_queries(world):
    c = world.client("director")
    c.get("/people/staff/")
    with CaptureQueriesContext(connection) as few:
        c.get("/people/staff/")
    for i in range(10):
        Staff.objects.create(school=world.school, staff_no=f"T1{i:03d}", name=f"老师{i}", gender="M",
                             department=world.department, active=i % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        assert "老师9" in c.get("/people/staff/").content.decode()
    assert len(many) == len(few)


def test_handover_in_constant_queries(world, work):
    """Each app moves its items with a bounded number of queries, however many there are."""
    def run(staff, to_staff, ks):
        with CaptureQueriesContext(connection) as ctx:
            services.staff_leave(actor=world.actor("director"), staff=staff, left_on=TODAY(), reason="调走",
                                 to_staff=to_staff, items=ks)
        return len(ctx)

    few = run(world.staff_a, work.colleague, keys(work))
    # the colleague now holds those and more; they leave in turn, handing everything to a third teacher
    third = Staff.objects.create(school=world.school, staff_no="T0003", name="周老师", gender="F",
                                 user=world.users["counsellor"])
    user = world.users["head_teacher_b"]
    for i in range(6):
        PlanTask.objects.create(plan=work.task.plan, section=work.task.section, title=f"任务{i}", owner=user)
        Club.objects.create(school=world.school, name=f"社团{i}", advisor_user=user, status="active",
                            requested_by=user)
    all_keys = sorted(services.open_work(world.actor("director"), work.colleague).keys)
    assert len(all_keys) == len(keys(work)) + 12
    work.colleague.refresh_from_db()
    Membership.objects.filter(user=user, role=Role.HEAD_TEACHER).delete()  # no class: the same shape as before
    many = run(work.colleague, third, all_keys)
    assert many <= few + 2  # the same statements; the mentor of the third teacher is created (+1 on each side)


# --- API ---------------------------------------------------------------------------------------------------------


def test_api_create_and_patch(world):
    c = world.client("director")
    r = c.post("/api/v1/staff/", {"name": "吴老师", "staff_no": "T0100", "gender": "F", "phone": "13910002000",
                                  "department": world.department.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["phone"] != "13910002000" and body["department"] == "德育处" and body["left_on"] is None
    r = c.patch(f"/api/v1/staff/{body['id']}/", {"subject": "历史", "phone": body["phone"]},
                content_type="application/json")
    assert r.status_code == 200 and r.json()["subject"] == "历史"
    assert Staff.objects.get(pk=body["id"]).phone == "13910002000"  # the masked value keeps the number


@pytest.mark.parametrize("data", [
    {"staff_no": "T0001"},
    {"phone": "1234"},
    {"department": 99999999999999999999},
    {"department": "x"},
    {"classes": [2**63]},
    {"user": 0},
])
def test_api_bad_input_is_400(world, data):
    body = {"name": "吴老师", "staff_no": "T0100", "gender": "F"} | data
    r = world.client("director").post("/api/v1/staff/", body, content_type="application/json")
    assert r.status_code == 400
    assert Staff.objects.filter(school=world.school).count() == 1


def test_api_department_of_another_school_is_400(world):
    theirs = Department.objects.create(school=world.other, name="教务处", kind=Department.Kind.MORAL_EDUCATION)
    r = world.client("director").post("/api/v1/staff/", {"name": "吴老师", "staff_no": "T0100", "gender": "F",
                                                         "department": theirs.pk}, content_type="application/json")
    assert r.status_code == 400 and "department" in r.json()


def test_api_open_work_and_leave(world, work):
    c = world.client("director")
    found = c.get(f"/api/v1/staff/{world.staff_a.pk}/open-work/").json()
    assert {i["key"] for i in found["items"]} == set(keys(work))
    assert found["classes"] == [{"id": world.class_a.pk, "name": "初一1班"}]
    r = c.post(f"/api/v1/staff/{world.staff_a.pk}/leave/", {
        "left_on": TODAY().isoformat(), "reason": "调走", "to_staff": work.colleague.pk,
        "items": [i["key"] for i in found["items"]], "classes": [world.class_a.pk]}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["items"] == 5 and r.json()["staff"]["left_on"] == TODAY().isoformat()


def test_api_leave_refusals(world, work):
    c = world.client("director")
    url = f"/api/v1/staff/{world.staff_a.pk}/leave/"
    base = {"left_on": TODAY().isoformat(), "reason": "调走", "items": keys(work)[:1]}
    assert c.post(url, base | {"to_staff": world.other_staff.pk}, content_type="application/json").status_code == 400
    assert c.post(url, base | {"to_staff": 2**64}, content_type="application/json").status_code == 400
    assert c.post(url, base | {"left_on": "2999-01-01"}, content_type="application/json").status_code == 400
    assert c.post(url, base, content_type="application/json").status_code == 400
    world.staff_a.refresh_from_db()
    assert world.staff_a.active
    assert world.client("leader").get(f"/api/v1/staff/{world.staff_a.pk}/open-work/").status_code == 404


def test_a_staff_account_without_a_record_is_offered_and_prefills_the_form(world):
    from conftest import make_user

    account = make_user("wu", world.school, Role.YOUNG_TEACHER, full_name="吴新老师")
    c = world.client("director")
    page = c.get("/people/staff/new/").content.decode()
    assert f'href="?user={account.pk}"' in page
    assert f'href="?user={world.users["head_teacher_a"].pk}"' not in page  # staff_a's account has its record
    assert f'href="?user={world.users["parent_x"].pk}"' not in page  # not a staff role
    page = c.get(f"/people/staff/new/?user={account.pk}").content.decode()
    assert 'value="吴新老师"' in page
    assert c.get("/people/staff/new/?user=99999999999999999999999").status_code == 200


def test_admin_making_the_account_on_the_page_sees_its_password_once(world):
    r = world.client("admin").post("/people/staff/new/", {"name": "吴老师", "staff_no": "T0100", "gender": "F",
                                                          "account_role": Role.YOUNG_TEACHER})
    staff = Staff.objects.get(staff_no="T0100")
    assert r.status_code == 200 and staff.user is not None
    body = r.content.decode()
    assert 'id="new-password"' in body and staff.user.username in body
    assert staff.user.check_password(re.search(r'id="new-password"[^>]*>([^<]+)<', body).group(1))


def test_api_admin_makes_the_account(world):
    r = world.client("admin").post("/api/v1/staff/", {"name": "吴老师", "staff_no": "T0100", "gender": "F",
                                                      "account_role": Role.YOUNG_TEACHER},
                                   content_type="application/json")
    assert r.status_code == 201
    staff = Staff.objects.get(staff_no="T0100")
    assert r.json()["user"] == staff.user_id and staff.user.check_password(r.json()["password"])
    r = world.client("director").post("/api/v1/staff/", {"name": "郑老师", "staff_no": "T0101", "gender": "F",
                                                         "account_role": Role.YOUNG_TEACHER},
                                      content_type="application/json")
    assert r.status_code == 400 and not Staff.objects.filter(staff_no="T0101").exists()


@pytest.mark.parametrize("data", [
    {"to_staff": "99999999999999999999999"},
    {"to_staff": "abc"},
    {"classes": ["99999999999999999999999"]},
    {"items": ["plans.plantask:99999999999999999999999"]},
    {"left_on": "9999-12-31"},
    {"left_on": "1800-01-01"},
])
def test_leave_page_oversized_or_bad_values_are_refused(world, work, data):
    c = world.client("director")
    body = {"left_on": TODAY().isoformat(), "reason": "调走", "to_staff": work.colleague.pk} | data
    r = c.post(f"/people/staff/{world.staff_a.pk}/leave/", body)
    assert r.status_code == 400
    world.staff_a.refresh_from_db()
    assert world.staff_a.active


def test_oversized_ids_in_the_address_are_404(world):
    c = world.client("director")
    assert c.get("/people/staff/99999999999999999999999/edit/").status_code == 404
    assert c.get("/api/v1/staff/99999999999999999999999/open-work/").status_code == 404
