"""The activities' writes a phone makes over the API (issue 20): a partial PATCH of an application, the summary's
number defaulting to the check-ins, cancelling a place, the sign-up settings and a study trip's field tasks. Each
goes through the page's service: the same effect, the same refusals (400 with the message, nothing written), and
404 for what is not one's own."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xinhuo.activities.models import Activity, ActivityStatus, FieldTask, FieldWork, SignUp, SignUpStatus
from xinhuo.activities.tests import helpers as h
from xinhuo.activities.tests.support import msg, on
from xinhuo.core.tests.helpers import patch, post

API = "/api/v1/activities"
W = SignUpStatus


def application(world) -> dict:
    today = timezone.localdate()
    return {"title": "学雷锋志愿服务", "kind": "volunteer", "place": "和平社区", "objectives": "学会合作",
            "starts_at": on(today + dt.timedelta(days=3), 8).isoformat(),
            "ends_at": on(today + dt.timedelta(days=3), 11).isoformat(), "off_day_confirmed": True,
            "elders": [world.elder.pk], "audience_classes": [world.class_a.pk], "signup_open": True, "capacity": 20,
            "service_hours": "2"}


def snapshot(activity_id: int) -> tuple:
    a = Activity.objects.get(pk=activity_id)
    return (a.title, a.place, a.objectives, a.starts_at, a.ends_at, a.capacity, a.service_hours, a.signup_open,
            sorted(a.elders.values_list("pk", flat=True)), sorted(a.audience_classes.values_list("pk", flat=True)))


# --- a partial PATCH -------------------------------------------------------------------------------------------


def test_a_partial_patch_changes_only_the_fields_given(world):
    pk = post(world, "head_teacher_a", f"{API}/", application(world)).json()["id"]
    before = snapshot(pk)
    r = patch(world, "head_teacher_a", f"{API}/{pk}/", {"title": "学雷锋 社区清扫"})
    assert r.status_code == 200, r.content  # was 400: the whole application was required again
    assert r.json()["title"] == "学雷锋 社区清扫"
    assert snapshot(pk) == ("学雷锋 社区清扫", *before[1:])  # the elders, the audience, the place kept
    r = patch(world, "head_teacher_a", f"{API}/{pk}/", {"capacity": 30, "place": "敬老院"})
    assert r.status_code == 200 and (r.json()["capacity"], r.json()["place"]) == (30, "敬老院")
    assert snapshot(pk)[8:] == before[8:]


def test_a_patch_of_the_audience_sets_it_to_what_is_given(world):
    pk = post(world, "head_teacher_a", f"{API}/", application(world)).json()["id"]
    r = patch(world, "head_teacher_a", f"{API}/{pk}/", {"audience_grades": [world.grade.pk]})
    assert r.status_code == 200, r.content
    assert sorted(r.json()["audience_classes"]) == sorted([world.class_a.pk, world.class_b.pk])
    r = patch(world, "head_teacher_a", f"{API}/{pk}/", {"audience_classes": [world.class_b.pk]})
    assert r.json()["audience_classes"] == [world.class_b.pk]


def test_a_partial_patch_is_checked_as_a_whole_and_a_refusal_changes_nothing(world):
    pk = post(world, "head_teacher_a", f"{API}/", application(world)).json()["id"]
    before = snapshot(pk)
    starts = Activity.objects.get(pk=pk).starts_at
    r = patch(world, "head_teacher_a", f"{API}/{pk}/", {"ends_at": (starts - dt.timedelta(hours=1)).isoformat(),
                                                        "title": "改了"})
    assert r.status_code == 400 and r.json() == {"ends_at": [msg("The activity must end after it starts.")]}
    r = patch(world, "head_teacher_a", f"{API}/{pk}/", {"elders": [world.elder.pk + 1000], "title": "改了"})
    assert r.status_code == 400 and r.json() == {"elders": [msg("Choose among this school's records.")]}
    r = patch(world, "head_teacher_a", f"{API}/{pk}/", {"title": ""})
    assert r.status_code == 400 and "title" in r.json()
    assert patch(world, "head_teacher_b", f"{API}/{pk}/", {"title": "改了"}).status_code == 404
    assert patch(world, "leader", f"{API}/{pk}/", {"title": "改了"}).status_code == 404  # approves, not organiser
    assert snapshot(pk) == before
    post(world, "director", f"{API}/{pk}/step/", {"action": "approve"})
    r = patch(world, "head_teacher_a", f"{API}/{pk}/", {"title": "改了"})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "Only an application waiting for approval or returned for changes can be changed.")]}
    assert snapshot(pk) == before


# --- the summary -----------------------------------------------------------------------------------------------


def test_the_summary_counts_the_check_ins_when_no_number_is_given(world):
    a = h.published(world)
    x = h.signup_x(world, a)
    SignUp.objects.filter(pk=x.pk).update(checked_in_at=timezone.now())
    r = post(world, "head_teacher_a", f"{API}/{a.pk}/summary/", {"summary": "打扫了社区"})
    assert r.status_code == 200, r.content  # was 400: "participants" was required
    assert (r.json()["status"], r.json()["participants"]) == ("summarised", 1)
    assert SignUp.objects.get(pk=x.pk).hours == a.service_hours  # the hours credited as on the page


def test_the_summary_without_check_ins_needs_the_number(world):
    a = h.make(world, "敬老院慰问")
    r = post(world, "head_teacher_a", f"{API}/{a.pk}/summary/", {"summary": "演出了节目"})
    assert r.status_code == 400 and r.json() == {"participants": [msg("Enter how many took part (0 or more).")]}
    assert Activity.objects.get(pk=a.pk).status == ActivityStatus.RUNNING
    r = post(world, "head_teacher_a", f"{API}/{a.pk}/summary/", {"summary": "演出了节目", "participants": 0})
    assert r.status_code == 200 and r.json()["participants"] == 0


# --- cancelling a place, the sign-up settings --------------------------------------------------------------------


def test_a_parent_cancels_the_childs_place_and_the_first_waiting_moves_up(world):
    a = h.published(world)
    r = post(world, "head_teacher_a", f"{API}/{a.pk}/signup/settings/", {"signup_open": True, "capacity": 1,
                                                                         "service_hours": "1.5"})
    assert r.status_code == 200 and (r.json()["capacity"], r.json()["service_hours"]) == (1, "1.5")
    x = post(world, "parent_x", f"{API}/{a.pk}/signup/", {"student": world.student_x.pk}).json()
    y = post(world, "student_y", f"{API}/{a.pk}/signup/", {"student": world.student_y.pk}).json()
    assert (x["status"], y["status"]) == ("signed_up", "waiting")
    # nobody else's place: another student, another class's teacher, an elder
    for persona in ("student_y", "head_teacher_b", "elder"):
        assert post(world, persona, f"{API}/{a.pk}/signup/cancel/", {"signup": x["id"]}).status_code == 404
    assert SignUp.objects.get(pk=x["id"]).status == W.SIGNED_UP
    r = post(world, "parent_x", f"{API}/{a.pk}/signup/cancel/", {"signup": x["id"]})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "cancelled"
    assert SignUp.objects.get(pk=y["id"]).status == W.SIGNED_UP  # moved up, as on the page
    r = post(world, "parent_x", f"{API}/{a.pk}/signup/cancel/", {"signup": x["id"]})
    assert r.status_code == 400 and r.json() == {"detail": [msg("This sign-up is cancelled already.")]}
    assert post(world, "parent_x", f"{API}/{a.pk}/signup/cancel/", {}).status_code == 400
    assert post(world, "parent_x", f"{API}/{a.pk}/signup/cancel/", {"signup": "abc"}).status_code == 400


def test_a_checked_in_place_is_not_cancelled_and_the_organiser_cancels_any(world):
    a = h.published(world)
    x = h.signup_x(world, a)
    SignUp.objects.filter(pk=x.pk).update(checked_in_at=timezone.now())
    r = post(world, "student_x", f"{API}/{a.pk}/signup/cancel/", {"signup": x.pk})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "%(name)s is checked in: undo the check-in first.", name="张小明")]}
    assert SignUp.objects.get(pk=x.pk).status == W.SIGNED_UP
    SignUp.objects.filter(pk=x.pk).update(checked_in_at=None)
    assert post(world, "head_teacher_a", f"{API}/{a.pk}/signup/cancel/", {"signup": x.pk}).status_code == 200
    assert SignUp.objects.get(pk=x.pk).status == W.CANCELLED


def test_the_api_cancel_has_the_pages_effect(world):
    """The same place cancelled on the page and over the API ends the same way."""
    results = []
    for way in ("page", "api"):
        a = h.make(world, f"敬老院慰问 {way}", signup_open=True, capacity=1)
        x = h.signup_x(world, a)
        y = SignUp.objects.create(activity=a, student=world.student_y, kind="student", name="李小红",
                                  status=W.WAITING)
        if way == "page":
            world.client("parent_x").post(reverse("activities:signup-cancel", args=[a.pk, x.pk]))
        else:
            post(world, "parent_x", f"{API}/{a.pk}/signup/cancel/", {"signup": x.pk})
        results.append((SignUp.objects.get(pk=x.pk).status, SignUp.objects.get(pk=y.pk).status))
    assert results[0] == results[1] == (W.CANCELLED, W.SIGNED_UP)


def test_sign_up_settings_refused_below_the_places_taken(world):
    a = h.published(world)
    h.signup_x(world, a)
    SignUp.objects.create(activity=a, student=world.student_y, kind="student", name="李小红")
    before = snapshot(a.pk)
    r = post(world, "head_teacher_a", f"{API}/{a.pk}/signup/settings/", {"signup_open": True, "capacity": 1})
    assert r.status_code == 400 and "capacity" in r.json()
    assert post(world, "parent_x", f"{API}/{a.pk}/signup/settings/", {"signup_open": False}).status_code == 404
    assert post(world, "head_teacher_b", f"{API}/{a.pk}/signup/settings/", {"signup_open": False}
                ).status_code == 404
    assert snapshot(a.pk) == before


# --- a study trip's field tasks --------------------------------------------------------------------------------


def test_field_tasks_given_handed_in_and_answered(world):
    trip = h.trip(world)
    r = post(world, "head_teacher_a", f"{API}/{trip.pk}/tasks/", {"title": "寻访老兵", "instructions": "记下故事"})
    assert r.status_code == 201, r.content
    [task] = r.json()
    assert (task["title"], task["instructions"], task["works"]) == ("寻访老兵", "记下故事", [])
    x = post(world, "student_x", f"{API}/{trip.pk}/signup/", {"student": world.student_x.pk}).json()
    assert x["status"] == "signed_up"
    r = post(world, "student_x", f"{API}/{trip.pk}/tasks/hand-in/", {"task": task["id"], "text": "王二小的故事"})
    assert r.status_code == 201, r.content
    work = r.json()
    assert (work["student"], work["text"], work["file_name"]) == (world.student_x.pk, "王二小的故事", "")
    # the parent (one child: no need to say which) hands in again with a file: it replaces the answer
    upload = SimpleUploadedFile("story.png", h.png_bytes(), content_type="image/png")
    r = world.client("parent_x").post(f"{API}/{trip.pk}/tasks/hand-in/", {"task": task["id"], "file": upload})
    assert r.status_code == 201, r.content
    assert r.json()["id"] == work["id"] and r.json()["file_name"].endswith(".png")
    assert FieldWork.objects.get(pk=work["id"]).file
    # the family sees its own work; the organiser sees everyone's and answers
    assert [w["id"] for w in world.client("student_x").get(f"{API}/{trip.pk}/tasks/").json()[0]["works"]] == [
        work["id"]]
    assert world.client("student_y").get(f"{API}/{trip.pk}/tasks/").json()[0]["works"] == []
    r = post(world, "head_teacher_a", f"{API}/{trip.pk}/tasks/feedback/", {"work": work["id"], "feedback": "很好"})
    assert r.status_code == 200 and r.json()["feedback"] == "很好"
    assert world.client("head_teacher_a").get(f"{API}/{trip.pk}/tasks/").json()[0]["works"][0]["feedback"] == "很好"


def test_field_task_refusals_change_nothing(world):
    trip = h.trip(world)
    task = h.task(world)  # student_x has a place
    before = (FieldTask.objects.count(), FieldWork.objects.count())
    r = post(world, "student_y", f"{API}/{trip.pk}/tasks/hand-in/", {"task": task.pk, "text": "答案"})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "Only the students with a place on the trip hand in its tasks.")]}
    r = post(world, "student_x", f"{API}/{trip.pk}/tasks/hand-in/", {"task": task.pk})
    assert r.status_code == 400 and r.json() == {"text": [msg("Write the answer or attach a file.")]}
    r = post(world, "student_x", f"{API}/{trip.pk}/tasks/hand-in/", {"task": task.pk, "student": world.student_y.pk,
                                                                     "text": "答案"})
    assert r.status_code == 404  # not one's own child
    assert post(world, "student_x", f"{API}/{trip.pk}/tasks/hand-in/", {"task": task.pk + 999, "text": "答案"}
                ).status_code == 404
    r = post(world, "head_teacher_a", f"{API}/{trip.pk}/tasks/", {"title": ""})
    assert r.status_code == 400 and r.json() == {"title": [msg("Give the task a title.")]}
    assert post(world, "student_x", f"{API}/{trip.pk}/tasks/", {"title": "我的任务"}).status_code == 404
    assert post(world, "head_teacher_b", f"{API}/{trip.pk}/tasks/", {"title": "任务"}).status_code == 404
    a = h.published(world)  # not a study trip
    r = post(world, "head_teacher_a", f"{API}/{a.pk}/tasks/", {"title": "任务"})
    assert r.status_code == 400 and r.json() == {"detail": [msg("Field tasks belong to study trips.")]}
    assert post(world, "student_x", f"{API}/{trip.pk}/tasks/feedback/", {"work": h.work(world).pk,
                                                                         "feedback": "我自己说好"}).status_code == 404
    assert (FieldTask.objects.count(), FieldWork.objects.count()) == (before[0], before[1] + 1)  # h.work's own row
    assert FieldWork.objects.get().feedback == ""
