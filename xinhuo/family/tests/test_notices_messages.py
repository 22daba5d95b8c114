"""Per-child messages (家校留言): a head teacher writes to one family about one child; the family replies; only the
head teachers of the child's class, the sender and the child's guardians see the thread (others: 404); messages
are kept, their read time recorded and their text encrypted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404

from conftest import make_user
from xinhuo.core.access import build_actor
from xinhuo.core.models import Role
from xinhuo.family.notices import selectors, services
from xinhuo.family.notices.models import FamilyMessage
from xinhuo.people.models import Guardian

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(world):
    return services.thread_start(actor=world.actor("head_teacher_a"), student=world.student_x, subject="关于作业",
                                 body="小明最近作业完成得不太好，想和您聊聊。")


def other_parent(world):
    user = make_user("parent_z", world.school, Role.PARENT)
    Guardian.objects.filter(pk=world.guardian_z.pk).update(user=user)
    return build_actor(user)


def test_the_family_reads_and_replies_and_read_times_are_kept(world, thread):
    parent = world.actor("parent_x")
    assert [t.pk for t in selectors.thread_list(parent)] == [thread.pk]
    assert services.thread_mark_read(actor=parent, thread=thread) == 1
    first = FamilyMessage.objects.get(thread=thread)
    assert first.read_by == world.users["parent_x"] and first.read_at
    reply = services.thread_reply(actor=parent, thread=thread, body="谢谢老师，我们会督促他。")
    assert reply.side == "family" and reply.read_at is None
    teacher = world.actor("head_teacher_a")
    services.thread_mark_read(actor=teacher, thread=thread)
    reply.refresh_from_db()
    assert reply.read_by == world.users["head_teacher_a"]
    assert FamilyMessage.objects.filter(thread=thread).count() == 2


def test_only_the_parties_see_the_thread(world, thread):
    for actor in (world.actor("head_teacher_b"), world.actor("director"), world.actor("leader"), other_parent(world)):
        with pytest.raises(Http404):
            selectors.thread(actor, thread.pk)
        with pytest.raises(Http404):
            services.thread_reply(actor=actor, thread=thread, body="？")
    assert not world.actor("director").can("family.messages.view")
    for persona in ("head_teacher_b", "director", "counsellor", "student_x"):
        assert world.client(persona).get(f"/family/messages/{thread.pk}/").status_code == 404
    assert world.client("parent_x").get(f"/family/messages/{thread.pk}/").status_code == 200


def test_a_head_teacher_writes_only_about_children_of_their_classes(world):
    with pytest.raises(Http404):
        services.thread_start(actor=world.actor("head_teacher_b"), student=world.student_x, subject="s", body="b")
    response = world.client("head_teacher_b").post("/family/messages/new/", {
        "student": world.student_x.pk, "subject": "s", "body": "b"})
    assert response.status_code == 400 and not FamilyMessage.objects.exists()


def test_the_new_head_teacher_of_the_class_sees_the_thread(world, thread):
    new = make_user("teacher3", world.school, Role.HEAD_TEACHER, classes=[world.class_a])
    assert selectors.thread(build_actor(new), thread.pk) == thread


def test_messages_are_encrypted_and_the_inbox_note_holds_no_text(world, thread):
    with connection.cursor() as cur:
        cur.execute("SELECT body FROM family_familymessage")
        assert "作业" not in cur.fetchone()[0]
        cur.execute("SELECT subject FROM family_familythread")
        assert "作业" not in cur.fetchone()[0]
    from xinhuo.core.models import Notification

    note = Notification.objects.get(recipient=world.users["parent_x"])
    assert "作业" not in note.title + note.body and note.link == f"/family/messages/{thread.pk}/"


def test_api_thread_reply_and_privacy(world, thread):
    parent = world.client("parent_x")
    data = parent.get(f"/api/v1/family/messages/{thread.pk}/").json()
    assert data["subject"] == "关于作业" and len(data["messages"]) == 1 and data["messages"][0]["read_at"]
    response = parent.post(f"/api/v1/family/messages/{thread.pk}/reply/", {"body": "好的"},
                           content_type="application/json")
    assert response.status_code == 201 and len(response.json()["messages"]) == 2
    assert world.client("head_teacher_b").get(f"/api/v1/family/messages/{thread.pk}/").status_code == 404
    response = world.client("head_teacher_a").post("/api/v1/family/messages/", {
        "student": world.student_z.pk, "subject": "s", "body": "b"}, content_type="application/json")
    assert response.status_code == 400
    response = world.client("head_teacher_a").post("/api/v1/family/messages/", {
        "student": world.student_y.pk, "subject": "请假", "body": "明天体检"}, content_type="application/json")
    assert response.status_code == 201
