"""Writes of the charter part (ORG-2): documents, their versions and the versions' steps through core.workflow
(draft → submitted → approved → published, or returned to a draft; withdrawn). Publishing a version supersedes the
one in force (the database allows one per document). The leading group approves, never a version its member wrote
themselves. Every refusal says why and writes nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.db import lock
from xinhuo.core.validators import choose_one_of, clean_text, same_school
from xinhuo.core.workflow import Transition, Workflow, apply_transition, record_step

from . import signals
from .models import BODY_MAX, CharterDocument, CharterKind, CharterStep, CharterVersion, VersionStatus
from .rules import can
from .selectors import OPEN

S = VersionStatus
TITLE_MAX = 100
NOTE_MAX = 300
COMMENT_MAX = 2000

TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({S.DRAFT}), S.SUBMITTED, rule="edit_version"),
    "approve": Transition(frozenset({S.SUBMITTED}), S.APPROVED, rule="approve_version"),
    "return": Transition(frozenset({S.SUBMITTED}), S.DRAFT, rule="approve_version", comment_required=True,
                         why=gettext_lazy("Say what to change, so that the director can correct it.")),
    "publish": Transition(frozenset({S.APPROVED}), S.PUBLISHED, rule="edit_version"),
    "withdraw": Transition(frozenset({S.DRAFT, S.SUBMITTED, S.APPROVED}), S.WITHDRAWN, rule="edit_version"),
}
WORKFLOW = Workflow(
    transitions=TRANSITIONS, step_model=CharterStep, subject="version", signal=signals.charter_version_changed,
    can=can, rule="edit_version", refused=gettext_lazy("The version is %(status)s: this step is not possible now."),
    why=gettext_lazy("Add a comment."), comment_max=COMMENT_MAX)


def _body(body: str, errors: dict) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if len(text) > BODY_MAX:
        errors["body"] = _("The text is too long: at most %(max)d characters.") % {"max": BODY_MAX}
    elif not text:
        errors["body"] = _("Write the text of the document.")
    return text


@audited
@transaction.atomic
def document_create(*, actor: Actor, kind: str, title: str, body: str, change_note: str = "") -> CharterDocument:
    """A new document (the director) with its first version as a draft."""
    actor.require("governance.charter.edit")
    errors: dict[str, Any] = {}
    if kind not in CharterKind.values:
        errors["kind"] = choose_one_of(CharterKind)
    title = clean_text(title, TITLE_MAX, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the document a title, such as 关工委章程.")
    body = _body(body, errors)
    change_note = clean_text(change_note, NOTE_MAX, "change_note", errors)
    if title and CharterDocument.objects.filter(school=actor.school, title=title).exists():
        errors["title"] = _("The school already has a document called %(title)s.") % {"title": title}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            doc = CharterDocument.objects.create(school=actor.school, kind=kind, title=title, created_by=actor.user)
    except IntegrityError:
        raise ValidationError({"title": _("The school already has a document called %(title)s.")
                               % {"title": title}}) from None
    version = CharterVersion.objects.create(school=actor.school, document=doc, number=1, body=body,
                                            change_note=change_note, created_by=actor.user)
    record_step(WORKFLOW, actor=actor, obj=version, from_status="")
    return doc


@audited
@transaction.atomic
def draft_start(*, actor: Actor, document: CharterDocument) -> CharterVersion:
    """A new draft of a document, starting from the text in force (or the newest version when none is in force).
    One version is worked on at a time: a draft or a version waiting must be finished or withdrawn first."""
    actor.require("governance.charter.edit")
    same_school(actor, document)
    doc = lock(CharterDocument, document.pk)
    busy = doc.versions.filter(status__in=OPEN).order_by("-number").first()
    if busy is not None:
        raise ValidationError(_("Version %(number)d is %(status)s: finish or withdraw it before starting another.")
                              % {"number": busy.number, "status": busy.get_status_display()})
    base = (doc.versions.filter(status=S.PUBLISHED).first()
            or doc.versions.order_by("-number").first())
    number = (doc.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CharterVersion.objects.create(school=doc.school, document=doc, number=number,
                                            body=base.body if base else "", created_by=actor.user)
    record_step(WORKFLOW, actor=actor, obj=version, from_status="")
    return version


@audited
@transaction.atomic
def draft_edit(*, actor: Actor, version: CharterVersion, body: str, change_note: str = "") -> CharterVersion:
    """Change a draft's text and its note of what changed (the director); a version submitted or further is fixed."""
    if not can(actor, "edit_version", version):
        raise Http404
    current = lock(CharterVersion, version.pk)
    if current.status != S.DRAFT:
        raise ValidationError(_("Only a draft can be edited; this version is %(status)s.")
                              % {"status": current.get_status_display()})
    errors: dict[str, Any] = {}
    body = _body(body, errors)
    change_note = clean_text(change_note, NOTE_MAX, "change_note", errors)
    if errors:
        raise ValidationError(errors)
    current.body, current.change_note = body, change_note
    with acting(actor.user):
        current.save(update_fields=["body", "change_note"])
    return current


def _check_step(actor: Actor, action: str):
    def check(current: CharterVersion, errors: dict) -> None:
        if action == "approve" and current.created_by_id == actor.user.pk:
            errors["action"] = _("You wrote this version: another member of the leading group approves it.")
        if action == "submit" and not current.body.strip():
            errors["body"] = _("Write the text of the document.")
    return check


def _apply_step(actor: Actor, action: str):
    def apply(current: CharterVersion) -> None:
        now = timezone.now()
        if action == "approve":
            current.approved_by, current.approved_at = actor.user, now
        elif action == "return":
            current.approved_by, current.approved_at = None, None
        elif action == "publish":
            current.published_at, current.effective_on = now, timezone.localdate(now)
            # the version in force steps down first: one published version per document
            before = (CharterVersion.objects.select_for_update().filter(document_id=current.document_id,
                                                                        status=S.PUBLISHED).exclude(pk=current.pk))
            for old in before:
                old.status = S.SUPERSEDED
                with acting(actor.user):
                    old.save(update_fields=["status"])
                record_step(WORKFLOW, actor=actor, obj=old, from_status=S.PUBLISHED,
                            comment=_("Superseded by version %(number)d.") % {"number": current.number})
    return apply


@audited
def version_step(*, actor: Actor, version: CharterVersion, action: str, comment: str = "") -> CharterVersion:
    """Take a step of a version (submit, approve, return, publish, withdraw) through the workflow engine."""
    if action not in TRANSITIONS:
        raise ValidationError({"action": _("Unknown step.")})
    try:
        return apply_transition(WORKFLOW, actor=actor, obj=version, action=action, comment=comment,
                                check=_check_step(actor, action), apply=_apply_step(actor, action))
    except IntegrityError:  # two publishers at the same moment: the constraint keeps one in force
        raise ValidationError(_("Another version was published at the same moment; reload the page.")) from None
