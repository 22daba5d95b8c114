"""The care writes a phone makes over the API (issue 20): a follow-up item added to a home visit, the growth entries a
head teacher records and corrects, a mentor's closing summary and the guardian's phone, cancelling a study sign-up.
Each goes through the page's service: the same effect, the same refusals (400 with the message, nothing written),
and 404 for what is not one's own."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from xinhuo.care.models import (
    FollowUp,
    GrowthEntry,
    HomeVisit,
    MentoringPair,
    ProgramKind,
    StudyEnrolment,
    StudyProgram,
)
from xinhuo.core.models import AccessLog, Notification
from xinhuo.core.tests.helpers import msg, patch, post

from .mentoring_helpers import elder_mentor, pair

API = "/api/v1/care"
TODAY = timezone.localdate


# --- a follow-up item on a home visit ----------------------------------------------------------------------------


def a_visit(world, student=None) -> HomeVisit:
    student = student or world.student_x
    return HomeVisit.objects.create(school=world.school, student=student, visited_on=TODAY() - dt.timedelta(days=2),
                                    way="home", visitor_kinds=["head_teacher"], visitors="陈老师", notes="父母在外",
                                    recorded_by=world.users["head_teacher_a"])


def test_a_head_teacher_adds_a_follow_up_to_a_visit_and_its_owner_is_told(world):
    v = a_visit(world)
    due = (TODAY() + dt.timedelta(days=7)).isoformat()
    r = post(world, "head_teacher_a", f"{API}/home-visits/{v.pk}/follow-ups/",
             {"text": "联系社区落实助学金", "owner": world.users["counsellor"].pk, "due_on": due})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["text"], body["owner"], body["due_on"], body["home_visit"], body["student"], body["status"]) == (
        "联系社区落实助学金", world.users["counsellor"].pk, due, v.pk, world.student_x.pk, "open")
    assert Notification.objects.filter(recipient=world.users["counsellor"]).count() == 1  # as on the page
    detail = world.client("head_teacher_a").get(f"{API}/home-visits/{v.pk}/").json()
    assert [f["text"] for f in detail["follow_ups"]] == ["联系社区落实助学金"]


def test_follow_up_refusals_write_nothing(world):
    v = a_visit(world)
    other = a_visit(world, world.student_z)
    url = f"{API}/home-visits/{v.pk}/follow-ups/"
    r = post(world, "head_teacher_a", url, {"text": ""})
    assert r.status_code == 400 and r.json() == {"text": [msg("Say what is to be followed up.")]}
    early = (v.visited_on - dt.timedelta(days=1)).isoformat()
    r = post(world, "head_teacher_a", url, {"text": "复访", "due_on": early})
    assert r.status_code == 400 and r.json() == {"text": [msg("The due date cannot be before %(date)s.",
                                                              date=v.visited_on.isoformat())]}
    r = post(world, "head_teacher_a", url, {"text": "复访", "owner": world.users["parent_x"].pk})
    assert r.status_code == 400 and r.json() == {"owner": [msg("The owner must be a staff member of this school.")]}
    r = post(world, "head_teacher_a", url, {"text": "复访", "owner": "abc"})
    assert r.status_code == 400 and "owner" in r.json()
    for persona in ("head_teacher_b", "parent_x", "elder", "outsider"):
        assert post(world, persona, url, {"text": "复访"}).status_code == 404
    assert post(world, "head_teacher_a", f"{API}/home-visits/{other.pk}/follow-ups/", {"text": "复访"}
                ).status_code == 404
    assert FollowUp.objects.count() == 0 and Notification.objects.count() == 0


# --- growth entries ----------------------------------------------------------------------------------------------


def test_a_head_teacher_records_and_corrects_a_growth_entry(world):
    url = f"{API}/growth/{world.student_x.pk}/entries/"
    r = post(world, "head_teacher_a", url, {"kind": "award", "on": TODAY().isoformat(), "title": "校运会跳远第一",
                                            "detail": "打破校纪录"})
    assert r.status_code == 201, r.content
    award = r.json()
    assert (award["kind"], award["title"], award["internal"], award["hours"]) == ("award", "校运会跳远第一", False,
                                                                                   None)
    r = post(world, "head_teacher_a", url, {"kind": "moral_note", "on": TODAY().isoformat(), "title": "主动帮助同学"})
    assert r.status_code == 201 and r.json()["internal"] is True  # a note is internal unless said otherwise
    note = r.json()
    # the family reads the award on the record, never the internal note: the same record as the page
    record = world.client("parent_x").get(f"{API}/growth/{world.student_x.pk}/").json()
    assert [e["title"] for e in record["awards"]] == ["校运会跳远第一"] and record["moral_notes"] == []
    # a correction changes what is given, keeps the rest
    r = patch(world, "head_teacher_a", f"{url}{award['id']}/", {"title": "校运会跳远冠军"})
    assert r.status_code == 200, r.content
    entry = GrowthEntry.objects.get(pk=award["id"])
    assert (entry.title, entry.detail, entry.kind, entry.internal) == ("校运会跳远冠军", "打破校纪录", "award", False)
    r = patch(world, "head_teacher_a", f"{url}{note['id']}/", {"internal": False})
    assert r.status_code == 200 and GrowthEntry.objects.get(pk=note["id"]).internal is False


def test_growth_entry_refusals_write_nothing(world):
    url = f"{API}/growth/{world.student_x.pk}/entries/"
    today = TODAY().isoformat()
    r = post(world, "head_teacher_a", url, {"kind": "service", "on": today, "title": "社区服务"})
    assert r.status_code == 400 and r.json() == {"hours": [msg("Service hours need the number of hours, more than 0.")]}
    r = post(world, "head_teacher_a", url, {"kind": "award", "on": (TODAY() + dt.timedelta(days=1)).isoformat(),
                                            "title": "奖"})
    assert r.status_code == 400 and r.json() == {"on": [msg("The date cannot be in the future.")]}
    r = post(world, "head_teacher_a", url, {"kind": "award", "on": today, "title": ""})
    assert r.status_code == 400 and r.json() == {"title": [msg("Give the entry a title.")]}
    r = post(world, "head_teacher_a", url, {"kind": "praise", "on": today, "title": "奖"})
    assert r.status_code == 400 and "kind" in r.json()
    # another class's head teacher, the family, an elder: no
    for persona in ("head_teacher_b", "parent_x", "student_x", "elder"):
        assert post(world, persona, url, {"kind": "award", "on": today, "title": "奖"}).status_code == 404
    assert post(world, "head_teacher_a", f"{API}/growth/{world.student_z.pk}/entries/",
                {"kind": "award", "on": today, "title": "奖"}).status_code == 404
    assert GrowthEntry.objects.count() == 0
    # a correction: the writer (or the committee) only, an entry from an activity never, checked like a new one
    mine = GrowthEntry.objects.create(school=world.school, student=world.student_x, kind="award", on=TODAY(),
                                      title="作文比赛二等奖", recorded_by=world.users["head_teacher_a"])
    auto = GrowthEntry.objects.create(school=world.school, student=world.student_x, kind="activity", on=TODAY(),
                                      title="学雷锋志愿服务", source_ref="activity:1:signup:1")
    assert patch(world, "head_teacher_a", f"{url}{auto.pk}/", {"title": "改"}).status_code == 404
    assert patch(world, "head_teacher_b", f"{url}{mine.pk}/", {"title": "改"}).status_code == 404
    assert patch(world, "head_teacher_a", f"{API}/growth/{world.student_z.pk}/entries/{mine.pk}/",
                 {"title": "改"}).status_code == 404
    r = patch(world, "head_teacher_a", f"{url}{mine.pk}/", {"hours": "2"})
    assert r.status_code == 400 and r.json() == {"hours": [msg("Hours are only for service entries: leave them "
                                                               "empty.")]}
    assert GrowthEntry.objects.get(pk=mine.pk).hours is None and GrowthEntry.objects.get(pk=auto.pk).title == (
        "学雷锋志愿服务")


# --- a mentor's pair: the closing summary, the guardian's phone ---------------------------------------------------


def test_an_elder_mentor_writes_the_closing_summary_once(world):
    p = pair(world, elder_mentor(world), world.student_x, ended=True)
    url = f"{API}/pairs/{p.pk}/summary/"
    r = post(world, "elder", url, {"summary": ""})
    assert r.status_code == 400 and r.json() == {"summary": [msg(
        "Sum up the pair: what was done and how the student is doing.")]}
    assert post(world, "head_teacher_b", url, {"summary": "好"}).status_code == 404
    assert post(world, "parent_x", url, {"summary": "好"}).status_code == 404
    r = post(world, "elder", url, {"summary": "数学成绩稳步提高"})
    assert r.status_code == 200, r.content
    assert r.json()["summary"] == "数学成绩稳步提高"
    r = post(world, "elder", url, {"summary": "再写一次"})
    assert r.status_code == 400 and r.json() == {"summary": [msg("This pair has its summary already.")]}
    assert MentoringPair.objects.get(pk=p.pk).summary == "数学成绩稳步提高"


def test_an_open_pair_has_no_summary_yet(world):
    p = pair(world, elder_mentor(world), world.student_x)
    r = post(world, "elder", f"{API}/pairs/{p.pk}/summary/", {"summary": "进步"})
    assert r.status_code == 400 and r.json() == {"summary": [msg(
        "This pair is still open: its summary is written when it ends.")]}
    assert MentoringPair.objects.get(pk=p.pk).summary == ""


def test_the_elder_mentor_reads_the_guardians_phone_and_it_is_logged(world):
    p = pair(world, elder_mentor(world), world.student_x)
    r = post(world, "elder", f"{API}/pairs/{p.pk}/guardian-phone/")
    assert r.status_code == 200 and r.json() == {"phone": "13812345678"}
    assert AccessLog.objects.filter(user=world.users["elder"], action="reveal", object_type="guardian",
                                    object_id=str(world.guardian_x.pk), field="phone").count() == 1
    # the managers see the pair but are no mentor; the head teacher neither; an ended pair: no
    for persona in ("director", "head_teacher_a", "parent_x"):
        assert post(world, persona, f"{API}/pairs/{p.pk}/guardian-phone/").status_code == 404
    MentoringPair.objects.filter(pk=p.pk).update(ended_on=TODAY())
    assert post(world, "elder", f"{API}/pairs/{p.pk}/guardian-phone/").status_code == 404
    assert AccessLog.objects.filter(action="reveal", object_type="guardian").count() == 1


# --- cancelling a study sign-up --------------------------------------------------------------------------------


def test_a_parent_cancels_the_childs_study_sign_up_as_on_the_page(world):
    program = StudyProgram.objects.create(school=world.school, kind=ProgramKind.TEACHER_CLASS, title="数学答疑",
                                          capacity=30, signup_open=True)
    url = f"{API}/study/{program.pk}/signup/cancel/"
    r = post(world, "parent_x", url)
    assert r.status_code == 400 and r.json() == {"detail": [msg("%(name)s is not signed up for %(title)s.",
                                                                name="张小明", title="数学答疑")]}
    assert post(world, "parent_x", f"{API}/study/{program.pk}/signup/").status_code == 201
    assert post(world, "student_y", f"{API}/study/{program.pk}/signup/").status_code == 201
    assert post(world, "parent_x", url, {"student": world.student_y.pk}).status_code == 404  # not their child
    assert post(world, "head_teacher_b", url, {"student": world.student_x.pk}).status_code == 404
    r = post(world, "parent_x", url)
    assert r.status_code == 204, r.content
    assert list(StudyEnrolment.objects.values_list("student_id", flat=True)) == [world.student_y.pk]
    # the page does the same for the other student
    world.client("student_y").post(reverse("care:study-cancel", args=[program.pk]))
    assert not StudyEnrolment.objects.exists()
