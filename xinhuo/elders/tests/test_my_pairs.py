"""One page of every pair an elder is in (issue 20): before, the apprenticeship pairs were on 我的服务 and a student
mentee under "My mentees", two lists of "我的结对对象". Now /elders/my-pairs/ lists the students the elder mentors
(care's pairs), the new elder and young teacher they mentor and the senior elder mentoring them, each labelled by kind
with its next contact due; only the elder's own open pairs; 我的服务 shows the same rows; constant queries."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_student
from xinhuo.care.models import MentoringContact, MentoringPair
from xinhuo.care.tests.mentoring_helpers import elder_mentor
from xinhuo.elders.models import ApprenticeshipContact, ApprenticeshipPair, Elder
from xinhuo.elders.tests.matrix_team import young_teacher

TODAY = timezone.localdate


def _elder(world, name: str) -> Elder:
    return Elder.objects.create(school=world.school, name=name, gender="F", category=Elder.Category.TEACHER)


def pairs_of_every_kind(world) -> dict:
    """周老 (the elder persona) mentors 张小明 (a student, 20 days since the last contact on a 14-day plan), a new
    elder 吴新老 (contacted 3 days ago, every 30 days) and the young teacher 林青 (started 5 days ago, every 30 days);
    the senior 老李 mentors him; another elder's pairs and 周老's ended ones are not his to see."""
    today = TODAY()
    mine = elder_mentor(world)
    student = MentoringPair.objects.create(school=world.school, mentor=mine, student=world.student_x,
                                           needs=["academic"], started_on=today - dt.timedelta(days=60),
                                           contact_every_days=14)
    MentoringContact.objects.create(pair=student, contacted_on=today - dt.timedelta(days=20), way="phone")
    MentoringPair.objects.create(school=world.school, mentor=mine, student=world.student_y,
                                 started_on=today - dt.timedelta(days=300), ended_on=today - dt.timedelta(days=10),
                                 summary="已总结")
    newcomer = _elder(world, "吴新老")
    new_elder = ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER,
                                                  mentor=world.elder, mentee_elder=newcomer,
                                                  started_on=today - dt.timedelta(days=90), contact_every_days=30)
    ApprenticeshipContact.objects.create(apprenticeship=new_elder, date=today - dt.timedelta(days=3), way="phone")
    teacher = ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.YOUNG_TEACHER,
                                                mentor=world.elder, mentee_teacher=young_teacher(world),
                                                started_on=today - dt.timedelta(days=5), contact_every_days=30)
    senior = _elder(world, "老李")
    mentored = ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER,
                                                 mentor=senior, mentee_elder=world.elder,
                                                 started_on=today - dt.timedelta(days=10), contact_every_days=14)
    # not his: another elder's pair, and his own ended one
    other = _elder(world, "别人")
    ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=other,
                                      mentee_elder=_elder(world, "别人的新老"), started_on=today)
    ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=world.elder,
                                      mentee_elder=_elder(world, "已结束"), started_on=today - dt.timedelta(days=200),
                                      ended_on=today - dt.timedelta(days=30))
    return {"student": student, "new_elder": new_elder, "teacher": teacher, "mentored": mentored}


def rows(body: str) -> list[tuple[str, str, str, str]]:
    """(kind, pair id, as mentor, due) of each card, in the page's order."""
    return re.findall(r'class="card my-pair[^"]*" data-kind="(\w+)" data-pair="(\d+)" data-mentor="(\d)" '
                      r'data-due="([\d-]+)"', body)


def test_one_page_lists_every_pair_of_the_elder_each_by_kind_soonest_due_first(world):
    made = pairs_of_every_kind(world)
    r = world.client("elder").get(reverse("elders:my-pairs"))
    assert r.status_code == 200
    body = r.content.decode()
    today = TODAY()
    assert rows(body) == [
        ("student", str(made["student"].pk), "1", (today - dt.timedelta(days=6)).isoformat()),  # 6 days overdue
        ("new_elder", str(made["mentored"].pk), "0", (today + dt.timedelta(days=4)).isoformat()),
        ("young_teacher", str(made["teacher"].pk), "1", (today + dt.timedelta(days=25)).isoformat()),
        ("new_elder", str(made["new_elder"].pk), "1", (today + dt.timedelta(days=27)).isoformat()),
    ]
    assert 'data-pairs="4" data-overdue="1"' in body
    for name in ("张小明", "吴新老", "林青", "老李"):
        assert name in body, name
    for name in ("李小红", "别人的新老", "已结束"):
        assert name not in body, name
    # each records its contact where it is kept: the student's with care, the elders' here; the senior's pair is
    # his mentor's to record, he reads its history
    assert reverse("care:pair-contact", args=[made["student"].pk]) in body
    assert reverse("elders:contact-new", args=[made["teacher"].pk]) in body
    assert reverse("elders:contact-new", args=[made["mentored"].pk]) not in body
    assert reverse("elders:pair-detail", args=[made["mentored"].pk]) in body
    # the student's guardian's phone is masked, shown on a logged request
    assert "13812345678" not in body and reverse("care:mentee-guardian-reveal", args=[made["student"].pk]) in body


def test_my_service_shows_the_same_pairs_both_kinds(world):
    """Before: 我的服务 listed the apprenticeship pairs only; the student mentee was elsewhere."""
    made = pairs_of_every_kind(world)
    body = world.client("elder").get(reverse("elders:home")).content.decode()
    kinds = re.findall(r'class="btn [^"]*my-pair" href="[^"]+" data-kind="(\w+)" data-pair="(\d+)"', body)
    assert sorted(kinds) == sorted([("student", str(made["student"].pk)), ("new_elder", str(made["mentored"].pk)),
                                    ("young_teacher", str(made["teacher"].pk)),
                                    ("new_elder", str(made["new_elder"].pk))])
    assert reverse("elders:my-pairs") in body


def test_the_navigation_and_the_reminder_lead_to_the_page(world):
    body = world.client("elder").get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("elders:my-pairs")}"' in body
    for persona in ("director", "head_teacher_a", "parent_x"):
        assert reverse("elders:my-pairs") not in world.client(persona).get(reverse("dashboard")).content.decode()


def test_an_elder_with_no_pair_is_told_so_and_one_without_a_record_too(world):
    body = world.client("elder").get(reverse("elders:my-pairs")).content.decode()
    assert 'id="no-pairs"' in body and 'data-pairs="0"' in body
    world.elder.user = None
    world.elder.save()
    body = world.client("elder").get(reverse("elders:my-pairs")).content.decode()
    assert 'id="no-elder-record"' in body


def test_the_page_reads_a_constant_number_of_queries(world):
    def load() -> int:
        c = world.client("elder")
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("elders:my-pairs")).status_code == 200
        return len(ctx.captured_queries)

    pairs_of_every_kind(world)
    few = load()
    mentor = world.elder  # more of each kind
    care_mentor = MentoringPair.objects.filter(mentor__elder=mentor).first().mentor  # type: ignore[union-attr]
    for i in range(5):
        student = make_student(world.school, world.class_a, f"20269{i}", f"学生{i}", "M", seq=30 + i)
        MentoringPair.objects.create(school=world.school, mentor=care_mentor, student=student, started_on=TODAY())
        ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=mentor,
                                          mentee_elder=_elder(world, f"新老{i}"), started_on=TODAY())
    assert load() == few
