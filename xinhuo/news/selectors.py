"""Reads of the news: published items for everyone, drafts for the committee (mirrors rules.view_news)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from xinhuo.core.access import Actor
from xinhuo.core.models import School

from .models import NewsImage, NewsItem, NewsStatus, PublicitySettings


def news(actor: Actor, *, drafts: bool = False) -> QuerySet[NewsItem]:
    qs = NewsItem.objects.filter(school=actor.school).select_related("activity").prefetch_related("images")
    if not actor.can("news.manage"):
        return qs.filter(status=NewsStatus.PUBLISHED)
    return qs.filter(status=NewsStatus.DRAFT) if drafts else qs


def news_of_activity(activity) -> QuerySet[NewsItem]:
    """The news made from an activity, drafts included: its organiser sees what became of their "publish as news"."""
    return NewsItem.objects.filter(activity=activity)


def images(item: NewsItem) -> list[NewsImage]:
    return list(item.images.all())


def activity_photos(item: NewsItem) -> list:
    """The photos of the item's activity (read through the activities app), at most twelve."""
    if not item.activity_id:
        return []
    from xinhuo.activities import selectors as activity_selectors

    return list(activity_selectors.photos(item.activity)[:12])  # type: ignore[arg-type]


def publicity_settings(school) -> PublicitySettings:
    """The school's choices for its public pages (unsaved defaults - both off - when it never chose)."""
    found = PublicitySettings.objects.filter(school=school).first()
    return found or PublicitySettings(school=school if isinstance(school, School) else School(pk=school))


# --- what the public (no login) may read: docs/publicity.md ----------------------------------------------------


def public_school(code: str | None) -> School:
    """The school whose public news page is asked: by its code, or - no code - the platform's only school. 404
    unless it has turned its news page public."""
    if code:
        school = School.objects.filter(code=code).first()
    else:
        schools = list(School.objects.order_by("pk")[:2])
        school = schools[0] if len(schools) == 1 else None
    if school is None or not publicity_settings(school).news_public:
        raise Http404
    return school


def public_news(school: School) -> QuerySet[NewsItem]:
    return (NewsItem.objects.filter(school=school, status=NewsStatus.PUBLISHED)
            .only("pk", "title", "body", "published_at", "created_at", "activity_id", "consent_checked", "school_id")
            .order_by("-published_at", "-pk"))


def public_item(school: School, pk: int) -> NewsItem:
    item = public_news(school).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def participant_names(item: NewsItem) -> tuple[list[str], list[str]]:
    """(the names of the activity's student participants whose publicity consent is complete, the names of those
    without it). The consent register (people.consent) decides; a student without full consent is never named."""
    if not item.activity_id:
        return [], []
    from xinhuo.activities import selectors as activity_selectors
    from xinhuo.activities.models import SignUpStatus
    from xinhuo.people import selectors as people_selectors
    from xinhuo.people.consent import students_with_consent
    from xinhuo.people.models import ConsentPurpose

    assert item.activity is not None  # activity_id checked above
    ids = [s.student_id for s in activity_selectors.signups(item.activity, statuses=(SignUpStatus.SIGNED_UP,))
           if s.student_id]
    students = people_selectors.students_of_school(item.school_id).filter(pk__in=ids)
    consented = set(students_with_consent(students, ConsentPurpose.PUBLICITY, school=item.school_id)
                    .values_list("pk", flat=True))
    rows = list(students.values_list("pk", "name"))
    return (sorted(n for pk, n in rows if pk in consented), sorted(n for pk, n in rows if pk not in consented))


def masked(text: str, names: list[str]) -> str:
    """The staff's text with every name of a student without publicity consent replaced (longest first, so 张小明
    goes before a 张小 would)."""
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = text.replace(name, "某同学")
    return text


def public_pictures(item: NewsItem) -> list:
    """The pictures the public may see: the editor's pictures marked as showing no students, and - once the editor
    has checked consent (consent_checked) - those showing students and the activity's photos."""
    from xinhuo.core.uploads import state

    pictures = [i for i in images(item) if item.consent_checked or not i.shows_students]
    if item.consent_checked:
        pictures += activity_photos(item)
    # a picture still as uploaded (pending the worker, or failed) keeps its EXIF block: never public
    return [p for p in pictures if not state(p.image.name)]


def picture_kind(picture) -> str:
    """"n": the editor's picture, "a": a photo of the activity (the public picture URL names which)."""
    return "n" if isinstance(picture, NewsImage) else "a"


class PublicReader:
    """The anonymous visitor of a school's public page, as the honours' selectors expect an actor: it may read the
    honour walls and nothing else (no user, no role)."""

    READS = frozenset({"honours.view", "selections.view"})

    def __init__(self, school: School) -> None:
        self.roles: frozenset[str] = frozenset()
        self.school, self.user = school, None

    def can(self, capability: str) -> bool:
        return capability in self.READS

    def require(self, capability: str) -> None:
        if not self.can(capability):
            raise Http404


def public_honours(school: School) -> dict | None:
    """The school's honour walls for the public page, when the school chose to show them: elders' awards marked
    for the wall, and the awarded selections' winners - a student only with full publicity consent, a class by its
    name; a model parent is left out (naming a parent names the child, and the register has no adult's consent)."""
    if not publicity_settings(school).honours_public:
        return None
    from xinhuo.elders.team import selectors as team_selectors
    from xinhuo.people import selectors as people_selectors
    from xinhuo.people.consent import students_with_consent
    from xinhuo.people.models import ConsentPurpose
    from xinhuo.selections import selectors as selection_selectors

    reader = PublicReader(school)
    awards = list(team_selectors.honour_wall(reader)[:50])  # type: ignore[arg-type]
    winners = list(selection_selectors.winners(reader).only(  # type: ignore[arg-type]
        "pk", "name", "group", "awarded_at", "student_id", "guardian_id", "selection__id", "selection__title",
        "selection__kind", "selection__stage")[:100])
    student_ids = [w.student_id for w in winners if w.student_id]
    consented = set(students_with_consent(people_selectors.students_of_school(school).filter(pk__in=student_ids),
                                          ConsentPurpose.PUBLICITY, school=school).values_list("pk", flat=True))
    shown = [w for w in winners if not w.guardian_id and (not w.student_id or w.student_id in consented)]
    return {"awards": awards, "winners": shown}
