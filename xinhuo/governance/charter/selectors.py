"""Reads of the charter part, scoped to the actor (rules.py holds the matching predicates): the documents with
their versions in force, a document's versions as the actor may see them, a version's steps and the diff of two
versions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from xinhuo.core.access import Actor

from .models import CharterDocument, CharterVersion, VersionStatus
from .rules import PUBLIC, can, sees_drafts

OPEN = (VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.APPROVED)


def documents(actor: Actor) -> QuerySet[CharterDocument]:
    """The school's documents, each with `in_force` (a list of its one published version, or empty) and, for the
    director and the leading group, `open_versions` (drafts and versions waiting), in three queries."""
    actor.require("governance.charter.read")
    published = CharterVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("approved_by")
    qs = (CharterDocument.objects.filter(school=actor.school)
          .prefetch_related(Prefetch("versions", queryset=published, to_attr="in_force")))
    if sees_drafts(actor):
        qs = qs.prefetch_related(Prefetch("versions", queryset=CharterVersion.objects.filter(status__in=OPEN)
                                          .select_related("created_by").order_by("-number"), to_attr="open_versions"))
    return qs.order_by("kind", "title", "pk")


def document_detail(actor: Actor, pk: int) -> CharterDocument:
    doc = CharterDocument.objects.filter(school=actor.school, pk=pk).first()
    if doc is None or not can(actor, "view_document", doc):
        raise Http404
    return doc


def versions(actor: Actor, doc: CharterDocument) -> QuerySet[CharterVersion]:
    """A document's versions, newest first: every one for the director and the leading group, the published and
    superseded ones for the other readers."""
    qs = doc.versions.select_related("created_by", "approved_by").order_by("-number")
    if not sees_drafts(actor):
        qs = qs.filter(status__in=PUBLIC)
    return qs


def in_force(doc: CharterDocument) -> CharterVersion | None:
    return doc.versions.filter(status=VersionStatus.PUBLISHED).select_related("approved_by", "created_by").first()


def version_detail(actor: Actor, pk: int) -> CharterVersion:
    version = (CharterVersion.objects.filter(school=actor.school, pk=pk)
               .select_related("document", "created_by", "approved_by").first())
    if version is None or not can(actor, "view_version", version):
        raise Http404
    return version


def version_steps(version: CharterVersion) -> QuerySet:
    return version.steps.select_related("by").order_by("at", "pk")


def open_version(doc: CharterDocument) -> CharterVersion | None:
    """The document's version being worked on (a draft, submitted or approved), if any: one at a time."""
    return doc.versions.filter(status__in=OPEN).order_by("-number").first()


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    text: str
    old_no: int | None = None
    new_no: int | None = None

    @property
    def mark(self) -> str:
        """The sign a reader who cannot tell the colours apart reads: + added, − removed."""
        return {"added": "+", "removed": "−", "gap": "…"}.get(self.kind, " ")


def diff(old: str, new: str, *, context: int = 2) -> list[DiffLine]:
    """The lines of `new` against `old` (difflib): unchanged lines near a change, removed and added ones, and a gap
    where unchanged lines are left out."""
    a, b = old.splitlines(), new.splitlines()
    out: list[DiffLine] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if out:
            out.append(DiffLine("gap", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [DiffLine("same", a[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i2)]
                continue
            if tag in ("replace", "delete"):
                out += [DiffLine("removed", a[i], old_no=i + 1) for i in range(i1, i2)]
            if tag in ("replace", "insert"):
                out += [DiffLine("added", b[j], new_no=j + 1) for j in range(j1, j2)]
    return out


def diff_counts(lines: list[DiffLine]) -> dict[str, int]:
    return {"added": sum(1 for x in lines if x.kind == "added"),
            "removed": sum(1 for x in lines if x.kind == "removed")}
