"""The demo school's resource library: about 200 published resources across the collections, with files whose text
was extracted, ratings, favourites, views and used-in links; the parent sees the family micro-lectures, the
student does not."""

from __future__ import annotations

import pytest

from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.library.models import Collection, Favourite, Rating, Resource, UsedIn
from xinhuo.library.resources import selectors


@pytest.mark.django_db
def test_the_demo_library():
    build_demo(size="small", password="Demo-Pass-2026")
    director = build_actor(User.objects.get(username="director"))
    assert director is not None
    school = director.school
    resources = Resource.objects.filter(school=school)
    assert 180 <= resources.count() <= 260
    assert set(resources.values_list("kind", flat=True)) == {"video", "audio", "document", "image", "article", "link"}
    titles = set(Collection.objects.filter(school=school).values_list("title", flat=True))
    assert {"红色故事100讲", "家庭教育微课", "心理加油站", "法治教育", "传统节日", "学雷锋"} <= titles
    assert resources.filter(kind="document").exclude(extracted_text="").count() >= 5
    assert Rating.objects.exists() and Favourite.objects.exists() and UsedIn.objects.exists()
    parent = build_actor(User.objects.get(username="parent"))
    student = build_actor(User.objects.get(username="student"))
    family = Collection.objects.get(school=school, title="家庭教育微课")
    assert selectors.collection_resources(parent, family).filter(kind="audio").exists()
    assert not selectors.collection_resources(student, family).exists()
