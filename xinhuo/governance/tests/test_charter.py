"""The charter, the duties and the rules as versioned documents (ORG-2): every step of a version through the
workflow engine and its refusals (self-approval, approval outside the leading group, two versions in force), the
diff, what each reader sees, the archive's copy of a published version, and the API's text in force."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from xinhuo.governance.charter import selectors, services
from xinhuo.governance.models import ArchiveRecord, CharterDocument, CharterStep, CharterVersion, VersionStatus

pytestmark = pytest.mark.django_db
S = VersionStatus


def lead(world, persona: str = "leader") -> None:
    """Link the persona's account to the leading group's member (赵书记)."""
    world.committee_member.user = world.users[persona]
    world.committee_member.save(update_fields=["user"])


def refused(call) -> str:
    with pytest.raises(ValidationError) as exc:
        call()
    return " ".join(exc.value.messages)


def make_doc(world, body: str = "第一条 本会名称\n第二条 宗旨") -> CharterDocument:
    return services.document_create(actor=world.actor("director"), kind="charter", title="关工委章程", body=body,
                                    change_note="首次制定")


def step(world, persona: str, version: CharterVersion, action: str, comment: str = "") -> CharterVersion:
    return services.version_step(actor=world.actor(persona), version=version, action=action, comment=comment)


def publish_first(world) -> CharterVersion:
    doc = make_doc(world)
    v1 = doc.versions.get()
    lead(world)
    step(world, "director", v1, "submit")
    step(world, "leader", v1, "approve")
    return step(world, "director", v1, "publish")


def test_every_step_from_draft_to_published_is_kept_with_who_and_when(world):
    doc = make_doc(world)
    v1 = doc.versions.get()
    assert v1.status == S.DRAFT and v1.number == 1 and v1.created_by == world.users["director"]
    lead(world)
    v1 = step(world, "director", v1, "submit")
    assert v1.status == S.SUBMITTED
    v1 = step(world, "leader", v1, "approve", "同意")
    assert v1.status == S.APPROVED and v1.approved_by == world.users["leader"] and v1.approved_at
    v1 = step(world, "director", v1, "publish")
    assert v1.status == S.PUBLISHED and v1.published_at and v1.effective_on
    steps = list(CharterStep.objects.filter(version=v1).order_by("at", "pk").values_list("from_status", "to_status",
                                                                                        "by__username"))
    assert steps == [("", "draft", "director"), ("draft", "submitted", "director"),
                     ("submitted", "approved", "leader"), ("approved", "published", "director")]


def test_the_leading_group_returns_with_a_comment_and_the_draft_is_edited_again(world):
    doc = make_doc(world)
    v1 = doc.versions.get()
    lead(world)
    step(world, "director", v1, "submit")
    with translation.override("en"):
        assert "Say what to change" in refused(lambda: step(world, "leader", v1, "return"))
    assert CharterVersion.objects.get(pk=v1.pk).status == S.SUBMITTED
    v1 = step(world, "leader", v1, "return", "第二条请补充")
    assert v1.status == S.DRAFT
    v1 = services.draft_edit(actor=world.actor("director"), version=v1, body="第一条 本会名称\n第二条 宗旨与任务",
                             change_note="补充任务")
    assert v1.body.endswith("宗旨与任务")


def test_an_author_may_not_approve_their_own_version(world):
    doc = make_doc(world)
    v1 = doc.versions.get()
    lead(world, "director")  # the director is in the leading group too, and wrote the version
    step(world, "director", v1, "submit")
    with translation.override("en"):
        assert "You wrote this version" in refused(lambda: step(world, "director", v1, "approve"))
    v1.refresh_from_db()
    assert v1.status == S.SUBMITTED and v1.approved_by is None


def test_approval_outside_the_leading_group_is_404(world):
    doc = make_doc(world)
    v1 = doc.versions.get()
    step(world, "director", v1, "submit")
    for persona in ("director", "leader", "finance"):  # nobody's account is in the leading group yet
        with pytest.raises(Http404):
            step(world, persona, v1, "approve")
    lead(world)
    with pytest.raises(Http404):
        step(world, "director", v1, "approve")
    assert CharterVersion.objects.get(pk=v1.pk).status == S.SUBMITTED


def test_only_the_director_edits_submits_and_publishes(world):
    doc = make_doc(world)
    v1 = doc.versions.get()
    lead(world)
    with pytest.raises(Http404):
        step(world, "leader", v1, "submit")
    with pytest.raises(Http404):
        services.draft_edit(actor=world.actor("leader"), version=v1, body="x")
    with pytest.raises(Http404):  # the capability: the leader does not create documents
        services.document_create(actor=world.actor("leader"), kind="rules", title="例会制度", body="x")


def test_steps_the_status_does_not_allow_are_refused(world):
    v1 = publish_first(world)
    with translation.override("en"):
        assert "this step is not possible now" in refused(lambda: step(world, "director", v1, "submit"))
        assert "this step is not possible now" in refused(lambda: step(world, "director", v1, "withdraw"))
        assert "Only a draft can be edited" in refused(
            lambda: services.draft_edit(actor=world.actor("director"), version=v1, body="改"))


def test_a_new_draft_starts_from_the_version_in_force_and_publishing_supersedes_it(world):
    v1 = publish_first(world)
    v2 = services.draft_start(actor=world.actor("director"), document=v1.document)
    assert v2.number == 2 and v2.body == v1.body and v2.status == S.DRAFT
    with translation.override("en"):  # one version worked on at a time
        assert "finish or withdraw it" in refused(
            lambda: services.draft_start(actor=world.actor("director"), document=v1.document))
    services.draft_edit(actor=world.actor("director"), version=v2, body=v1.body + "\n第三条 组织机构",
                        change_note="增加组织机构")
    step(world, "director", v2, "submit")
    step(world, "leader", v2, "approve")
    v2 = step(world, "director", v2, "publish")
    v1.refresh_from_db()
    assert v2.status == S.PUBLISHED and v1.status == S.SUPERSEDED
    assert CharterVersion.objects.filter(document=v1.document, status=S.PUBLISHED).count() == 1
    last = v1.steps.order_by("-pk").first()
    assert last is not None and last.to_status == S.SUPERSEDED
    assert selectors.in_force(v1.document) == v2


def test_the_database_refuses_two_versions_in_force(world):
    v1 = publish_first(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        CharterVersion.objects.create(school=world.school, document=v1.document, number=2, body="x",
                                      status=S.PUBLISHED)


def test_a_withdrawn_draft_frees_the_document_for_another(world):
    v1 = publish_first(world)
    v2 = services.draft_start(actor=world.actor("director"), document=v1.document)
    assert step(world, "director", v2, "withdraw").status == S.WITHDRAWN
    v3 = services.draft_start(actor=world.actor("director"), document=v1.document)
    assert v3.number == 3


def test_refusals_of_a_new_document(world):
    make_doc(world)
    with translation.override("en"):
        message = refused(lambda: services.document_create(actor=world.actor("director"), kind="charter",
                                                            title="关工委章程", body="x"))
        assert "already has a document" in message
        assert "Write the text" in refused(lambda: services.document_create(
            actor=world.actor("director"), kind="rules", title="例会制度", body="  "))
        assert refused(lambda: services.document_create(actor=world.actor("director"), kind="nope",
                                                         title="甲", body="x"))
    assert CharterDocument.objects.count() == 1


def test_the_diff_marks_added_and_removed_lines():
    lines = selectors.diff("第一条 名称\n第二条 宗旨\n第三条 会员",
                           "第一条 名称\n第二条 宗旨与任务\n第三条 会员\n第四条 附则")
    kinds = [(x.kind, x.mark, x.text) for x in lines]
    assert ("removed", "−", "第二条 宗旨") in kinds
    assert ("added", "+", "第二条 宗旨与任务") in kinds
    assert ("added", "+", "第四条 附则") in kinds
    assert ("same", " ", "第一条 名称") in kinds
    assert selectors.diff_counts(lines) == {"added": 2, "removed": 1}
    assert selectors.diff("一\n二", "一\n二") == []
    far = selectors.diff("\n".join(str(i) for i in range(30)), "\n".join(["X", *[str(i) for i in range(1, 29)], "Y"]))
    assert any(x.kind == "gap" for x in far)  # unchanged lines in between are left out


def test_the_diff_page_shows_marks_for_readers_who_cannot_see_colour(world):
    v1 = publish_first(world)
    v2 = services.draft_start(actor=world.actor("director"), document=v1.document)
    services.draft_edit(actor=world.actor("director"), version=v2, body="第一条 本会名称\n第二条 宗旨与任务")
    url = reverse("governance:charter-diff", args=[v1.document_id])
    html = world.client("director").get(url, {"old": 1, "new": 2}).content.decode()
    assert 'data-kind="added"' in html and 'data-kind="removed"' in html
    assert "<del>第二条 宗旨</del>" in html and "第二条 宗旨与任务" in html and "−" in html and "+" in html
    # an elder reads the published version only: the draft is not a choice, nothing is compared
    elder = world.client("elder").get(url, {"old": 1, "new": 2}).content.decode()
    assert 'data-kind="added"' not in elder and "宗旨与任务" not in elder


def test_members_read_the_version_in_force_and_drafts_stay_with_the_director_and_the_leading_group(world):
    v1 = publish_first(world)
    v2 = services.draft_start(actor=world.actor("director"), document=v1.document)
    services.draft_edit(actor=world.actor("director"), version=v2, body="草稿中的新条款")
    page = world.client("elder").get(reverse("governance:charter-document", args=[v1.document_id]))
    assert page.status_code == 200 and "第二条 宗旨" in page.content.decode()
    assert "草稿中的新条款" not in page.content.decode()
    assert world.client("elder").get(reverse("governance:charter-version", args=[v2.pk])).status_code == 404
    assert world.client("head_teacher_a").get(reverse("governance:charter-version", args=[v2.pk])).status_code == 404
    assert world.client("leader").get(reverse("governance:charter-version", args=[v2.pk])).status_code == 200
    assert world.client("parent_x").get(reverse("governance:charter-home")).status_code == 404
    home = world.client("finance").get(reverse("governance:charter-home")).content.decode()
    assert "关工委章程" in home


def test_a_published_version_is_filed_in_the_archive_once(world):
    v1 = publish_first(world)
    record = ArchiveRecord.objects.get(source=f"governance.charterversion:{v1.pk}")
    assert record.category == "charter" and record.retention == "permanent" and record.keep_until is None
    assert "关工委章程" in record.title and record.file and record.file_name.endswith(".docx")
    from xinhuo.governance.charter.filing import file_version

    file_version(v1)  # refiled: the same row
    assert ArchiveRecord.objects.filter(source=f"governance.charterversion:{v1.pk}").count() == 1


def test_the_pages_take_the_steps(world):
    doc = make_doc(world)
    v1 = doc.versions.get()
    lead(world)
    director, leader = world.client("director"), world.client("leader")
    step_url = reverse("governance:charter-version-step", args=[v1.pk])
    assert director.post(step_url, {"action": "submit"}).status_code == 302
    assert leader.post(step_url, {"action": "approve"}).status_code == 302
    assert director.post(step_url, {"action": "publish"}).status_code == 302
    assert CharterVersion.objects.get(pk=v1.pk).status == S.PUBLISHED
    r = director.post(reverse("governance:charter-draft-new", args=[doc.pk]))
    v2 = doc.versions.get(number=2)
    assert r.status_code == 302 and r["Location"] == reverse("governance:charter-version-edit", args=[v2.pk])
    r = director.post(reverse("governance:charter-version-edit", args=[v2.pk]), {"body": "", "change_note": ""})
    assert r.status_code == 400
    r = director.post(reverse("governance:charter-version-edit", args=[v2.pk]), {"body": "新文本", "change_note": "改"})
    assert r.status_code == 302 and CharterVersion.objects.get(pk=v2.pk).body == "新文本"
    r = director.post(reverse("governance:charter-document-new"),
                      {"kind": "duties", "title": "职责分工", "body": "主任：主持全面工作"})
    assert r.status_code == 302 and CharterDocument.objects.filter(title="职责分工").exists()


def test_the_api_serves_the_text_in_force(world, django_assert_max_num_queries):
    v1 = publish_first(world)
    services.draft_start(actor=world.actor("director"), document=v1.document)
    client = world.client("elder")
    url = reverse("api:charter-document-list")
    client.get(url)
    with django_assert_max_num_queries(12):
        data = client.get(url).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert rows[0]["title"] == "关工委章程" and rows[0]["in_force"]["number"] == 1
    assert rows[0]["in_force"]["body"].startswith("第一条")
    assert client.get(reverse("api:charter-document-detail", args=[v1.document_id])).status_code == 200
