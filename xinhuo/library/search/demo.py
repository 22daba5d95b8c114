"""The demo school's search: a few words of its dictionary, then its whole index (the other apps' demos write most
rows with bulk_create, which sends no post_save). Runs last of the library's parts."""

from __future__ import annotations

DEMO_WORDS = ("关工委", "五老宣讲团", "薪火宣讲团", "红领巾志愿服务队", "心理加油站", "家长学校")


def build(ctx) -> None:
    from .indexing import reindex
    from .models import SchoolWord

    SchoolWord.objects.bulk_create([SchoolWord(school=ctx.school, word=w, created_by=ctx.director)
                                    for w in DEMO_WORDS], ignore_conflicts=True)
    reindex(ctx.school.pk)
