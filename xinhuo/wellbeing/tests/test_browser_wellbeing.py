"""The issue's end-to-end journey (Playwright): a student answers PHQ-A on a phone with item 9 positive; the
counsellor's home page shows the alert at the next request; the counsellor acknowledges it and opens a follow-up
case with a request to the family and a task for the head teacher; the head teacher marks the task done on a desktop
and sees no answers, scores or notes; the parent reads the school's request on a phone and replies; the counsellor
reads the reply. Also: a student books a counselling slot on a phone and cancels it, and opens the self-help
corner's first-aid guide with the help lines as tel: links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from xinhuo.core.tests.test_browser import (  # noqa: F401
    DESKTOP,
    assert_fits_phone,
    browser,
    log_in,
    nav_to,
    new_page,
)
from xinhuo.wellbeing.appointments import services as appointment_services
from xinhuo.wellbeing.models import (
    Alert,
    AlertStatus,
    Appointment,
    AppointmentStatus,
    Case,
    CaseMessage,
    CaseTask,
    Party,
    SelfHelpItem,
)
from xinhuo.wellbeing.scales import PHQA

from .matrix_screening import a_campaign
from .test_screening_views import consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOTLINES = [("全国青少年服务台", "12355"), ("心理援助热线", "12356")]
FAMILY_REQUEST = "请家长这周多陪伴孩子，留意睡眠和情绪，周五前回复方便面谈的时间"
NOTES = "初步谈话：学业压力大，和同学关系紧张"
TASK = "本周每天课间留意该生情绪，并与心理老师沟通"
REPLY = "收到，周四下午我们可以来学校面谈"
ITEM_9 = next(item for item in PHQA.items if item.number == 9)


def answer_phqa_with_item_9(page, campaign) -> None:
    """The student answers every question, the first option everywhere but item 9 (好几天), and submits."""
    page.goto("/wellbeing/mine/")
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click(f"[data-campaign='{campaign.pk}'] a.btn")
    for item in PHQA.items:
        assert page.locator("#answer-form").get_attribute("data-question") == str(item.number)
        if item.number == 9:
            assert page.locator("#question-text").inner_text() == ITEM_9.text
            assert_fits_phone(page)
        page.click(f"label[for=opt-{2 if item.number == 9 else 1}]")
        with page.expect_navigation():
            page.click("#next")
    assert page.locator("#confirm").is_visible()
    with page.expect_navigation():
        page.click("#submit")
    assert page.locator("#thanks").is_visible()
    assert page.locator("a[href='tel:12355']").is_visible()
    assert_fits_phone(page)


def test_from_a_positive_item_9_to_the_familys_reply(new_page, world, settings):  # noqa: F811
    settings.XINHUO_WELLBEING_HOTLINES = HOTLINES
    consent(world)
    campaign = a_campaign(world)
    x = world.student_x

    # the counsellor is logged in on a phone, with no alert yet
    counsellor = new_page()
    log_in(counsellor, world.users["counsellor"].username)
    counsellor.goto("/")
    assert counsellor.locator("#alerts-panel").count() == 0

    # the student answers on a phone: item 9 positive
    student = new_page()
    log_in(student, world.users["student_x"].username)
    answer_phqa_with_item_9(student, campaign)
    alert = Alert.objects.get(student=x)
    assert alert.status == AlertStatus.OPEN

    # the counsellor's next request: the alert tops the home page
    counsellor.reload()
    panel = counsellor.locator("#alerts-panel")
    assert panel.is_visible()
    assert panel.locator(f"[data-alert='{alert.pk}']").inner_text().startswith(x.name)
    assert counsellor.locator("main").inner_text().index(panel.inner_text().split("\n")[0]) < 80, \
        "the alert panel comes first on the home page"
    assert_fits_phone(counsellor)

    # the alert's page names the item, never the answer or a score; acknowledging stops the escalation
    with counsellor.expect_navigation():
        panel.locator(f"a[href='/wellbeing/alerts/{alert.pk}/']").click()
    assert "PHQA 9" in counsellor.locator("#alert-items").inner_text()
    assert counsellor.locator("#alert-head-teachers").inner_text() == world.users["head_teacher_a"].display_name
    assert_fits_phone(counsellor)
    counsellor.fill("#acknowledge-form textarea[name=note], #acknowledge-form input[name=note]",
                    "已联系班主任，今天面谈")
    with counsellor.expect_navigation():
        counsellor.click("#acknowledge-form button[type=submit]")
    assert counsellor.locator("#alert-status [data-status=acknowledged]").is_visible()
    assert counsellor.locator("#acknowledge-form").count() == 0
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.acknowledged_by == world.users["counsellor"]
    counsellor.goto("/")
    assert counsellor.locator("#alerts-panel").count() == 0, "an acknowledged alert leaves the home page"

    # a case from the alert: the family's request, the counsellor's notes, then a task for the head teacher
    counsellor.goto(f"/wellbeing/alerts/{alert.pk}/")
    with counsellor.expect_navigation():
        counsellor.click(f"#alert-open-case[href='/wellbeing/cases/new/?alert={alert.pk}']")
    assert counsellor.locator("#case-from-alert").is_visible()
    assert counsellor.locator("#case-form select[name=student]").input_value() == str(x.pk)
    assert_fits_phone(counsellor)
    counsellor.select_option("#case-form select[name=risk]", "3")
    counsellor.fill("#case-form textarea[name=family_request]", FAMILY_REQUEST)
    counsellor.fill("#case-form textarea[name=notes]", NOTES)
    with counsellor.expect_navigation():
        counsellor.click("#case-form button[type=submit]")
    case = Case.objects.get(student=x)
    assert case.alert_id == alert.pk and case.notes == NOTES
    counsellor.wait_for_url(f"**/wellbeing/cases/{case.pk}/")
    assert FAMILY_REQUEST in counsellor.locator("#case-family-request").inner_text()
    assert_fits_phone(counsellor)
    task_form = counsellor.locator("#task-form")
    task_form.locator("select[name=party]").select_option(Party.HEAD_TEACHER.value)
    task_form.locator("input[name=text]").fill(TASK)
    task_form.locator("input[name=due_on]").fill((timezone.localdate() + dt.timedelta(days=3)).isoformat())
    with counsellor.expect_navigation():
        task_form.locator("button[type=submit]").click()
    task = CaseTask.objects.get(case=case)
    assert task.party == Party.HEAD_TEACHER and task.text == TASK
    assert TASK in counsellor.locator(f"#case-tasks [data-task='{task.pk}']").inner_text()

    # the head teacher, on a desktop: the case's task, marked done; no answers, scores or notes anywhere
    teacher = new_page(**DESKTOP)
    log_in(teacher, world.users["head_teacher_a"].username)
    teacher.goto("/wellbeing/cases/")
    with teacher.expect_navigation():
        teacher.click(f"#cases a[href='/wellbeing/cases/{case.pk}/']")
    assert teacher.locator("#case-attention").is_visible()
    row = teacher.locator(f"#case-tasks [data-task='{task.pk}']")
    assert TASK in row.inner_text()
    text = teacher.locator("body").inner_text()
    result = alert.response.results.get()
    # the item, its answer, the score (total and band), the level, the notes and the family's request
    for secret in (ITEM_9.text, "好几天", NOTES, FAMILY_REQUEST, "PHQA", result.band, f"{result.total}分", "总分",
                   "得分", "危机", "预警"):
        assert secret not in text, f"the head teacher's page shows {secret!r}"
    assert teacher.locator("#case-edit, #case-referrals, #case-messages, #task-form").count() == 0
    row.locator("input[name=note]").fill("已与该生谈话，情绪平稳")
    with teacher.expect_navigation():
        row.locator("button[type=submit]").click()
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == world.users["head_teacher_a"]
    assert teacher.locator(f"#case-tasks [data-task='{task.pk}'] form").count() == 0

    # the parent, on a phone: what the school asks of the family, and a reply
    parent = new_page()
    log_in(parent, world.users["parent_x"].username)
    nav_to(parent, "/wellbeing/cases/")
    assert_fits_phone(parent)
    with parent.expect_navigation():
        parent.click(f"#cases a[href='/wellbeing/cases/{case.pk}/']")
    assert FAMILY_REQUEST in parent.locator("#case-family-request").inner_text()
    text = parent.locator("body").inner_text()
    for secret in (ITEM_9.text, "好几天", NOTES, TASK, "PHQA", result.band, f"{result.total}分", "总分", "危机"):
        assert secret not in text, f"the family's page shows {secret!r}"
    assert_fits_phone(parent)
    parent.fill("#message-form textarea[name=text]", REPLY)
    with parent.expect_navigation():
        parent.click("#message-form button[type=submit]")
    message = CaseMessage.objects.get(case=case)
    assert message.party == Party.FAMILY and message.author == world.users["parent_x"]
    assert REPLY in parent.locator(f"#case-messages [data-message='{message.pk}']").inner_text()
    assert_fits_phone(parent)

    # the counsellor reads the reply, and the head teacher's task done
    counsellor.goto(f"/wellbeing/cases/{case.pk}/")
    assert REPLY in counsellor.locator(f"#case-messages [data-message='{message.pk}']").inner_text()
    assert "✓" in counsellor.locator(f"#case-tasks [data-task='{task.pk}']").inner_text()
    assert_fits_phone(counsellor)


def test_a_student_books_a_counselling_slot_cancels_it_and_finds_first_aid(new_page, world, settings):  # noqa: F811
    settings.XINHUO_WELLBEING_HOTLINES = HOTLINES
    day = timezone.localdate() + dt.timedelta(days=2)
    starts = dt.datetime.combine(day, dt.time(15, 0), timezone.get_current_timezone())
    (slot,) = appointment_services.slots_publish(actor=world.actor("counsellor"), starts_at=starts,
                                                 ends_at=starts + dt.timedelta(minutes=40))
    guide = SelfHelpItem.objects.create(school=world.school, title="情绪急救三步法", topic="情绪",
                                        kind=SelfHelpItem.Kind.FIRST_AID, body="第一步：停下来，深呼吸。",
                                        published=True)

    page = new_page()
    log_in(page, world.users["student_x"].username)
    page.goto("/wellbeing/appointments/")
    assert_fits_phone(page)
    card = page.locator(f"#free-slots [data-slot='{slot.pk}']")
    card.locator("textarea[name=reason]").fill("最近睡不好")
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    appointment = Appointment.objects.get(slot=slot)
    assert appointment.student == world.student_x and appointment.status == AppointmentStatus.BOOKED
    booked = page.locator(f"#my-appointments [data-appointment='{appointment.pk}']")
    assert day.isoformat() in booked.inner_text()
    assert page.locator(f"#free-slots [data-slot='{slot.pk}']").count() == 0, "a booked slot is no longer free"
    assert_fits_phone(page)
    with page.expect_navigation():
        booked.locator("button[type=submit]").click()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert page.locator(f"#my-appointments [data-appointment='{appointment.pk}'] form").count() == 0
    assert page.locator(f"#free-slots [data-slot='{slot.pk}']").is_visible(), "the slot is free again"
    assert_fits_phone(page)

    # the self-help corner, from the navigation: the help lines as tel: links, then the first-aid guide
    nav_to(page, "/wellbeing/selfhelp/")
    for _name, number in HOTLINES:
        assert page.locator(f"#selfhelp-hotlines a[href='tel:{number}']").is_visible()
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click(f"#selfhelp-first-aid a[href='/wellbeing/selfhelp/{guide.pk}/']")
    assert page.locator("#selfhelp-item h1").inner_text() == guide.title
    assert "深呼吸" in page.locator("#selfhelp-body").inner_text()
    for _name, number in HOTLINES:
        assert page.locator(f"#selfhelp-hotlines a[href='tel:{number}']").is_visible()
    assert_fits_phone(page)
