"""Access-matrix cases of the charter, the duties and the rules (ORG-2).

Every staff member and elder reads the documents and their published versions; drafts are the director's (and the
leading group's); the director creates, edits, submits and publishes; a member of the leading group approves (here
the leader, whose account the case links to the world's leading-group member). Parents and students see nothing
(404). The outsider is a director of another school: their own school's pages open, this school's records are 404."""

from __future__ import annotations

from xinhuo.core.tests.matrix import STAFF, Case, k

READ = (STAFF - {"outsider"}) | {"elder"}
OWN_SCHOOL = {"outsider"}


def _doc(w):
    from xinhuo.governance.models import CharterDocument, CharterVersion

    found = CharterDocument.objects.filter(school=w.school, title="测试章程").first()
    if found:
        return found
    doc = CharterDocument.objects.create(school=w.school, kind="charter", title="测试章程",
                                         created_by=w.users["director"])
    CharterVersion.objects.create(school=w.school, document=doc, number=1, body="第一条 总则", status="superseded",
                                  created_by=w.users["director"])
    CharterVersion.objects.create(school=w.school, document=doc, number=2, body="第一条 总则\n第二条 组织",
                                  status="published", created_by=w.users["director"])
    return doc


def doc(w, e=None):
    return _doc(w).pk


def published(w, e=None):
    return _doc(w).versions.get(number=2).pk


def _version(w, status: str) -> int:
    from xinhuo.governance.models import CharterVersion

    d = _doc(w)
    found = d.versions.filter(number=3).first()
    if found is None:
        found = CharterVersion.objects.create(school=w.school, document=d, number=3, body="第一条 总则\n第三条 新增",
                                              status=status, created_by=w.users["director"])
    return found.pk


def draft(w, e=None):
    return _version(w, "draft")


def submitted_for_leader(w, e=None):
    """A submitted version, and the leader's account linked to the leading group's member."""
    w.committee_member.user = w.users["leader"]
    w.committee_member.save(update_fields=["user"])
    return _version(w, "submitted")


CASES: list = [
    Case("governance:charter-home", READ | OWN_SCHOOL),
    Case("governance:charter-document-new", {"director"} | OWN_SCHOOL),
    Case("governance:charter-document-new", {"director"} | OWN_SCHOOL, ok=400, method="post", data={"title": ""}),
    Case("governance:charter-document", READ, kwargs=k(pk=doc)),
    Case("governance:charter-diff", READ, kwargs=k(pk=doc)),
    Case("governance:charter-draft-new", {"director"}, ok=302, method="post", kwargs=k(pk=doc)),
    Case("governance:charter-version", READ, kwargs=k(pk=published)),
    Case("governance:charter-version", {"director"}, kwargs=k(pk=draft)),
    Case("governance:charter-version-edit", {"director"}, kwargs=k(pk=draft)),
    # approving is the leading group's: the director who edits, and every other reader, get 404
    Case("governance:charter-version-step", {"leader"}, ok=302, method="post", kwargs=k(pk=submitted_for_leader),
         data={"action": "approve"}),
    # -- API: the documents in force
    Case("api:charter-document-list", READ | OWN_SCHOOL, api=True),
    Case("api:charter-document-detail", READ, kwargs=k(pk=doc), api=True),
]
