"""The news app's access-matrix cases; test_access_matrix adds them. The public pages answer everyone, logged in
or not (anon=200), once the school has turned them on; the settings are the director's."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k
from xinhuo.news.models import NewsImage, NewsItem, PublicitySettings

WRITERS = {"director", "leader"}  # and department heads (no such persona in the matrix)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
       b"\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def item(w, status="published") -> NewsItem:
    n, _ = NewsItem.objects.get_or_create(school=w.school, title=f"新闻 {status}",
                                          defaults={"body": "学雷锋活动圆满结束", "status": status})
    return n


def image(w, e=None) -> int:
    """A picture of the published item showing no students (so the public page shows it too)."""
    from django.core.files.base import ContentFile

    found = NewsImage.objects.filter(item=item(w)).first()
    if found is None:
        found = NewsImage(item=item(w), shows_students=False, caption="校门")
        found.image.save("gate.png", ContentFile(PNG), save=True)
    return found.pk


def public(w, e=None) -> str:
    PublicitySettings.objects.update_or_create(school=w.school, defaults={"news_public": True,
                                                                          "honours_public": True})
    return w.school.code


def public_item(w, e=None) -> int:
    public(w)
    return item(w).pk


P = k(pk=lambda w, e: item(w).pk)
D = k(pk=lambda w, e: item(w, "draft").pk)
EVERYONE_ANON = EVERYONE  # the public pages: every persona and the anonymous visitor (anon=200)

CASES: list = [
    Case("news:new", WRITERS | {"outsider"}),  # the other school's director writes there
    Case("news:detail", EVERYONE - {"outsider"}, kwargs=P),
    Case("news:detail", WRITERS, kwargs=D),
    Case("news:edit", WRITERS, kwargs=D),
    Case("news:publish", WRITERS, ok=302, method="post", kwargs=D),
    Case("news:image", EVERYONE - {"outsider"}, kwargs=k(pk=lambda w, e: item(w).pk, image=image)),
    Case("news:image-add", WRITERS, ok=302, method="post", kwargs=D),
    Case("news:image-remove", WRITERS, ok=302, method="post", kwargs=k(pk=lambda w, e: item(w).pk, image=image)),
    Case("news:export-zip", WRITERS, kwargs=P),
    Case("news:export-poster", WRITERS, kwargs=P),
    Case("news:export-zip", set(), kwargs=D),  # a draft is not exported
    Case("news:settings", {"director", "outsider"}),
    Case("news:settings", {"director", "outsider"}, ok=302, method="post", data={"news_public": "on"}),
    # -- public (no login); /news/public/ names no school: the world hosts two, so there is no default
    Case("news:public", set(), anon=404),
    Case("news:public-list", EVERYONE_ANON, anon=200, kwargs=k(code=public)),
    Case("news:public-list", set(), denied=404, anon=404, kwargs=k(code=lambda w, e: w.school.code)),  # off
    Case("news:public-detail", EVERYONE_ANON, anon=200, kwargs=k(code=public, pk=public_item)),
    Case("news:public-detail", set(), anon=404, kwargs=k(code=public, pk=lambda w, e: item(w, "draft").pk)),
    Case("news:public-picture", EVERYONE_ANON, anon=200,
         kwargs=k(code=public, pk=public_item, kind=lambda w, e: "n", picture=image)),
    Case("news:public-honours", EVERYONE_ANON, anon=200, kwargs=k(code=public)),
    # -- API
    Case("api:news-list", EVERYONE, api=True),
    Case("api:news-detail", EVERYONE - {"outsider"}, kwargs=P, api=True),
    Case("api:news-detail", WRITERS, kwargs=D, api=True),
]
