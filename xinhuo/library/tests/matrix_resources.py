"""Access-matrix cases of the resource library (RES-1).

Everyone of a school opens the library; a resource is seen by its audiences (staff: every published one), a draft by
its contributor and the committee only. Contributors (the committee, head teachers, counsellors, elders) add
resources and edit their own; the committee edits every one and manages the collections. The outsider is a
director of another school: their own school's pages open, this school's resources are 404."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k

COMMITTEE = {"director", "leader"}
CONTRIBUTORS = COMMITTEE | {"head_teacher_a", "head_teacher_b", "counsellor", "elder"}
STAFF_HERE = {"admin", "director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "finance"}
PARENT_VIDEO = STAFF_HERE | {"parent_x"}
OWN_SCHOOL = {"outsider"}
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500


def _resource(w, key: str, **fields):
    from django.core.files.base import ContentFile

    from xinhuo.library.models import Resource

    found = Resource.objects.filter(school=w.school, source=f"test:{key}").first()
    if found:
        return found
    upload = fields.pop("upload", None)
    resource = Resource.objects.create(school=w.school, source=f"test:{key}", **fields)
    if upload:
        resource.file.save(upload[0], ContentFile(upload[1]), save=False)
        resource.size = len(upload[1])
        resource.save(update_fields=["file", "size"])
    return resource


def lecture(w, e=None) -> int:
    """A published micro-lecture (an MP4) for parents, by the director."""
    return _resource(w, "lecture", kind="video", title="家庭教育微课：学会倾听", status="published", for_parents=True,
                     contributor=w.users["director"], upload=("lecture.mp4", MP4), file_name="倾听.mp4").pk


def draft(w, e=None) -> int:
    """Head teacher A's draft article for students."""
    return _resource(w, "draft", kind="article", title="红色故事：小英雄雨来", body="……", status="draft",
                     for_students=True, contributor=w.users["head_teacher_a"]).pk


def collection(w, e=None) -> int:
    from xinhuo.library.models import Collection, CollectionItem

    found, _created = Collection.objects.get_or_create(school=w.school, title="家庭教育微课")
    CollectionItem.objects.get_or_create(collection=found, resource_id=lecture(w), defaults={"position": 1})
    return found.pk


def link(w, e=None) -> int:
    from django.utils import timezone

    from xinhuo.activities.models import Activity
    from xinhuo.library.models import UsedIn

    activity = Activity.objects.create(school=w.school, title="家长开放日", kind="parent_day", status="approved",
                                       starts_at=timezone.now(), ends_at=timezone.now(),
                                       organiser=w.users["director"])
    return UsedIn.objects.create(resource_id=lecture(w), activity=activity).pk


L = k(pk=lecture)
D = k(pk=draft)
C = k(pk=collection)

CASES: list = [
    Case("library:resources-home", EVERYONE),
    Case("library:resources-list", EVERYONE),
    Case("library:resources-create", CONTRIBUTORS | OWN_SCHOOL),
    Case("library:resources-create", CONTRIBUTORS | OWN_SCHOOL, ok=400, method="post", data={"title": ""}),
    Case("library:resources-detail", PARENT_VIDEO, kwargs=L),
    Case("library:resources-detail", COMMITTEE | {"head_teacher_a"}, kwargs=D),
    Case("library:resources-file", PARENT_VIDEO, kwargs=L),
    Case("library:resources-edit", COMMITTEE, kwargs=L),
    Case("library:resources-edit", COMMITTEE | {"head_teacher_a"}, kwargs=D),
    Case("library:resources-favourite", PARENT_VIDEO, ok=302, method="post", kwargs=L),
    Case("library:resources-rate", PARENT_VIDEO, ok=302, method="post", kwargs=L, data={"stars": "5"}),
    Case("library:resources-used-in-add", COMMITTEE, ok=302, method="post", kwargs=L, data={"activity": ""}),
    Case("library:resources-used-in-remove", COMMITTEE, ok=302, method="post",
         kwargs=k(pk=lecture, link=link)),
    Case("library:resources-collections", COMMITTEE | OWN_SCHOOL),
    Case("library:resources-collections", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"title": ""}),
    Case("library:resources-collection", EVERYONE - OWN_SCHOOL, kwargs=C),
    Case("library:resources-collection-edit", COMMITTEE, kwargs=C),
    Case("library:resources-collection-delete", COMMITTEE, ok=302, method="post", kwargs=C),
    Case("library:resources-collection-move", COMMITTEE, ok=302, method="post",
         kwargs=k(pk=collection, resource=lecture), data={"up": "1"}),
    # -- API
    Case("api:library-resource-list", EVERYONE, api=True),
    Case("api:library-resource-list", CONTRIBUTORS | OWN_SCHOOL, ok=400, method="post", api=True, data={"title": ""}),
    Case("api:library-resource-detail", PARENT_VIDEO, kwargs=L, api=True),
    Case("api:library-resource-detail", COMMITTEE | {"head_teacher_a"}, kwargs=D, api=True),
    Case("api:library-resource-detail", COMMITTEE | {"head_teacher_a"}, method="patch", kwargs=D, api=True,
         data={"summary": "讲给初一学生听"}),
    Case("api:library-resource-favourite", PARENT_VIDEO, method="post", kwargs=L, api=True),
    Case("api:library-resource-rate", PARENT_VIDEO, method="post", kwargs=L, api=True, data={"stars": 4}),
    Case("api:library-resource-view", PARENT_VIDEO, method="post", kwargs=L, api=True),
    Case("api:library-collection-list", EVERYONE, api=True),
    Case("api:library-collection-detail", EVERYONE - OWN_SCHOOL, kwargs=C, api=True),
]
