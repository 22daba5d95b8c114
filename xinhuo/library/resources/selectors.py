"""Reads of the resource library (RES-1), scoped to the actor (rules.py holds the matching predicates): the resources
an actor may see (filtered by kind, collection, tag, audience, words), the home page's shelves (latest, most viewed,
my favourites), a resource with its rating, collections, and the activities and parent-school sessions it was used
in - those read through their own apps' selectors, so a link shows only what the actor may see there."""

from __future__ import annotations

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from xinhuo.core.access import Actor
from xinhuo.core.models import Role as R

from .models import (
    Audience,
    Collection,
    CollectionItem,
    Favourite,
    Rating,
    Resource,
    ResourceKind,
    ResourceStatus,
    UsedIn,
)
from .rules import can, is_staff, student_grade_id

Q_MAX = 50
TAG_MAX = 20

GradesThrough = Resource.grades.through


def audience_q(actor: Actor) -> Q:
    """The published resources meant for the actor (rules.for_audience)."""
    published = Q(status=ResourceStatus.PUBLISHED)
    if is_staff(actor):
        return published
    q: Q = Q(pk__in=[])
    if R.PARENT in actor.roles:
        q |= Q(for_parents=True)
    if R.ELDER in actor.roles:
        q |= Q(for_elders=True)
    if R.STUDENT in actor.roles:
        grade = student_grade_id(actor)
        narrowed = GradesThrough.objects.filter(resource_id=OuterRef("pk"))  # grades narrow students only
        of_grade = narrowed.filter(grade_id=grade)  # type: ignore[misc]
        q |= Q(for_students=True) & (~Exists(narrowed) | Exists(of_grade))  # type: ignore[assignment]
    return published & q


def visible_q(actor: Actor) -> Q:
    if actor.can("library.manage"):
        return Q()
    return audience_q(actor) | Q(contributor=actor.user)


def resources(actor: Actor) -> QuerySet[Resource]:
    actor.require("library.view")
    return Resource.objects.filter(visible_q(actor), school=actor.school).select_related("contributor")


def clean_tag(tag: str) -> str:
    return (tag or "").replace(",", " ").replace("，", " ").strip()[:TAG_MAX]


def resource_list(actor: Actor, *, kind: str = "", collection: int | None = None, tag: str = "",
                  audience: str = "", q: str = "", status: str = "", mine: bool = False,
                  order: str = "") -> QuerySet[Resource]:
    qs = resources(actor)
    if kind in ResourceKind.values:
        qs = qs.filter(kind=kind)
    if collection:
        qs = qs.filter(pk__in=CollectionItem.objects.filter(collection_id=collection, collection__school=actor.school)
                       .values("resource_id"))
    if tag := clean_tag(tag):
        qs = qs.filter(tags__icontains=f",{tag},")
    if audience in Audience.values:
        qs = qs.filter(**{f"for_{audience}": True})
    if status in ResourceStatus.values:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(contributor=actor.user)
    for word in (q or "").split()[:5]:
        word = word[:Q_MAX]
        qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(tags__icontains=word))
    if order == "views":
        return qs.order_by("-view_count", "-pk")
    return qs.order_by("-created_at", "-pk")


def latest(actor: Actor, limit: int = 6) -> list[Resource]:
    return list(resources(actor).filter(status=ResourceStatus.PUBLISHED).order_by("-created_at", "-pk")[:limit])


def most_viewed(actor: Actor, limit: int = 6) -> list[Resource]:
    return list(resources(actor).filter(status=ResourceStatus.PUBLISHED, view_count__gt=0)
                .order_by("-view_count", "-pk")[:limit])


def my_favourites(actor: Actor, limit: int | None = 6) -> QuerySet[Resource] | list[Resource]:
    qs = resources(actor).filter(pk__in=Favourite.objects.filter(user=actor.user).values("resource_id"))
    qs = qs.order_by("-created_at", "-pk")
    return list(qs[:limit]) if limit else qs


def resource_detail(actor: Actor, pk: int) -> Resource:
    resource = (Resource.objects.filter(school=actor.school, pk=pk).select_related("contributor")
                .prefetch_related("grades").first())
    if resource is None or not actor.can("library.view") or not can(actor, "view_resource", resource):
        raise Http404
    return resource


def editable(actor: Actor, pk: int) -> Resource:
    resource = resource_detail(actor, pk)
    if not can(actor, "edit_resource", resource):
        raise Http404
    return resource


def rating_of(resource: Resource) -> dict:
    return resource.ratings.aggregate(average=Avg("stars"), count=Count("pk"))


def my_rating(actor: Actor, resource: Resource) -> int | None:
    return Rating.objects.filter(resource=resource, user=actor.user).values_list("stars", flat=True).first()


def is_favourite(actor: Actor, resource: Resource) -> bool:
    return Favourite.objects.filter(resource=resource, user=actor.user).exists()


def favourite_ids(actor: Actor, ids) -> set[int]:
    return set(Favourite.objects.filter(user=actor.user, resource_id__in=list(ids)).values_list("resource_id",
                                                                                                   flat=True))


def collections(actor: Actor) -> QuerySet[Collection]:
    """The school's collections, each with how many of its resources the actor sees."""
    actor.require("library.view")
    visible = Resource.objects.filter(visible_q(actor), school=actor.school).values("pk")
    return (Collection.objects.filter(school=actor.school)
            .annotate(visible_count=Count("items", filter=Q(items__resource_id__in=visible)))
            .order_by("order", "pk"))


def collection_detail(actor: Actor, pk: int) -> Collection:
    collection = collections(actor).filter(pk=pk).first()
    if collection is None:
        raise Http404
    return collection


def collection_resources(actor: Actor, collection: Collection) -> QuerySet[Resource]:
    """The collection's resources the actor sees, in the collection's order."""
    items = CollectionItem.objects.filter(collection=collection)
    from django.db.models import Subquery

    return (resources(actor).filter(pk__in=items.values("resource_id"))
            .annotate(position=Subquery(items.filter(resource_id=OuterRef("pk")).values("position")[:1]))
            .order_by("position", "pk"))


def resource_collections(resource: Resource) -> QuerySet[Collection]:
    return Collection.objects.filter(items__resource=resource).order_by("order", "pk")


def used_in(actor: Actor, resource: Resource) -> dict:
    """The activities and parent-school sessions the resource was used in, that the actor may see there:
    {"activities": [(link id, activity)], "sessions": [(link id, session)]}."""
    from xinhuo.activities import selectors as activity_selectors

    links = list(UsedIn.objects.filter(resource=resource).values_list("pk", "activity_id", "session_id"))
    by_activity = {a: pk for pk, a, _s in links if a}
    by_session = {s: pk for pk, _a, s in links if s}
    activities = []
    if by_activity:
        activities = [(by_activity[a.pk], a) for a in activity_selectors.activities(actor)
                      .filter(pk__in=list(by_activity)).order_by("-starts_at", "pk")]
    sessions = []
    if by_session and actor.can("family.school.view"):
        from xinhuo.family.school import selectors as school_selectors

        sessions = [(by_session[s.pk], s) for s in school_selectors.sessions(actor).filter(pk__in=list(by_session))]
    return {"activities": activities, "sessions": sessions}


def usable_activities(actor: Actor, limit: int = 200):
    """The activities a contributor may link a resource to: those they see, newest first."""
    from xinhuo.activities import selectors as activity_selectors

    return activity_selectors.activities(actor).order_by("-starts_at", "-pk")[:limit]


def usable_sessions(actor: Actor, limit: int = 200):
    if not actor.can("family.school.view"):
        return []
    from xinhuo.family.school import selectors as school_selectors

    return school_selectors.sessions(actor).order_by("-starts_at", "-pk")[:limit]



def activity_panel(actor: Actor, activity) -> dict | None:
    """The activity page's block: the library's resources used in it that the actor sees (none: no block)."""
    if activity.school_id != actor.school.pk or not actor.can("library.view"):
        return None
    rows = list(resources(actor).filter(pk__in=UsedIn.objects.filter(activity=activity).values("resource_id"))
                .order_by("title", "pk")[:20])
    return {"resources": rows} if rows else None


HOME_NEW = 5


def home_panel(actor: Actor) -> dict | None:
    """The home page's "new in the library": the latest published resources meant for the actor (a parent's micro-
    lectures, a student's red stories), one query; none yet: no block."""
    if not actor.can("library.view"):
        return None
    rows = list(resources(actor).select_related(None).filter(status=ResourceStatus.PUBLISHED)
                .order_by("-created_at", "-pk").only("pk", "title", "kind", "created_at", "school_id")[:HOME_NEW])
    return {"new_resources": rows} if rows else None
