"""The committee's form (create, edit), the elder's own profile, and weekly availability: validation with
a clear Chinese message and nothing written; health information only for the director and leaders."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry

from xinhuo.elders.models import Availability, Elder, ElderRole, Specialty
from xinhuo.elders.registry import services

GOOD = {
    "name": "吴建华", "gender": "M", "category": Elder.Category.EXPERT, "birth_date": "1952-06-01",
    "former_work": "县农机站站长", "political_status": Elder.Political.PARTY_MEMBER, "phone": "138 0013 8000",
    "specialties": [Specialty.SCIENCE, Specialty.CAREER], "willingness": [ElderRole.OUTSIDE_COUNSELLOR],
    "joined_on": "2024-09-01", "status": Elder.Status.ACTIVE, "max_load": "2",
}


def form_errors(response) -> str:
    assert response.status_code == 400
    return response.content.decode()


# --- create -------------------------------------------------------------------------------------------------


def test_the_committee_adds_an_elder(world):
    response = world.client("director").post("/elders/new/", {**GOOD, "health_notes": "腰椎不好",
                                                               "last_health_check": "2026-01-10"})
    elder = Elder.objects.get(name="吴建华")
    assert response.status_code == 302 and response["Location"] == f"/elders/{elder.pk}/"
    assert elder.school == world.school and elder.phone == "13800138000"
    assert elder.specialties == [Specialty.SCIENCE, Specialty.CAREER] and elder.max_load == 2
    assert elder.health_notes == "腰椎不好" and elder.last_health_check == dt.date(2026, 1, 10)
    assert elder.name_initials == "wjh"
    entry = LogEntry.objects.get_for_object(elder).get()
    assert entry.actor == world.users["director"]


def test_the_admin_has_no_health_fields_and_cannot_slip_them_in(world):
    body = world.client("admin").get("/elders/new/").content.decode()
    assert 'name="health_notes"' not in body and 'name="last_health_check"' not in body
    world.client("admin").post("/elders/new/", {**GOOD, "health_notes": "偷偷写入"})
    assert Elder.objects.get(name="吴建华").health_notes in (None, "")
    admin = world.actor("admin")
    with pytest.raises(services.ValidationError) as exc:
        services.elder_create(actor=admin, name="郑老", gender="M", category="cadre", health_notes="x")
    assert "健康信息只能由关工委主任和分管领导填写" in str(exc.value)
    assert not Elder.objects.filter(name="郑老").exists()


@pytest.mark.parametrize(("change", "message"), [
    ({"phone": "12345"}, "请输入以 1 开头的 11 位手机号"),
    ({"name": ""}, "该字段是必填项"),
    ({"birth_date": "2099-01-01"}, "日期不能晚于今天"),
    ({"birth_date": "2025-01-01", "joined_on": "2024-09-01"}, "加入日期必须晚于出生日期"),
    ({"max_load": "30"}, "20"),
])
def test_bad_input_is_refused_and_nothing_is_written(world, change, message):
    before = Elder.objects.count()
    body = form_errors(world.client("director").post("/elders/new/", {**GOOD, **change}))
    assert message in body
    assert Elder.objects.count() == before


def test_a_mobile_number_already_used_by_another_elder_is_refused(world):
    before = Elder.objects.count()
    body = form_errors(world.client("director").post("/elders/new/", {**GOOD, "phone": "133-0000-1111"}))
    assert "本校另一位老同志周老已登记了这个手机号" in body
    assert Elder.objects.count() == before
    # the same number in another school is another person's business
    Elder.objects.filter(pk=world.elder.pk).update(school=world.other)
    assert world.client("director").post("/elders/new/", {**GOOD, "phone": "13300001111"}).status_code == 302


# --- edit ---------------------------------------------------------------------------------------------------


def edit_data(elder: Elder, **changes) -> dict:
    data = {"name": elder.name, "gender": elder.gender, "category": elder.category, "former_work": "",
            "political_status": "", "phone": "133****1111", "joined_on": elder.joined_on.isoformat(),
            "status": elder.status, "max_load": str(elder.max_load)}
    data.update(changes)
    return data


def test_the_edit_form_shows_the_phone_masked_and_leaving_it_keeps_the_number(world):
    elder = world.elder
    body = world.client("admin").get(f"/elders/{elder.pk}/edit/").content.decode()
    assert 'value="133****1111"' in body and "13300001111" not in body
    response = world.client("admin").post(f"/elders/{elder.pk}/edit/",
                                          edit_data(elder, status=Elder.Status.PAUSED, former_work="退休校长"))
    assert response.status_code == 302
    elder.refresh_from_db()
    assert elder.phone == "13300001111" and elder.status == Elder.Status.PAUSED and elder.former_work == "退休校长"


def test_editing_can_change_and_remove_the_phone(world):
    elder = world.elder
    client = world.client("director")
    client.post(f"/elders/{elder.pk}/edit/", edit_data(elder, phone="13900002222"))
    elder.refresh_from_db()
    assert elder.phone == "13900002222"
    client.post(f"/elders/{elder.pk}/edit/", edit_data(elder, phone=""))
    elder.refresh_from_db()
    assert not elder.phone and elder.phone_index == ""


def test_an_edit_that_would_duplicate_a_phone_changes_nothing(world):
    other = Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT,
                                 phone="13511112222")
    body = form_errors(world.client("director").post(
        f"/elders/{world.elder.pk}/edit/", edit_data(world.elder, phone="13511112222", former_work="改了")))
    assert "本校另一位老同志钱老已登记了这个手机号" in body
    world.elder.refresh_from_db()
    assert world.elder.phone == "13300001111" and world.elder.former_work == ""
    assert other.pk


def test_an_admin_edit_never_overwrites_health_notes(world):
    Elder.objects.filter(pk=world.elder.pk).update(health_notes="需要定期复查")
    body = world.client("admin").get(f"/elders/{world.elder.pk}/edit/").content.decode()
    assert "需要定期复查" not in body and 'name="health_notes"' not in body
    world.client("admin").post(f"/elders/{world.elder.pk}/edit/", edit_data(world.elder, health_notes=""))
    world.elder.refresh_from_db()
    assert world.elder.health_notes == "需要定期复查"


def test_the_leader_edits_health_notes(world):
    client = world.client("leader")
    assert "需要" not in client.get(f"/elders/{world.elder.pk}/edit/").content.decode()
    client.post(f"/elders/{world.elder.pk}/edit/", edit_data(world.elder, health_notes="需要定期复查",
                                                             last_health_check="2026-02-02"))
    world.elder.refresh_from_db()
    assert world.elder.health_notes == "需要定期复查" and world.elder.last_health_check == dt.date(2026, 2, 2)


@pytest.mark.parametrize("persona", ["elder", "head_teacher_a", "outsider"])
def test_only_the_committee_of_the_school_edits(world, persona):
    response = world.client(persona).post(f"/elders/{world.elder.pk}/edit/", edit_data(world.elder, name="改名"))
    assert response.status_code == 404
    world.elder.refresh_from_db()
    assert world.elder.name == "周老"


# --- the elder's own profile ----------------------------------------------------------------------------------


def test_the_elder_edits_their_own_phone_specialties_and_willingness(world):
    client = world.client("elder")
    body = client.get("/elders/me/").content.decode()
    assert 'value="13300001111"' in body  # their own number, in full
    response = client.post("/elders/me/", {"phone": "13300002222", "specialties": [Specialty.CALLIGRAPHY],
                                           "willingness": [ElderRole.CLUB_ADVISOR, ElderRole.SCHOOL_HISTORY]})
    assert response.status_code == 302
    world.elder.refresh_from_db()
    assert world.elder.phone == "13300002222"
    assert world.elder.specialties == [Specialty.CALLIGRAPHY]
    assert world.elder.willingness == [ElderRole.CLUB_ADVISOR, ElderRole.SCHOOL_HISTORY]
    assert "您的资料已保存" in client.get("/elders/me/").content.decode()


def test_a_bad_phone_on_the_own_profile_writes_nothing(world):
    Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT,
                         phone="13511112222")
    client = world.client("elder")
    body = client.post("/elders/me/", {"phone": "1351111", "specialties": [Specialty.LAW]}).content.decode()
    assert "请输入以 1 开头的 11 位手机号" in body
    body = client.post("/elders/me/", {"phone": "13511112222", "specialties": [Specialty.LAW]}).content.decode()
    assert "本校另一位老同志已登记了这个手机号" in body and "钱老" not in body.split("<main")[1].split("</form>")[0]
    world.elder.refresh_from_db()
    assert world.elder.phone == "13300001111" and world.elder.specialties == []


def test_the_elder_cannot_change_anything_else_or_anyone_else(world):
    other = Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT)
    actor = world.actor("elder")
    with pytest.raises(services.ValidationError) as exc:
        services.elder_update(actor=actor, elder=world.elder, name="周大老", status="left")
    assert "您只能修改自己的手机号、专长和服务意愿" in str(exc.value)
    with pytest.raises(services.Http404):
        services.elder_update(actor=actor, elder=other, phone="13900009999")
    world.elder.refresh_from_db()
    other.refresh_from_db()
    assert world.elder.name == "周老" and world.elder.status == "active" and not other.phone


def test_other_roles_have_no_own_profile_page(world):
    assert world.client("director").get("/elders/me/").status_code == 404


# --- weekly availability -------------------------------------------------------------------------------------


def add_slot(client, elder, weekday, start, end, nxt=""):
    return client.post(f"/elders/{elder.pk}/availability/",
                       {"weekday": weekday, "start": start, "end": end, "next": nxt}, follow=True)


def test_the_elder_adds_and_removes_their_own_slots(world):
    client = world.client("elder")
    response = add_slot(client, world.elder, 0, "09:00", "11:00", nxt="/elders/me/")
    assert response.redirect_chain[-1][0] == "/elders/me/"
    assert "已添加空闲时间：周一 09:00–11:00" in response.content.decode()
    add_slot(client, world.elder, 0, "11:00", "12:00")  # touching, not overlapping
    slot = Availability.objects.get(elder=world.elder, start=dt.time(9))
    assert Availability.objects.filter(elder=world.elder).count() == 2
    response = client.post(f"/elders/availability/{slot.pk}/remove/", {"next": "/elders/me/"})
    assert response.status_code == 302 and not Availability.objects.filter(pk=slot.pk).exists()


@pytest.mark.parametrize(("start", "end", "message"), [
    ("10:00", "12:00", "这个时间与已登记的空闲时间“周一 09:00–11:00”重叠"),
    ("08:00", "09:30", "这个时间与已登记的空闲时间“周一 09:00–11:00”重叠"),
    ("09:30", "10:00", "这个时间与已登记的空闲时间“周一 09:00–11:00”重叠"),
    ("11:00", "10:00", "结束时间必须晚于开始时间"),
    ("10:00", "10:00", "结束时间必须晚于开始时间"),
])
def test_an_overlapping_or_backward_slot_is_refused_with_nothing_written(world, start, end, message):
    Availability.objects.create(elder=world.elder, weekday=0, start=dt.time(9), end=dt.time(11))
    response = add_slot(world.client("director"), world.elder, 0, start, end)
    assert message in response.content.decode()
    assert Availability.objects.filter(elder=world.elder).count() == 1


def test_the_same_time_on_another_day_is_fine(world):
    Availability.objects.create(elder=world.elder, weekday=0, start=dt.time(9), end=dt.time(11))
    add_slot(world.client("director"), world.elder, 1, "09:00", "11:00")
    assert Availability.objects.filter(elder=world.elder).count() == 2


def test_a_slot_of_another_elder_is_out_of_reach_of_the_elder(world):
    other = Elder.objects.create(school=world.school, name="钱老", gender="F", category=Elder.Category.EXPERT)
    slot = Availability.objects.create(elder=other, weekday=3, start=dt.time(9), end=dt.time(11))
    client = world.client("elder")
    assert client.post(f"/elders/{other.pk}/availability/",
                       {"weekday": 1, "start": "09:00", "end": "10:00"}).status_code == 404
    assert client.post(f"/elders/availability/{slot.pk}/remove/").status_code == 404
    assert Availability.objects.filter(elder=other).count() == 1
