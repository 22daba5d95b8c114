"""Students through the year (issue 19): a transfer-in added with the roster import's checks, edited without
revealing the ID card, moved to another class, transferred out (every app's student-left hook called) and back;
the pages and the API with the same rules; the class history on the detail page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinhuo.core import idcard, registry
from xinhuo.core.masking import mask_id_card
from xinhuo.core.registry import RolloverLine
from xinhuo.people import history
from xinhuo.people.models import ClassChange, Guardian, Student, StudentGuardian
from xinhuo.people.students import services

BORN = dt.date(2013, 3, 9)
NEW_ID = idcard.make("110105", BORN, 7, True)


def new_student(world, **over) -> dict:
    data = {"name": "孙转入", "gender": "M", "student_no": "2026100", "id_card": NEW_ID, "birth_date": "",
            "enrolment_date": timezone.localdate().isoformat(), "address": "北京市朝阳区幸福路8号",
            "school_class": world.class_a.pk, "reason": "从青松中学转入", "guardian_name": "孙大海",
            "guardian_relation": "father", "guardian_phone": "13611112222"}
    data.update(over)
    return data


def api_student(world, **over) -> dict:
    """new_student's values as the API takes them: the guardian as an object, no empty date."""
    data = new_student(world, birth_date=None, **over)
    data["guardian"] = {key: data.pop(f"guardian_{key}") for key in ("name", "relation", "phone")}
    return data


def nothing_written(before: tuple[int, int, int]) -> bool:
    return (Student.objects.count(), ClassChange.objects.count(), Guardian.objects.count()) == before


def counts() -> tuple[int, int, int]:
    return Student.objects.count(), ClassChange.objects.count(), Guardian.objects.count()


ERROR = re.compile(r'<div class="invalid-feedback d-block">(.*?)</div>'
                   r'|<div class="alert alert-danger" role="alert">(.*?)</div></div>', re.S)


def errors_of(response) -> str:
    """The form's error messages only (not the whole page, whose other text could match)."""
    return " ".join(a or b for a, b in ERROR.findall(response.content.decode()))


# --- adding a transfer-in ----------------------------------------------------------------------


def test_director_adds_a_transfer_in_with_a_guardian(world):
    c = world.client("director")
    r = c.post("/people/students/add/", new_student(world))
    assert r.status_code == 302
    s = Student.objects.get(school=world.school, student_no="2026100")
    assert r["Location"] == f"/people/students/{s.pk}/"
    assert (s.name, s.school_class_id, s.status, s.id_card) == ("孙转入", world.class_a.pk, "enrolled", NEW_ID)
    assert s.birth_date == BORN  # empty: taken from the ID card
    [step] = history.of_student(s)
    assert (step.kind, step.to_class_id, step.reason, step.recorded_by) == (
        "joined", world.class_a.pk, "从青松中学转入", world.users["director"])
    [link] = StudentGuardian.objects.filter(student=s).select_related("guardian")
    assert (link.guardian.name, link.guardian.phone, link.relation, link.is_primary) == (
        "孙大海", "13611112222", "father", True)
    entry = LogEntry.objects.get_for_object(s).get()
    assert entry.actor == world.users["director"]  # the change history names who added the student


def test_a_guardian_already_in_the_school_is_linked_not_added_again(world):
    before = Guardian.objects.count()
    r = world.client("director").post("/people/students/add/", new_student(
        world, guardian_name="张大明", guardian_phone="138 1234 5678"))
    assert r.status_code == 302
    s = Student.objects.get(student_no="2026100")
    assert Guardian.objects.count() == before
    assert s.guardian_links.get().guardian_id == world.guardian_x.pk


@pytest.mark.parametrize(("over", "field_text"), [
    ({"id_card": NEW_ID[:17] + ("0" if NEW_ID[17] != "0" else "1")}, "GB 11643"),
    ({"id_card": NEW_ID[:16]}, "18"),
    ({"birth_date": "2013-03-10"}, "2013-03-09"),
    ({"gender": "F"}, "17"),
    ({"id_card": idcard.make("110101", dt.date(2013, 5, 1), 1, True)}, "2026001"),  # student_x's
    ({"student_no": "2026002"}, "李小红"),
    ({"guardian_name": "别人", "guardian_phone": "13812345678"}, "张大明"),
    ({"guardian_phone": "1234"}, "11"),
    ({"id_card": "1101" * 20}, "80"),
    ({"birth_date": "2025-01-01", "id_card": ""}, "5"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_changes(world, over, field_text):
    before = counts()
    r = world.client("director").post("/people/students/add/", new_student(world, **over))
    assert r.status_code == 400
    assert field_text in errors_of(r)
    assert nothing_written(before)


def test_the_duplicate_messages_name_nobody_to_a_head_teacher(world):
    r = world.client("head_teacher_a").post("/people/students/add/", new_student(world, id_card=world.student_z.id_card,
                                                                                 student_no="2026003"))
    assert r.status_code == 400
    body = errors_of(r)
    assert "王小刚" not in body
    assert "另一名学生" in body or "another student" in body


def test_a_class_of_another_school_is_refused(world):
    before = counts()
    r = world.client("director").post("/api/v1/students/", api_student(world, school_class=world.other_class.pk),
                                      content_type="application/json")
    assert r.status_code == 400
    assert "school_class" in r.json()
    assert nothing_written(before)
    page = world.client("director").post("/people/students/add/", new_student(world, school_class=world.other_class.pk))
    assert page.status_code == 400 and nothing_written(before)


def test_a_head_teacher_adds_only_to_their_own_class(world):
    actor = world.actor("head_teacher_a")
    before = counts()
    data = new_student(world, birth_date=None, enrolment_date=None)
    del data["school_class"]
    with pytest.raises(ValidationError) as exc:
        services.student_create(actor=actor, school_class=world.class_b, **data)
    assert "school_class" in exc.value.message_dict
    c = world.client("head_teacher_a")
    r = c.post("/api/v1/students/", api_student(world, school_class=world.class_b.pk),
               content_type="application/json")
    assert r.status_code == 400 and "school_class" in r.json()
    assert nothing_written(before)
    ok = c.post("/api/v1/students/", api_student(world), content_type="application/json")
    assert ok.status_code == 201, ok.content
    assert ok.json()["id_card"] == mask_id_card(NEW_ID)  # answered masked
    link = StudentGuardian.objects.select_related("guardian").get(student_id=ok.json()["id"])
    assert (link.guardian.name, link.relation, link.is_primary) == ("孙大海", "father", True)


def test_oversized_ids_are_refused_not_a_server_error(world):
    c = world.client("director")
    huge = 2 ** 70
    r = c.post("/api/v1/students/", api_student(world, school_class=huge), content_type="application/json")
    assert r.status_code == 400
    assert c.post(f"/api/v1/students/{huge}/move/", {"school_class": world.class_b.pk, "reason": "x"},
                  content_type="application/json").status_code == 404
    assert c.post(f"/api/v1/students/{world.student_x.pk}/move/", {"school_class": huge, "reason": "x"},
                  content_type="application/json").status_code == 400
    assert c.get("/people/students/99999999999999999999/edit/").status_code == 404
    assert Student.objects.get(pk=world.student_x.pk).school_class_id == world.class_a.pk


# --- editing ----------------------------------------------------------------------------------


def edit_data(student, **over) -> dict:
    data = {"name": student.name, "gender": student.gender, "student_no": student.student_no, "id_card": "",
            "birth_date": student.birth_date.isoformat(), "enrolment_date": "", "address": ""}
    data.update(over)
    return data


def test_a_head_teacher_edits_their_student_without_revealing_the_id_card(world):
    c = world.client("head_teacher_a")
    page = c.get(f"/people/students/{world.student_x.pk}/edit/").content.decode()
    assert world.student_x.id_card not in page and world.student_x.address not in page
    assert mask_id_card(world.student_x.id_card) in page  # shown masked as the placeholder
    r = c.post(f"/people/students/{world.student_x.pk}/edit/", edit_data(world.student_x, name="张晓明"))
    assert r.status_code == 302
    s = Student.objects.get(pk=world.student_x.pk)
    assert s.name == "张晓明"
    assert (s.id_card, s.address) == (world.student_x.id_card, world.student_x.address)  # empty: kept
    assert LogEntry.objects.get_for_object(s).filter(action=LogEntry.Action.UPDATE).get().actor == \
        world.users["head_teacher_a"]


def test_an_edit_is_checked_like_an_addition(world):
    c = world.client("director")
    url = f"/people/students/{world.student_x.pk}/edit/"
    masked = mask_id_card(world.student_x.id_card)
    assert c.post(url, edit_data(world.student_x, id_card=masked)).status_code == 302  # the masked value: kept
    wrong_mask = masked[:-1] + ("1" if masked[-1] != "1" else "2")
    for over in ({"id_card": wrong_mask}, {"birth_date": "2013-05-02"}, {"student_no": "2026003"},
                 {"id_card": world.student_z.id_card}, {"name": ""}, {"name": "长" * 51}):
        r = c.post(url, edit_data(world.student_x, **over))
        assert r.status_code == 400, over
    s = Student.objects.get(pk=world.student_x.pk)
    assert (s.student_no, s.id_card, s.birth_date, s.name) == (
        "2026001", world.student_x.id_card, world.student_x.birth_date, "张小明")


def test_a_head_teacher_cannot_edit_another_class(world):
    c = world.client("head_teacher_a")
    z = world.student_z
    assert c.get(f"/people/students/{z.pk}/edit/").status_code == 404
    assert c.post(f"/people/students/{z.pk}/edit/", edit_data(z, name="改名")).status_code == 404
    assert c.patch(f"/api/v1/students/{z.pk}/", {"name": "改名"}, content_type="application/json").status_code == 404
    assert Student.objects.get(pk=z.pk).name == "王小刚"


def test_patch_changes_only_the_fields_sent(world):
    c = world.client("head_teacher_a")
    r = c.patch(f"/api/v1/students/{world.student_x.pk}/", {"address": "北京市西城区新街8号"},
                content_type="application/json")
    assert r.status_code == 200, r.content
    s = Student.objects.get(pk=world.student_x.pk)
    assert (s.address, s.name, s.id_card) == ("北京市西城区新街8号", "张小明", world.student_x.id_card)
    own = world.student_x.id_card
    moved = c.patch(f"/api/v1/students/{world.student_x.pk}/", {"school_class": world.class_b.pk},
                    content_type="application/json")
    assert moved.status_code == 400 and "move/" in moved.json()["school_class"][0]  # not silently ignored
    assert Student.objects.get(pk=world.student_x.pk).school_class_id == world.class_a.pk
    bad = c.patch(f"/api/v1/students/{world.student_x.pk}/", {"id_card": own[:17] + ("1" if own[17] != "1" else "2")},
                  content_type="application/json")
    assert bad.status_code == 400 and "id_card" in bad.json()


# --- class changes, leaving, returning ---------------------------------------------------------


def test_the_director_moves_a_student_and_the_detail_page_shows_the_history(world):
    c = world.client("director")
    r = c.post(f"/people/students/{world.student_x.pk}/move/", {"school_class": world.class_b.pk,
                                                                 "reason": "家长申请调班"})
    assert r.status_code == 302
    s = Student.objects.get(pk=world.student_x.pk)
    assert s.school_class_id == world.class_b.pk
    [step] = history.of_student(s)
    assert (step.kind, step.from_label, step.to_label, step.on, step.recorded_by) == (
        "moved", "初一1班", "初一2班", timezone.localdate(), world.users["director"])
    page = c.get(f"/people/students/{s.pk}/").content.decode()
    assert "家长申请调班" in page and "初一1班 → 初一2班" in page
    assert LogEntry.objects.get_for_object(s).filter(action=LogEntry.Action.UPDATE).get().actor == \
        world.users["director"]


@pytest.mark.parametrize("over", [
    {"reason": ""},
    {"school_class": "same"},
    {"on": "future"},
])
def test_a_move_without_reason_to_the_same_class_or_in_the_future_is_refused(world, over):
    data = {"school_class": world.class_b.pk, "reason": "调班"}
    data.update(over)
    if data["school_class"] == "same":
        data["school_class"] = world.class_a.pk
    if data.get("on") == "future":
        data["on"] = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    r = world.client("director").post(f"/api/v1/students/{world.student_x.pk}/move/", data,
                                      content_type="application/json")
    assert r.status_code == 400
    assert Student.objects.get(pk=world.student_x.pk).school_class_id == world.class_a.pk
    assert not ClassChange.objects.exists()


def test_head_teachers_neither_move_nor_transfer_out_and_are_told_whom_to_ask(world):
    c = world.client("head_teacher_a")
    pk = world.student_x.pk
    for part in ("move", "leave", "return"):
        assert c.get(f"/people/students/{pk}/{part}/").status_code == 404
        assert c.post(f"/api/v1/students/{pk}/{part}/", {"school_class": world.class_b.pk, "reason": "x",
                                                         "on": timezone.localdate().isoformat()},
                      content_type="application/json").status_code == 404
    assert Student.objects.get(pk=pk).status == "enrolled"
    page = c.get(f"/people/students/{pk}/").content.decode()
    assert 'id="ask-committee"' in page and f"/people/students/{pk}/leave/" not in page
    assert f"/people/students/{pk}/edit/" in page


class Hook:
    def __init__(self, fail: bool = False):
        self.calls: list = []
        self.fail = fail

    def __call__(self, school_id, student_ids, on, note, actor_user_id):
        self.calls.append((school_id, list(student_ids), on, note, actor_user_id))
        if self.fail:
            raise ValidationError("这个模块现在不能结束结对。")
        return [RolloverLine("care", "Mentoring pairs ended", 1, ("张小明 · 周老",))]


def test_transfer_out_calls_every_apps_hook_and_shows_what_they_closed(world, monkeypatch):
    hook = Hook()
    monkeypatch.setattr(registry, "student_left_hooks", lambda: [("care", hook)])
    day = timezone.localdate() - dt.timedelta(days=2)
    r = world.client("director").post(f"/people/students/{world.student_x.pk}/leave/",
                                      {"on": day.isoformat(), "reason": "转学到青松中学"})
    assert r.status_code == 200
    assert "张小明 · 周老" in r.content.decode()
    s = Student.objects.get(pk=world.student_x.pk)
    assert (s.status, s.left_on) == ("transferred", day)  # the retention clock starts on the day given
    [step] = history.of_student(s)
    assert (step.kind, step.from_label, step.reason) == ("left", "初一1班", "转学到青松中学")
    [(school_id, ids, on, note, user_id)] = hook.calls
    assert (school_id, ids, on, user_id) == (world.school.pk, [s.pk], day, world.users["director"].pk)
    assert "转学到青松中学" in note


def test_transfer_out_over_the_api_answers_the_closed_lines(world, monkeypatch):
    monkeypatch.setattr(registry, "student_left_hooks", lambda: [("care", Hook())])
    r = world.client("admin").post(f"/api/v1/students/{world.student_x.pk}/leave/",
                                   {"on": timezone.localdate().isoformat(), "reason": "随父母迁居外省"},
                                   content_type="application/json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["student"]["status"] == "transferred"
    assert body["closed"] == [{"app": "care", "title": "Mentoring pairs ended", "count": 1,
                               "details": ["张小明 · 周老"], "action": True}]


def test_a_failing_hook_leaves_the_student_at_school(world, monkeypatch):
    monkeypatch.setattr(registry, "student_left_hooks", lambda: [("care", Hook(fail=True))])
    r = world.client("director").post(f"/people/students/{world.student_x.pk}/leave/",
                                      {"on": timezone.localdate().isoformat(), "reason": "转学"})
    assert r.status_code == 400
    assert "不能结束结对" in errors_of(r)
    s = Student.objects.get(pk=world.student_x.pk)
    assert (s.status, s.left_on) == ("enrolled", None)
    assert not ClassChange.objects.exists()


@pytest.mark.parametrize("on", ["future", "before_enrolment", ""])
def test_a_leaving_date_in_the_future_or_missing_is_refused(world, on):
    Student.objects.filter(pk=world.student_x.pk).update(enrolment_date=dt.date(2025, 9, 1))
    day = {"future": (timezone.localdate() + dt.timedelta(days=1)).isoformat(), "before_enrolment": "2025-08-31",
           "": ""}[on]
    r = world.client("director").post(f"/people/students/{world.student_x.pk}/leave/", {"on": day, "reason": "转学"})
    assert r.status_code == 400
    assert Student.objects.get(pk=world.student_x.pk).status == "enrolled"


def test_the_committee_undoes_a_mistaken_leave(world, monkeypatch):
    monkeypatch.setattr(registry, "student_left_hooks", lambda: [])
    c = world.client("director")
    pk = world.student_x.pk
    assert c.post(f"/people/students/{pk}/return/", {"school_class": world.class_a.pk, "reason": "误操作"}
                  ).status_code == 400  # not left: nothing to undo
    c.post(f"/people/students/{pk}/leave/", {"on": timezone.localdate().isoformat(), "reason": "转学"})
    assert c.post(f"/people/students/{pk}/leave/", {"on": timezone.localdate().isoformat(), "reason": "again"}
                  ).status_code == 400  # left already
    r = c.post(f"/people/students/{pk}/return/", {"school_class": world.class_a.pk, "reason": "误操作，撤销离校"})
    assert r.status_code == 302
    s = Student.objects.get(pk=pk)
    assert (s.status, s.left_on, s.school_class_id) == ("enrolled", None, world.class_a.pk)
    assert [step.kind for step in history.of_student(s)] == ["left", "returned"]


def test_the_detail_page_reads_the_history_in_a_constant_number_of_queries(world):
    c = world.client("director")
    url = f"/people/students/{world.student_x.pk}/"
    c.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    history.record(world.student_x, ClassChange.Kind.JOINED, on=dt.date(2025, 9, 1), to_class=world.class_a,
                   user_id=world.users["director"].pk)
    one = queries()
    for i in range(6):
        history.record(world.student_x, ClassChange.Kind.MOVED, on=dt.date(2025, 10, 1 + i), from_class=world.class_a,
                       to_class=world.class_b, reason=f"第{i}次", user_id=world.users["admin"].pk)
    assert queries() == one


def test_transfer_out_with_every_apps_own_hook(world):
    """The apps' real student-left hooks (care, clubs, activities) take the call and answer lines the page shows."""
    assert registry.student_left_hooks(), "the apps declare what they close when a student leaves"
    r = world.client("director").post(f"/api/v1/students/{world.student_x.pk}/leave/",
                                      {"on": timezone.localdate().isoformat(), "reason": "转学到青松中学"},
                                      content_type="application/json")
    assert r.status_code == 200, r.content
    assert all({"app", "title", "count", "details", "action"} <= line.keys() for line in r.json()["closed"])
    assert Student.objects.get(pk=world.student_x.pk).status == "transferred"


def test_a_move_over_the_api_answers_the_step(world):
    r = world.client("admin").post(f"/api/v1/students/{world.student_x.pk}/move/",
                                   {"school_class": world.class_b.pk, "reason": "分层教学调整"},
                                   content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json() | {"id": 0} == {"id": 0, "kind": "moved", "on": timezone.localdate().isoformat(),
                                    "from_class": "初一1班", "to_class": "初一2班", "reason": "分层教学调整"}


@pytest.mark.parametrize("persona", ["admin", "director", "leader", "head_teacher_a", "head_teacher_b", "counsellor",
                                     "parent_x", "student_x", "outsider"])
def test_who_may_add_edit_move_and_transfer_out(world, persona):
    """The rules behind the pages and the API, for every persona and student: the committee everything, a head
    teacher adding and editing in their own class, nobody else anything."""
    from xinhuo.people.rules import can
    from xinhuo.people.students import selectors

    actor = world.actor(persona)
    own = {"head_teacher_a": world.class_a.pk, "head_teacher_b": world.class_b.pk}.get(persona)
    committee = persona in ("admin", "director")
    for s in (world.student_x, world.student_y, world.student_z):
        assert can(actor, "edit_student", s) == (committee or s.school_class_id == own), s.name
        assert can(actor, "move_student", s) == committee
        assert can(actor, "leave_student", s) == committee
    if actor.can("students.manage"):
        offered = set(selectors.classes_to_add_to(actor).values_list("pk", flat=True))
        mine = ({world.class_a.pk, world.class_b.pk} if committee else {own} if own else set())
        assert offered == (mine if persona != "outsider" else {world.other_class.pk})
        for c in (world.class_a, world.class_b, world.other_class):
            assert can(actor, "add_student_to_class", c) == (c.pk in offered)
    else:
        assert persona not in ("admin", "director", "head_teacher_a", "head_teacher_b", "outsider")
