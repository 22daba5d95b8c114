"""Activities over the API (/api/v1/activities/...): the whole way from the application to the hours credited, with
the same refusals as the pages (400 with the message, nothing written; 404 for what is not one's own)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from xinhuo.activities.models import Activity, ActivityStatus, ActivityStep, SignUp
from xinhuo.activities.tests.support import msg, on, student_with_account
from xinhuo.care.models import GrowthEntry
from xinhuo.core.models import Notification
from xinhuo.core.tests.helpers import post

API = "/api/v1/activities"
S = ActivityStatus


def application(world, **kw) -> dict:
    today = timezone.localdate()
    return {"title": "学雷锋志愿服务", "kind": "volunteer", "place": "和平社区",
            "starts_at": on(today, 0, 5).isoformat(), "ends_at": on(today + dt.timedelta(days=1), 20).isoformat(),
            "off_day_confirmed": True,  # today may be a weekend or a holiday
            "audience_classes": [world.class_a.pk], "signup_open": True, "capacity": 1, "service_hours": "2"} | kw


def state() -> tuple[int, int, int, int]:
    return (Activity.objects.count(), ActivityStep.objects.count(), SignUp.objects.count(),
            Notification.objects.count())


def test_apply_approve_sign_up_check_in_and_summarise(world):
    r = post(world, "head_teacher_a", f"{API}/", application(world))
    assert r.status_code == 201, r.content
    body = r.json()
    pk = body["id"]
    assert (body["status"], body["audience_classes"], body["capacity"], body["service_hours"]) == (
        "applied", [world.class_a.pk], 1, "2.0")
    assert [s["to_status"] for s in body["steps"]] == ["applied"]
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["director", "leader"]

    r = post(world, "leader", f"{API}/{pk}/step/", {"action": "approve", "comment": "同意"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "approved" and r.json()["steps"][-1]["comment"] == "同意"

    r = post(world, "student_x", f"{API}/{pk}/signup/", {"student": world.student_x.pk})
    assert r.status_code == 201, r.content
    x = r.json()
    assert (x["status"], x["student"], x["kind"]) == ("signed_up", world.student_x.pk, "student")
    r = post(world, "student_y", f"{API}/{pk}/signup/", {"student": world.student_y.pk})
    assert r.status_code == 201 and r.json()["status"] == "waiting"  # capacity 1: the waiting list
    y = r.json()
    # the organiser's list holds both; a student gets their own sign-up only
    rows = world.client("head_teacher_a").get(f"{API}/{pk}/signups/").json()
    assert [(s["id"], s["status"]) for s in rows] == [(x["id"], "signed_up"), (y["id"], "waiting")]
    assert [s["id"] for s in world.client("student_y").get(f"{API}/{pk}/signups/").json()] == [y["id"]]

    r = post(world, "head_teacher_a", f"{API}/{pk}/step/", {"action": "start"})
    assert r.status_code == 200 and r.json()["status"] == "running"
    r = post(world, "head_teacher_a", f"{API}/{pk}/checkin/", {"signup": x["id"], "present": True})
    assert r.status_code == 200 and r.json()["checked_in_at"]
    before = state()
    r = post(world, "head_teacher_a", f"{API}/{pk}/checkin/", {"signup": y["id"], "present": True})
    assert r.status_code == 400
    assert r.json() == {"detail": [msg("%(name)s has no place (waiting list or cancelled): give them a place first.",
                                       name="李小红")]}
    assert state() == before and SignUp.objects.get(pk=y["id"]).checked_in_at is None
    assert post(world, "head_teacher_b", f"{API}/{pk}/checkin/", {"signup": x["id"], "present": True}
                ).status_code == 404

    r = post(world, "head_teacher_a", f"{API}/{pk}/summary/", {"summary": "打扫了社区", "participants": 1})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["participants"]) == ("summarised", 1)
    entry = GrowthEntry.objects.get()
    assert (entry.student, entry.hours, entry.source_ref) == (
        world.student_x, Decimal("2.0"), f"activity:{pk}:signup:{x['id']}")
    assert SignUp.objects.get(pk=x["id"]).hours == Decimal("2.0") and SignUp.objects.get(pk=y["id"]).hours is None
    r = post(world, "director", f"{API}/{pk}/step/", {"action": "archive"})
    assert r.status_code == 200 and r.json()["status"] == "archived"


def test_an_application_ending_before_it_starts_is_refused(world):
    before = state()
    data = application(world)
    data["starts_at"], data["ends_at"] = data["ends_at"], data["starts_at"]
    r = post(world, "head_teacher_a", f"{API}/", data)
    assert r.status_code == 400
    assert r.json() == {"ends_at": [msg("The activity must end after it starts.")]}
    r = post(world, "head_teacher_a", f"{API}/", application(world, starts_at="tomorrow"))
    assert r.status_code == 400 and "starts_at" in r.json()
    assert state() == before
    assert post(world, "finance", f"{API}/", application(world)).status_code == 404  # finance does not apply
    assert state() == before


def test_approving_ones_own_application_is_refused(world):
    pk = post(world, "leader", f"{API}/", application(world)).json()["id"]
    before = state()
    r = post(world, "leader", f"{API}/{pk}/step/", {"action": "approve"})
    assert r.status_code == 400
    assert r.json() == {"detail": [msg("You applied for this activity: another leader approves it.")]}
    assert Activity.objects.get(pk=pk).status == S.APPLIED and state() == before
    # a return needs a reason; a teacher may not approve; a bad step is refused by the serializer
    r = post(world, "director", f"{API}/{pk}/step/", {"action": "return"})
    assert r.status_code == 400 and r.json() == {
        "comment": [msg("Say why, so that the organiser knows what to change.")]}
    assert post(world, "head_teacher_b", f"{API}/{pk}/step/", {"action": "approve"}).status_code == 404
    assert post(world, "director", f"{API}/{pk}/step/", {"action": "summarise"}).status_code == 400
    assert Activity.objects.get(pk=pk).status == S.APPLIED and state() == before
    assert post(world, "director", f"{API}/{pk}/step/", {"action": "approve"}).status_code == 200


def test_sign_up_refusals_over_the_api(world):
    pk = post(world, "head_teacher_a", f"{API}/", application(world, capacity=1)).json()["id"]
    # not approved yet: the student does not see it; for the organiser sign-up is not open
    before = state()
    assert post(world, "student_x", f"{API}/{pk}/signup/", {"student": world.student_x.pk}).status_code == 404
    r = post(world, "head_teacher_a", f"{API}/{pk}/signup/", {"student": world.student_x.pk})
    assert r.status_code == 400 and r.json() == {"detail": [msg("Sign-up for this activity is not open.")]}
    assert state() == before
    post(world, "director", f"{API}/{pk}/step/", {"action": "approve"})
    before = state()
    # a student signs up nobody else; a class-2 student is not invited
    assert post(world, "student_x", f"{API}/{pk}/signup/", {"student": world.student_y.pk}).status_code == 400
    r = post(world, "head_teacher_a", f"{API}/{pk}/signup/", {"student": world.student_z.pk})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "%(name)s's class is not invited to this activity.", name="王小刚")]}
    assert post(world, "parent_x", f"{API}/{pk}/signup/", {"student": world.other_student.pk}).status_code == 404
    assert state() == before
    # a place, the waiting list (as long as the capacity), then full
    assert post(world, "parent_x", f"{API}/{pk}/signup/", {"student": world.student_x.pk}).json()["status"] == (
        "signed_up")
    assert post(world, "student_y", f"{API}/{pk}/signup/", {"student": world.student_y.pk}).json()["status"] == (
        "waiting")
    full = state()
    r = post(world, "director", f"{API}/{pk}/signup/", {"student": world.student_x.pk})
    assert r.status_code == 400 and r.json() == {"detail": [msg("%(name)s is signed up already.", name="张小明")]}
    third = student_with_account(world, world.class_a, "2026100", "赵小三", 20, "student_3")
    r = post(world, "student_3", f"{API}/{pk}/signup/", {"student": third.pk})
    assert r.status_code == 400 and r.json() == {"detail": [msg(
        "The activity is full: all %(n)d places and the waiting list are taken.", n=1)]}
    assert state() == full
