"""Who sees and manages what: a head teacher manages their own class's committee only (another's is a 404); a
parent sees the committees of their child's class, grade and school, never another class's, and members' phones only
masked; a mutual-help group's membership is hidden from all but the committee, the coordinator and the members'
head teachers, and a parent sees only the groups they belong to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from xinhuo.family.committee import selectors, services

from .matrix_committee import make_committee, make_group, make_meeting, make_member, make_seat


@pytest.fixture
def scene(world):
    school = make_committee(world, level="school")
    grade = make_committee(world, level="grade")
    a, b = make_committee(world), make_committee(world, school_class=world.class_b)
    return {"school": school, "grade": grade, "a": a, "b": b,
            "school_z": make_seat(school, world.guardian_z, "chair"),
            "a_x": make_seat(a, world.guardian_x, "chair"), "b_z": make_seat(b, world.guardian_z, "chair")}


def test_head_teacher_a_cannot_manage_class_b(world, scene):
    c = world.client("head_teacher_a")
    b = scene["b"]
    assert c.get(reverse("family:committee-seat-add", args=[b.pk])).status_code == 404
    assert c.get(reverse("family:committee-meeting-new", args=[b.pk])).status_code == 404
    assert c.post(reverse("family:committee-seat-end", args=[scene["b_z"].pk]),
                  {"ended_on": "2026-12-01"}).status_code == 404
    assert c.get(reverse("family:committee-seat-add", args=[scene["a"].pk])).status_code == 200
    # nor the school's or the grade's committee, which the committee manages
    assert c.get(reverse("family:committee-seat-add", args=[scene["school"].pk])).status_code == 404
    with pytest.raises(Http404):
        services.committee_seat_add(actor=world.actor("head_teacher_a"), committee=b, guardian=world.guardian_z,
                                    position="member")
    assert scene["b_z"].__class__.objects.get(pk=scene["b_z"].pk).ended_on is None


def test_a_parent_sees_their_childs_class_grade_and_school_committees(world, scene):
    parent = world.actor("parent_x")
    seen = set(selectors.committees(parent).values_list("pk", flat=True))
    assert seen == {scene["school"].pk, scene["grade"].pk, scene["a"].pk}
    c = world.client("parent_x")
    assert c.get(reverse("family:committee-detail", args=[scene["b"].pk])).status_code == 404
    assert c.get(f"/api/v1/family/committees/{scene['b'].pk}/").status_code == 404


def test_phones_full_for_managers_and_the_childs_head_teacher_masked_elsewhere(world, scene):
    full, masked = "13712345678", "137****5678"
    school = scene["school"]  # its chair is guardian_z, of class B

    def phone(persona):
        [row] = selectors.seats(world.actor(persona), school)
        return row.phone

    assert phone("director") == full
    assert phone("head_teacher_b") == full  # the member's child's head teacher
    assert phone("head_teacher_a") == masked
    assert phone("parent_x") == masked
    assert phone("counsellor") == masked
    page = world.client("parent_x").get(reverse("family:committee-detail", args=[school.pk])).content.decode()
    assert masked in page and full not in page and "王大刚" in page
    api = world.client("parent_x").get(f"/api/v1/family/committees/{school.pk}/").json()
    assert api["members"][0]["phone"] == masked and api["members"][0]["name"] == "王大刚"


def test_a_head_teacher_sees_their_class_members_phones_on_their_committee(world, scene):
    [row] = selectors.seats(world.actor("head_teacher_a"), scene["a"])
    assert row.phone == "13812345678"


def test_members_read_approved_minutes_only(world, scene):
    draft = make_meeting(scene["a"], minutes="草稿")
    approved = make_meeting(scene["a"], status="approved", minutes="已审定")
    parent = world.actor("parent_x")
    assert set(selectors.meetings(parent)) == {approved}
    c = world.client("parent_x")
    assert c.get(reverse("family:committee-meeting-detail", args=[draft.pk])).status_code == 404
    assert "已审定" in c.get(reverse("family:committee-meeting-detail", args=[approved.pk])).content.decode()
    # a parent of the school who is not on the committee does not read its minutes
    school_meeting = make_meeting(scene["school"], status="approved")
    assert c.get(reverse("family:committee-meeting-detail", args=[school_meeting.pk])).status_code == 404
    # nor a former member
    scene["a_x"].ended_on = dt.date(2026, 12, 1)
    scene["a_x"].save()
    assert c.get(reverse("family:committee-meeting-detail", args=[approved.pk])).status_code == 404


@pytest.fixture
def groups(world):
    from xinhuo.people.models import Staff

    coordinator = Staff.objects.create(school=world.school, staff_no="T0901", name="吴老师", gender="F",
                                       user=world.users["counsellor"])
    left_behind = make_group(world, coordinator_staff=coordinator)
    make_member(left_behind, world.guardian_x)  # class A
    make_member(left_behind, world.guardian_z)  # class B
    single = make_group(world, name="单亲家庭互助组")
    make_member(single, world.guardian_z)
    return {"left_behind": left_behind, "single": single}


def test_mutual_help_membership_is_hidden(world, groups):
    lb, single = groups["left_behind"], groups["single"]

    def members(persona, group):
        return {m.guardian.name for m in selectors.group_members(world.actor(persona), group)}

    assert members("director", lb) == {"张大明", "王大刚"}
    assert members("counsellor", lb) == {"张大明", "王大刚"}  # the coordinator
    assert members("head_teacher_a", lb) == {"张大明"}  # only the families of their class
    assert members("head_teacher_b", lb) == {"王大刚"}
    assert members("parent_x", lb) == set()  # a member does not see the others

    def visible(persona):
        return set(selectors.groups(world.actor(persona)))

    assert visible("director") == {lb, single}
    assert visible("counsellor") == {lb}  # coordinates one group only
    assert visible("head_teacher_a") == {lb}
    assert visible("parent_x") == {lb}  # only the groups they belong to
    assert visible("finance") == set()

    c = world.client("parent_x")
    assert c.get(reverse("family:mutual-help-detail", args=[single.pk])).status_code == 404
    page = c.get(reverse("family:mutual-help-detail", args=[lb.pk])).content.decode()
    assert "王大刚" not in page and 'id="members"' not in page
    listing = c.get(reverse("family:mutual-help-list")).content.decode()
    assert "单亲家庭互助组" not in listing and "留守儿童家庭互助组" in listing
    api = c.get(f"/api/v1/family/mutual-help/{lb.pk}/").json()
    assert api["members"] is None
    teacher = world.client("head_teacher_a").get(f"/api/v1/family/mutual-help/{lb.pk}/").json()
    assert [m["name"] for m in teacher["members"]] == ["张大明"]
    assert world.client("head_teacher_b").get(
        reverse("family:mutual-help-detail", args=[single.pk])).status_code == 200
    assert world.client("head_teacher_a").get(
        reverse("family:mutual-help-detail", args=[single.pk])).status_code == 404


def test_a_former_member_no_longer_sees_the_group(world, groups):
    lb = groups["left_behind"]
    lb.members.filter(guardian=world.guardian_x).update(left_on=dt.date(2026, 12, 1))
    assert lb not in set(selectors.groups(world.actor("parent_x")))
    assert {m.guardian.name for m in selectors.group_members(world.actor("head_teacher_a"), lb)} == set()


def test_the_rules_and_the_selectors_agree(world, scene):
    from xinhuo.family.committee.models import ParentCommittee
    from xinhuo.family.committee.rules import manages_committee

    every = list(ParentCommittee.objects.all())
    for persona in ("director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "parent_x",
                    "outsider"):
        actor = world.actor(persona)
        by_rule = {c.pk for c in every if manages_committee(actor, c)}
        assert set(selectors.manageable_committees(actor).values_list("pk", flat=True)) == by_rule, persona
    assert {c.pk for c in every if manages_committee(world.actor("head_teacher_a"), c)} == {scene["a"].pk}
