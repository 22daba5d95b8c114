"""Psychological health over the API: a student answers and submits (never seeing a score), the counsellor reads
and acknowledges the alert, and everyone else finds nothing, as on the pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.models import AccessLog
from xinhuo.people.tests.consent_helpers import guardian_consent
from xinhuo.wellbeing.models import Alert, AlertStatus, Campaign, Response, Scale
from xinhuo.wellbeing.screening import services

API = "/api/v1/wellbeing"


def a_campaign(world, codes=("gad7",), **kw) -> Campaign:
    counsellor = world.actor("counsellor")
    now = timezone.now()
    kw.setdefault("grades", [world.grade])
    campaign = services.campaign_create(
        actor=counsellor, title="秋季心理健康筛查", scales=[Scale.objects.get(school=None, code=c) for c in codes],
        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7), **kw)
    return services.campaign_publish(actor=counsellor, campaign=campaign)


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def answer_everything(client, campaign, values=None):
    questions = client.get(f"{API}/screenings/{campaign.pk}/questions/").json()
    r = None
    for q in questions:
        value = (values or {}).get((q["scale"], q["item"]), q["options"][0]["value"])
        r = post(client, f"{API}/screenings/{campaign.pk}/answer/",
                 {"scale": q["scale"], "item": q["item"], "value": value})
        assert r.status_code == 200, r.content
    return questions, r


def test_a_student_answers_and_submits_without_seeing_a_score(world):
    guardian_consent(world)
    campaign = a_campaign(world)
    c = world.client("student_x")
    [row] = c.get(f"{API}/screenings/").json()
    assert (row["id"], row["state"], row["questions"], row["answered"]) == (campaign.pk, "open", 7, 0)
    questions, last = answer_everything(c, campaign, {(q, 1): 3 for q in [Scale.objects.get(code="gad7").pk]})
    assert last.json() == {"answered": 7, "questions": 7}
    again = c.get(f"{API}/screenings/{campaign.pk}/questions/").json()
    assert [q["answer"] for q in again] == [3, 0, 0, 0, 0, 0, 0]  # resumed with the answers given
    r = post(c, f"{API}/screenings/{campaign.pk}/submit/")
    assert r.status_code == 200, r.content
    assert r.json() == {"submitted": True, "help": []}
    assert Response.objects.get(campaign=campaign).submitted_at is not None
    [row] = c.get(f"{API}/screenings/").json()
    assert row["state"] == "submitted"
    r = post(c, f"{API}/screenings/{campaign.pk}/submit/")
    assert r.status_code == 400
    assert _("You have already submitted this screening; it cannot be answered twice.") in r.json()["detail"]


def test_an_alert_answer_gets_the_help_lines_and_the_counsellor_acknowledges(world, settings):
    settings.XINHUO_WELLBEING_HOTLINES = [("全国青少年服务台", "12355")]
    guardian_consent(world)
    campaign = a_campaign(world, codes=("phqa",))
    phqa = Scale.objects.get(code="phqa")
    c = world.client("student_x")
    answer_everything(c, campaign, {(phqa.pk, 9): 1})
    r = post(c, f"{API}/screenings/{campaign.pk}/submit/")
    assert r.json() == {"submitted": True, "help": [{"name": "全国青少年服务台", "number": "12355"}]}
    assert "total" not in r.content.decode() and "risk" not in r.content.decode()
    alert = Alert.objects.get()

    counsellor = world.client("counsellor")
    [row] = counsellor.get(f"{API}/alerts/").json()["results"]
    assert (row["id"], row["items"], row["status"], row["student_name"]) == (alert.pk, ["PHQA 9"], "open", "张小明")
    assert counsellor.get(f"{API}/alerts/{alert.pk}/").status_code == 200
    assert AccessLog.objects.filter(user=world.users["counsellor"], object_type="wellbeing_alert",
                                    action="view", object_id=str(alert.pk)).exists()
    r = post(counsellor, f"{API}/alerts/{alert.pk}/acknowledge/", {"note": "已与学生面谈"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "acknowledged"
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by, alert.note) == (AlertStatus.ACKNOWLEDGED,
                                                                 world.users["counsellor"], "已与学生面谈")
    r = post(counsellor, f"{API}/alerts/{alert.pk}/acknowledge/")
    assert r.status_code == 400
    assert _("This alert has already been acknowledged.") in r.json()["detail"]


def test_refusals_are_400_with_the_services_words(world):
    campaign = a_campaign(world)
    gad7 = Scale.objects.get(code="gad7")
    c = world.client("student_x")
    r = post(c, f"{API}/screenings/{campaign.pk}/answer/", {"scale": gad7.pk, "item": 1, "value": 1})
    assert r.status_code == 400
    assert r.json()["detail"][0].startswith(_("The consent the school needs for a screening is missing: %(missing)s. "
                                              "Ask your head teacher or see 我的同意书.").split("%")[0])
    assert not Response.objects.exists()
    guardian_consent(world)
    for body, message in [({"scale": gad7.pk, "item": 1, "value": 9}, "Choose one of the answers."),
                          ({"scale": gad7.pk, "item": 99, "value": 0}, "This question is not part of the screening."),
                          ({"scale": Scale.objects.get(code="phq9").pk, "item": 1, "value": 0},
                           "This question is not part of the screening.")]:
        r = post(c, f"{API}/screenings/{campaign.pk}/answer/", body)
        assert r.status_code == 400 and _(message) in r.json()["detail"], r.content
    r = post(c, f"{API}/screenings/{campaign.pk}/submit/")
    assert r.status_code == 400
    assert _("Please answer every question before you submit.") in r.json()["detail"]
    assert post(c, f"{API}/screenings/{campaign.pk}/answer/", {"scale": gad7.pk}).status_code == 400


def test_what_is_out_of_scope_is_a_404(world):
    guardian_consent(world)
    other_class = a_campaign(world, grades=[], classes=[world.class_b])
    c = world.client("student_x")
    assert c.get(f"{API}/screenings/{other_class.pk}/questions/").status_code == 404
    assert post(c, f"{API}/screenings/{other_class.pk}/submit/").status_code == 404
    draft = services.campaign_create(actor=world.actor("counsellor"), title="草稿",
                                     scales=[Scale.objects.get(code="gad7")], grades=[world.grade],
                                     opens_at=timezone.now(), closes_at=timezone.now() + dt.timedelta(days=1))
    assert c.get(f"{API}/screenings/{draft.pk}/questions/").status_code == 404
    assert c.get(f"{API}/screenings/").json() == []
    # the answering endpoints are for students; the lists of screenings and alerts for those who run them
    for persona in ("parent_x", "head_teacher_a", "counsellor", "director"):
        assert world.client(persona).get(f"{API}/screenings/").status_code == 404, persona
    for persona in ("parent_x", "student_x", "elder"):
        assert world.client(persona).get(f"{API}/campaigns/").status_code == 404, persona
    for persona in ("parent_x", "student_x", "head_teacher_a", "elder"):
        assert world.client(persona).get(f"{API}/alerts/").status_code == 404, persona
    assert world.client(None).get(f"{API}/alerts/").status_code in (401, 403)


def test_campaigns_are_listed_as_the_pages_list_them(world):
    for_b = a_campaign(world, grades=[], classes=[world.class_b])
    for_grade = a_campaign(world)
    ids = lambda persona: {r["id"] for r in world.client(persona).get(f"{API}/campaigns/").json()["results"]}  # noqa: E731
    assert ids("counsellor") == ids("director") == {for_b.pk, for_grade.pk}
    assert ids("head_teacher_a") == {for_grade.pk}
    assert world.client("head_teacher_a").get(f"{API}/campaigns/{for_b.pk}/").status_code == 404
    row = world.client("counsellor").get(f"{API}/campaigns/{for_grade.pk}/").json()
    assert (row["title"], row["status"], row["scales"], row["grades"]) == ("秋季心理健康筛查", "published",
                                                                            ["广泛性焦虑量表（GAD-7）"], ["初一"])
    assert world.client("outsider").get(f"{API}/campaigns/{for_grade.pk}/").status_code == 404


def test_alerts_for_the_director_only_once_escalated(world):
    guardian_consent(world)
    campaign = a_campaign(world, codes=("phqa",))
    phqa = Scale.objects.get(code="phqa")
    c = world.client("student_x")
    answer_everything(c, campaign, {(phqa.pk, 13): 1})
    post(c, f"{API}/screenings/{campaign.pk}/submit/")
    alert = Alert.objects.get()
    director = world.client("director")
    assert director.get(f"{API}/alerts/").json()["results"] == []
    assert director.get(f"{API}/alerts/{alert.pk}/").status_code == 404
    assert post(director, f"{API}/alerts/{alert.pk}/acknowledge/").status_code == 404
    Alert.objects.filter(pk=alert.pk).update(escalated_at=timezone.now())
    assert [r["id"] for r in director.get(f"{API}/alerts/").json()["results"]] == [alert.pk]
    assert post(director, f"{API}/alerts/{alert.pk}/acknowledge/").status_code == 200


def test_answering_one_item_reads_the_scales_once_in_constant_queries(world):
    """One answer through the API costs the same few queries however many scales and items the screening has
    (the campaign's scales, with their items, options and bands, are read once per request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    guardian_consent(world)
    small, large = a_campaign(world), a_campaign(world, codes=("gad7", "phqa"))
    c = world.client("student_x")
    gad7 = Scale.objects.get(code="gad7")
    counts = []
    for campaign in (small, large):
        post(c, f"{API}/screenings/{campaign.pk}/answer/", {"scale": gad7.pk, "item": 1, "value": 1})  # starts
        with CaptureQueriesContext(connection) as ctx:
            r = post(c, f"{API}/screenings/{campaign.pk}/answer/", {"scale": gad7.pk, "item": 2, "value": 2})
        assert r.status_code == 200, r.content
        counts.append(len(ctx.captured_queries))
    # 8 are the session and the actor's (SESSION_SAVE_EVERY_REQUEST included); 2 the savepoint of answer_save
    # inside the test's transaction; the scales are 4 (the links with the scales, items, options, bands)
    assert counts[0] == counts[1] <= 20, counts
