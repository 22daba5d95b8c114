"""Daily reminders to the committee (ELD-4): what each notice lists, who gets it, one notice per kind per
school per day, and a second run on the same day sending nothing — by the function, the task, the
command and the daily hook of `python -m xinhuo serve`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from xinhuo.core.models import Notification, ReminderSent
from xinhuo.core.tests.helpers import born_in, days
from xinhuo.elders import reminders
from xinhuo.elders.models import (
    ApprenticeshipContact,
    ApprenticeshipPair,
    CareVisit,
    Elder,
    Inspection,
)

TODAY = timezone.localdate


def elder(school, name, **kw):
    return Elder.objects.create(school=school, name=name, gender="M", category=Elder.Category.TEACHER, **kw)


def report(school, inspector, place, age_days, severity=Inspection.Severity.MEDIUM, status=Inspection.Status.OPEN):
    return Inspection.objects.create(school=school, inspector=inspector, kind=Inspection.Kind.SURROUNDINGS,
                                     place=place, date=days(-age_days), findings="问题", severity=severity,
                                     status=status)


@pytest.fixture
def due(world):
    """One school with something of every kind due today, and things not due yet."""
    s = world.school
    Elder.objects.filter(pk=world.elder.pk).update(last_health_check=days(-20))  # 周老: nothing due
    elder(s, "寿星", birth_date=born_in(3, 80), last_health_check=days(-100))
    elder(s, "今天寿星", birth_date=born_in(0, 75), last_health_check=days(-100))
    elder(s, "下月寿星", birth_date=born_in(10, 70), last_health_check=days(-100))  # beyond 7 days
    elder(s, "离队寿星", birth_date=born_in(2, 90), status=Elder.Status.LEFT)  # left the team: no reminders
    elder(s, "从未体检")
    elder(s, "体检过期", last_health_check=days(-400))
    elder(s, "体检将到", last_health_check=days(-345))  # due in 20 days
    CareVisit.objects.create(school=s, elder=world.elder, planned_on=TODAY(), kind=CareVisit.Kind.HOLIDAY)
    late = elder(s, "待走访", last_health_check=days(-1))
    CareVisit.objects.create(school=s, elder=late, planned_on=days(-3))
    CareVisit.objects.create(school=s, elder=late, planned_on=days(2))  # not yet
    CareVisit.objects.create(school=s, elder=late, planned_on=days(-9), done_on=days(-8))  # done
    report(s, world.elder, "东门网吧", 8)
    report(s, world.elder, "南门井盖", 2, severity=Inspection.Severity.HIGH)
    report(s, world.elder, "北门摊点", 3)  # not a week yet
    report(s, world.elder, "今天的急事", 0, severity=Inspection.Severity.HIGH)  # urgent, but not a day yet
    report(s, world.elder, "西门", 12, status=Inspection.Status.FOLLOWING)
    report(s, world.elder, "早已办结", 30, status=Inspection.Status.CLOSED)
    mentee = elder(s, "新老同志", last_health_check=days(-1))
    ApprenticeshipPair.objects.create(school=s, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=world.elder,
                                      mentee_elder=mentee,
                              started_on=days(-40), contact_every_days=30)
    fine = elder(s, "新老二", last_health_check=days(-1))
    pair = ApprenticeshipPair.objects.create(school=s, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=world.elder,
                                     mentee_elder=fine, started_on=days(-40), contact_every_days=30)
    ApprenticeshipContact.objects.create(apprenticeship=pair, date=days(-5), way=ApprenticeshipContact.Way.PHONE)
    # the other school has its own: never mixed into this school's notices
    elder(world.other, "外校寿星", birth_date=born_in(1, 88), last_health_check=days(-1))
    return world


def notices(**kw) -> dict[str, Notification]:
    return {n.title: n for n in Notification.objects.filter(**kw)}


def test_each_kind_is_one_notice_listing_its_items(due):
    sent = reminders.send(due.school, TODAY())
    assert sorted(r.key for r in sent) == sorted([
        f"birthdays:{TODAY()}", f"health:{TODAY()}", f"visits:{TODAY()}", f"inspections:{TODAY()}",
        f"apprenticeships:{TODAY()}", f"mentor:{due.elder.pk}:{TODAY()}"])
    director = notices(recipient=due.users["director"])
    assert set(director) == {"未来7天内有 2 位老同志过生日", "3 位老同志到了年度体检时间", "有 2 次走访慰问待完成",
                             "3 份监督报告尚未办结", "1 个结对超期未联系"}
    body = director["未来7天内有 2 位老同志过生日"].body
    assert body.splitlines() == [f"今天寿星 · {TODAY()} · 75 岁生日 · 就在今天",
                                 f"寿星 · {days(3)} · 80 岁生日 · 还有 3 天"]
    assert director["未来7天内有 2 位老同志过生日"].link == "/elders/care/"
    assert director["3 位老同志到了年度体检时间"].body.splitlines() == [
        "从未体检 · 没有体检记录", f"体检过期 · 自 {days(-35)} 起应体检", f"体检将到 · {days(20)} 应体检"]
    assert director["有 2 次走访慰问待完成"].body.splitlines() == [
        f"待走访 · 走访 · 原计划 {days(-3)}，已逾期", "周老 · 节日慰问 · 计划今天"]
    assert director["3 份监督报告尚未办结"].body.splitlines() == [
        "西门 · 较重 · 跟进中 · 周老 12 天前检查", "东门网吧 · 较重 · 已报告 · 周老 8 天前检查",
        "南门井盖 · 紧急 · 已报告 · 周老 2 天前检查"]
    assert director["1 个结对超期未联系"].body == "周老 → 新老同志 · 已超期 10 天未联系"
    assert "外校寿星" not in "".join(n.body for n in director.values())


def test_the_committee_and_the_mentor_are_the_recipients(due):
    reminders.send(due.school, TODAY())
    by_user = {}
    for n in Notification.objects.select_related("recipient"):
        by_user.setdefault(n.recipient.username, set()).add(n.title)
    assert set(by_user) == {"director", "leader", "elder"}
    assert by_user["director"] == by_user["leader"] and len(by_user["director"]) == 5
    assert by_user["elder"] == {"该联系您的结对对象了"}
    mine = Notification.objects.get(recipient=due.users["elder"])
    assert mine.body == "新老同志 · 上次联系在 40 天前" and mine.link == "/elders/my-pairs/"  # every pair on one page
    assert not Notification.objects.filter(recipient__username__in=["admin", "counsellor", "outsider"]).exists()


def test_a_second_run_on_the_same_day_sends_nothing(due):
    first = reminders.send(due.school, TODAY())
    count = Notification.objects.count()
    assert len(first) == 6 and count == 11 and ReminderSent.objects.count() == 6
    assert reminders.send(due.school, TODAY()) == []
    assert Notification.objects.count() == count and ReminderSent.objects.count() == 6
    # the next day is a new day: the lists are sent again
    assert len(reminders.send(due.school, days(1))) >= 1


def test_nothing_due_sends_nothing(world):
    Elder.objects.filter(pk=world.elder.pk).update(last_health_check=days(-1))
    assert reminders.send(world.school, TODAY()) == []
    assert not Notification.objects.exists() and not ReminderSent.objects.exists()


def test_a_school_without_committee_accounts_sends_nothing_and_keeps_it_for_later(world):
    elder(world.other, "外校寿星", birth_date=born_in(1, 88), last_health_check=days(-1))
    # the other school's only account is its director (outsider): they are told
    assert [r.key for r in reminders.send(world.other, TODAY())] == [f"birthdays:{TODAY()}"]
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"outsider"}
    from xinhuo.core.models import Membership

    Membership.objects.filter(school=world.other).delete()
    ReminderSent.objects.all().delete()
    assert reminders.send(world.other, TODAY()) == []
    assert not ReminderSent.objects.exists(), "nobody was told: not marked as sent"


def test_a_long_list_is_cut_with_the_count_of_the_rest(world):
    Elder.objects.bulk_create([Elder(school=world.school, name=f"体检名单第{n:03d}位老同志", gender="M",
                                     category=Elder.Category.TEACHER) for n in range(200)])
    reminders.send(world.school, TODAY())
    n = Notification.objects.filter(recipient=world.users["director"], title="201 位老同志到了年度体检时间").get()
    assert len(n.body) <= 2000
    last = n.body.splitlines()[-1]
    shown = len(n.body.splitlines()) - 1
    assert last == f"……另有 {201 - shown} 项"


def test_the_task_and_the_command_send_once(due):
    from xinhuo.elders.tasks import elder_reminders_task

    result = elder_reminders_task.enqueue(TODAY().isoformat())
    assert sorted(result.return_value[due.school.code]) == sorted(
        ReminderSent.objects.filter(school=due.school).values_list("key", flat=True))
    assert result.return_value[due.other.code] == [f"birthdays:{TODAY()}"]
    count = Notification.objects.count()
    out = io.StringIO()
    call_command("elder_reminders", "--school", due.school.code, stdout=out)
    assert "已发送 0 条提醒" in out.getvalue()
    assert Notification.objects.count() == count


def test_the_command_dry_run_shows_and_writes_nothing(due):
    out = io.StringIO()
    call_command("elder_reminders", "--dry-run", "--date", TODAY().isoformat(), stdout=out)
    text = out.getvalue()
    assert "待发送 6 条" in text and "未来7天内有 2 位老同志过生日" in text
    assert not Notification.objects.exists() and not ReminderSent.objects.exists()
    out = io.StringIO()
    call_command("elder_reminders", stdout=out)
    assert "已发送 6 条提醒" in out.getvalue()


def test_serve_queues_the_daily_job_for_its_worker(due):
    from xinhuo.core.management.commands.serve import Command
    from xinhuo.core.registry import daily_jobs

    assert "xinhuo.elders.tasks.elder_reminders_task" in daily_jobs()
    Command(stdout=io.StringIO(), stderr=io.StringIO()).enqueue(daily_jobs(), "daily")  # the test backend runs it
    assert ReminderSent.objects.filter(school=due.school).count() == 6
