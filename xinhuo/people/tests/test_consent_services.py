"""Consent services: who may publish, record, give and withdraw; every refusal writes nothing;
writes are audited with their actor and fire consent_changed."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from auditlog.models import LogEntry
from django.http import Http404
from django.utils import timezone, translation

from conftest import make_student
from xinhuo.core.tests.helpers import refused_unchanged
from xinhuo.people import services
from xinhuo.people.consent import has_consent, years_before
from xinhuo.people.models import Consent, ConsentNotice, Student
from xinhuo.people.signals import consent_changed, consent_notice_published
from xinhuo.people.tests.consent_helpers import guardian_consent, publish

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def snapshot():
    return (
        list(Consent.objects.order_by("pk").values_list("pk", "withdrawn_at", "notice_id")),
        list(ConsentNotice.objects.order_by("pk").values_list("pk", "version")),
        LogEntry.objects.count(),
    )


refused = partial(refused_unchanged, snapshot)  # the block raises and writes nothing


@pytest.fixture
def events():
    seen = []

    def listener(sender, **kw):
        seen.append(kw)

    consent_changed.connect(listener)
    consent_notice_published.connect(listener)
    yield seen
    consent_changed.disconnect(listener)
    consent_notice_published.disconnect(listener)


@pytest.fixture
def notice(world):
    return publish(world, "screening")


def set_age(student, years: int, days: int = 0) -> Student:
    Student.objects.filter(pk=student.pk).update(birth_date=years_before(TODAY(), years) - dt.timedelta(days=days))
    student.refresh_from_db()
    return student


# --- notices --------------------------------------------------------------------------------


def test_publish_makes_versions_and_is_audited(world, events):
    director = world.actor("director")
    v1 = services.consent_notice_publish(actor=director, purpose="screening", title=" 心理筛查告知书 ", body="正文")
    v2 = services.consent_notice_publish(actor=director, purpose="screening", title="心理筛查告知书（修订）",
                                         body="新正文", effective_from=TODAY() + dt.timedelta(days=7))
    other = services.consent_notice_publish(actor=director, purpose="publicity", title="宣传告知书", body="正文")
    assert (v1.version, v2.version, other.version) == (1, 2, 1)
    assert v1.title == "心理筛查告知书" and v1.effective_from == TODAY()
    entry = LogEntry.objects.get_for_object(v1).get()
    assert entry.actor == world.users["director"]
    assert [e["notice"] for e in events] == [v1, v2, other]


def test_publish_refusals_write_nothing(world):
    director = world.actor("director")
    with refused(exc=Http404):
        services.consent_notice_publish(actor=world.actor("head_teacher_a"), purpose="screening", title="t",
                                        body="b")
    with refused("A title is required."):
        services.consent_notice_publish(actor=director, purpose="screening", title="  ", body="b")
    with refused("The text is required"):
        services.consent_notice_publish(actor=director, purpose="screening", title="t", body="")
    with refused("at most 5000"):
        services.consent_notice_publish(actor=director, purpose="screening", title="t", body="字" * 5001)
    with refused("Choose one of the consent purposes."):
        services.consent_notice_publish(actor=director, purpose="lunch", title="t", body="b")
    with refused("more than a year ahead"):
        services.consent_notice_publish(actor=director, purpose="screening", title="t", body="b",
                                        effective_from=TODAY() + dt.timedelta(days=400))
    # the first version may carry the date the paper text was handed out; later ones may not be back-dated
    first = services.consent_notice_publish(actor=director, purpose="screening", title="t", body="b",
                                            effective_from=TODAY() - dt.timedelta(days=60))
    assert first.version == 1
    with refused("cannot take effect in the past"):
        services.consent_notice_publish(actor=director, purpose="screening", title="t", body="b",
                                        effective_from=TODAY() - dt.timedelta(days=1))
    services.consent_notice_publish(actor=director, purpose="screening", title="t", body="b",
                                    effective_from=TODAY() + dt.timedelta(days=30))
    with refused("cannot take effect before it"):
        services.consent_notice_publish(actor=director, purpose="screening", title="t", body="b",
                                        effective_from=TODAY() + dt.timedelta(days=10))


# --- giving online --------------------------------------------------------------------------


def test_a_parent_gives_online_for_their_child(world, notice, events):
    consent = services.consent_give(actor=world.actor("parent_x"), student=world.student_x, purpose="screening",
                                    notice=notice)
    assert (consent.party, consent.guardian, consent.method, consent.notice) == (
        "guardian", world.guardian_x, "online", notice)
    assert consent.recorded_by == world.users["parent_x"]
    assert has_consent(world.student_x, "screening")
    assert LogEntry.objects.get_for_object(consent).get().actor == world.users["parent_x"]
    [event] = events
    assert event["action"] == "given" and event["consent"] == consent and event["replaced"] is None


def test_give_refusals_write_nothing(world, notice):
    parent = world.actor("parent_x")
    with refused("You are not a guardian of this student"):
        services.consent_give(actor=parent, student=world.student_y, purpose="screening", notice=notice)
    with refused("This student belongs to another school."):
        services.consent_give(actor=parent, student=world.other_student, purpose="screening", notice=notice)
    with refused("Under 14, a student does not give consent of their own"):
        services.consent_give(actor=world.actor("student_x"), student=set_age(world.student_x, 14, days=-1),
                              purpose="screening", notice=notice)
    with refused("A student can give consent only for themself."):
        services.consent_give(actor=world.actor("student_y"), student=world.student_x, purpose="screening",
                              notice=notice, party="student")
    with refused("No notice has been published"):
        services.consent_give(actor=parent, student=world.student_x, purpose="publicity", notice=None)
    with refused(exc=Http404):  # no capability: a head teacher records, does not give
        services.consent_give(actor=world.actor("head_teacher_a"), student=world.student_x, purpose="screening",
                              notice=notice)
    services.consent_give(actor=parent, student=world.student_x, purpose="screening", notice=notice)
    with refused("has already consented to this"):
        services.consent_give(actor=parent, student=world.student_x, purpose="screening", notice=notice)


def test_a_student_of_14_gives_their_own(world, notice):
    x = set_age(world.student_x, 14)
    consent = services.consent_give(actor=world.actor("student_x"), student=x, purpose="screening", notice=notice)
    assert consent.party == "student" and consent.guardian is None
    assert not has_consent(x, "screening"), "a guardian's consent is still needed at 14"
    services.consent_give(actor=world.actor("parent_x"), student=x, purpose="screening", notice=notice)
    assert has_consent(x, "screening")


def test_giving_to_a_notice_that_changed_meanwhile_is_refused(world, notice):
    v2 = publish(world, "screening", days_ago=0)
    with refused("please read version 2"):
        services.consent_give(actor=world.actor("parent_x"), student=world.student_x, purpose="screening",
                              notice=notice)
    services.consent_give(actor=world.actor("parent_x"), student=world.student_x, purpose="screening", notice=v2)
    assert has_consent(world.student_x, "screening")


def test_consenting_to_a_new_version_replaces_the_old_consent(world, notice, events):
    old = guardian_consent(world, notice=notice, days_ago=20)
    v2 = publish(world, "screening", days_ago=0)
    assert not has_consent(world.student_x, "screening")
    new = services.consent_give(actor=world.actor("parent_x"), student=world.student_x, purpose="screening",
                                notice=v2)
    old.refresh_from_db()
    assert old.withdrawn_at is not None and old.withdrawn_by == world.users["parent_x"]
    assert new.active and has_consent(world.student_x, "screening")
    assert events[-1]["replaced"] == old
    assert Consent.objects.filter(student=world.student_x, withdrawn_at__isnull=True).count() == 1


# --- recording paper consents ---------------------------------------------------------------


def test_a_head_teacher_records_a_paper_consent_for_their_class(world, notice, events):
    day = TODAY() - dt.timedelta(days=3)
    consent = services.consent_record(actor=world.actor("head_teacher_a"), student=world.student_x,
                                      purpose="screening", method="paper", date=day, guardian=world.guardian_x2,
                                      note=" 纸质回执存班级档案 ")
    assert timezone.localtime(consent.given_at).date() == day
    assert (consent.method, consent.guardian, consent.note, consent.notice) == (
        "paper", world.guardian_x2, "纸质回执存班级档案", notice)
    assert consent.recorded_by == world.users["head_teacher_a"]
    assert has_consent(world.student_x, "screening")
    assert events[-1]["action"] == "recorded"
    assert LogEntry.objects.get_for_object(consent).get().actor == world.users["head_teacher_a"]


def test_admin_and_director_record_for_any_class(world, notice):
    services.consent_record(actor=world.actor("admin"), student=world.student_z, purpose="screening",
                            method="in_person", date=TODAY(), guardian=world.guardian_z)
    services.consent_record(actor=world.actor("director"), student=set_age(world.student_y, 15),
                            purpose="screening", method="paper", date=TODAY(), party="student")
    assert has_consent(world.student_z, "screening")
    assert Consent.objects.filter(student=world.student_y, party="student").exists()


def test_record_refusals_write_nothing(world, notice):
    teacher = world.actor("head_teacher_a")
    ok = {"purpose": "screening", "method": "paper", "date": TODAY()}
    with refused("only for the students of your own classes"):
        services.consent_record(actor=teacher, student=world.student_z, guardian=world.guardian_z, **ok)
    with refused("is not a guardian of"):
        services.consent_record(actor=teacher, student=world.student_x, guardian=world.guardian_z, **ok)
    with refused("Choose the guardian who gave the consent."):
        services.consent_record(actor=teacher, student=world.student_x, guardian=None, **ok)
    with refused("was under 14"):
        services.consent_record(actor=teacher, student=set_age(world.student_x, 13), party="student", **ok)
    with refused("The date cannot be in the future."):
        services.consent_record(actor=teacher, student=world.student_x, guardian=world.guardian_x,
                                **{**ok, "date": TODAY() + dt.timedelta(days=1)})
    with refused("online consent is given by the guardian or the student"):
        services.consent_record(actor=teacher, student=world.student_x, guardian=world.guardian_x,
                                **{**ok, "method": "online"})
    with refused("This student belongs to another school."):
        services.consent_record(actor=world.actor("director"), student=world.other_student,
                                guardian=world.other_guardian, **ok)
    with refused("was in effect on"):  # the paper is older than the first notice: what did they sign?
        services.consent_record(actor=teacher, student=world.student_x, guardian=world.guardian_x,
                                **{**ok, "date": notice.effective_from - dt.timedelta(days=1)})
    with refused("No notice has been published for"):
        services.consent_record(actor=teacher, student=world.student_x, guardian=world.guardian_x,
                                **{**ok, "purpose": "partner_sharing"})
    with refused("at most 200 characters"):
        services.consent_record(actor=teacher, student=world.student_x, guardian=world.guardian_x,
                                **{**ok, "note": "注" * 201})
    with refused(exc=Http404):
        services.consent_record(actor=world.actor("counsellor"), student=world.student_x,
                                guardian=world.guardian_x, **ok)
    services.consent_record(actor=teacher, student=world.student_x, guardian=world.guardian_x, **ok)
    with refused("has already consented to this"):
        services.consent_record(actor=teacher, student=world.student_x, guardian=world.guardian_x, **ok)


def test_a_paper_consent_is_to_the_notice_in_effect_on_its_date(world, notice):
    publish(world, "screening", days_ago=5)  # version 2 from five days ago
    old_paper = services.consent_record(
        actor=world.actor("head_teacher_a"), student=world.student_x, purpose="screening", method="paper",
        date=TODAY() - dt.timedelta(days=10), guardian=world.guardian_x)
    assert old_paper.notice == notice
    assert not has_consent(world.student_x, "screening"), "signed to version 1, which is no longer in effect"


def test_a_student_of_15_can_be_recorded_on_paper(world, notice):
    z = make_student(world.school, world.class_a, "2026777", "赵十五", born=years_before(TODAY(), 15), seq=77)
    consent = services.consent_record(actor=world.actor("head_teacher_a"), student=z, purpose="screening",
                                      method="in_person", date=TODAY(), party="student", guardian=world.guardian_x)
    assert consent.party == "student" and consent.guardian is None


# --- withdrawing ----------------------------------------------------------------------------


def test_the_giver_withdraws_and_it_stops_counting_at_once(world, notice, events):
    consent = services.consent_give(actor=world.actor("parent_x"), student=world.student_x, purpose="screening",
                                    notice=notice)
    assert has_consent(world.student_x, "screening")
    services.consent_withdraw(actor=world.actor("parent_x"), consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == world.users["parent_x"]
    assert not has_consent(world.student_x, "screening")
    assert events[-1]["action"] == "withdrawn"
    assert LogEntry.objects.get_for_object(consent).count() == 2  # created, then withdrawn


def test_a_recorder_writes_down_a_withdrawal(world, notice):
    consent = guardian_consent(world, notice=notice)
    services.consent_withdraw(actor=world.actor("head_teacher_a"), consent=consent)
    assert not has_consent(world.student_x, "screening")


def test_withdraw_refusals_write_nothing(world, notice):
    consent = guardian_consent(world, guardian=world.guardian_x2, notice=notice)
    with refused("Only the person who gave this consent"):  # the other parent
        services.consent_withdraw(actor=world.actor("parent_x"), consent=consent)
    with refused("Only the person who gave this consent"):  # another class's head teacher
        services.consent_withdraw(actor=world.actor("head_teacher_b"), consent=consent)
    with refused("Only the person who gave this consent"):  # sees it, may not change it
        services.consent_withdraw(actor=world.actor("counsellor"), consent=consent)
    with refused("This consent belongs to another school."):
        services.consent_withdraw(actor=world.actor("outsider"), consent=consent)
    services.consent_withdraw(actor=world.actor("director"), consent=consent)
    with refused("already been withdrawn"):
        services.consent_withdraw(actor=world.actor("director"), consent=consent)


def test_a_student_withdraws_their_own_consent_only(world, notice):
    x = set_age(world.student_x, 16)
    own = services.consent_give(actor=world.actor("student_x"), student=x, purpose="screening", notice=notice)
    parents = guardian_consent(world, x, notice=notice)
    with refused("Only the person who gave this consent"):
        services.consent_withdraw(actor=world.actor("student_x"), consent=parents)
    services.consent_withdraw(actor=world.actor("student_x"), consent=own)
    assert not has_consent(x, "screening")
