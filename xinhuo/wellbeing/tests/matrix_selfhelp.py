"""Access-matrix cases of the self-help corner (PSY-4).

Everyone reads the corner and its published items (an item for every grade and for parents too; the outsider's
school has none of them, so 404); the counsellor alone adds, edits and unpublishes items, keeps the peer supporters
and answers talk requests; students see the active peer supporters and ask to talk (their own requests). The API
(/api/v1/wellbeing/selfhelp, peer-supporters, talk-requests) follows the same rules."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k

HERE = EVERYONE - {"outsider"}
COUNSELLOR = {"counsellor"}
STUDENTS = {"student_x", "student_y"}


def article(w, e=None):
    from xinhuo.wellbeing.models import SelfHelpItem

    found = SelfHelpItem.objects.filter(school=w.school, kind=SelfHelpItem.Kind.ARTICLE).first()
    if found:
        return found.pk
    return SelfHelpItem.objects.create(school=w.school, title="考试焦虑怎么办", kind=SelfHelpItem.Kind.ARTICLE,
                                       topic="考试焦虑", for_parents=True, body="深呼吸。").pk


def audio(w, e=None):
    from django.core.files.base import ContentFile

    from xinhuo.wellbeing.models import SelfHelpItem

    found = SelfHelpItem.objects.filter(school=w.school, kind=SelfHelpItem.Kind.AUDIO).first()
    if found:
        return found.pk
    item = SelfHelpItem(school=w.school, title="478呼吸", kind=SelfHelpItem.Kind.AUDIO, topic="放松",
                        for_parents=True)
    item.audio.save("breath.mp3", ContentFile(b"ID3\x03\x00\x00\x00" + b"\x00" * 64), save=True)
    return item.pk


def supporter(w, e=None):
    import datetime as dt

    from xinhuo.wellbeing.models import PeerSupporter

    return PeerSupporter.objects.get_or_create(school=w.school, student=w.student_z, defaults={
        "training": "朋辈辅导员培训", "trained_on": dt.date(2026, 9, 10)})[0].pk


def talk(w, e=None):
    from xinhuo.wellbeing.models import TalkRequest

    return TalkRequest.objects.get_or_create(school=w.school, student=w.student_x, with_whom="peer",
                                             status="waiting", defaults={"message": "最近睡不好"})[0].pk


CASES: list = [
    Case("wellbeing:selfhelp", EVERYONE),
    Case("wellbeing:selfhelp-item", HERE, kwargs=k(pk=article)),
    Case("wellbeing:selfhelp-audio", HERE, kwargs=k(pk=audio)),
    Case("wellbeing:selfhelp-create", COUNSELLOR),
    Case("wellbeing:selfhelp-edit", COUNSELLOR, kwargs=k(pk=article)),
    Case("wellbeing:selfhelp-publish", COUNSELLOR, ok=302, method="post", data={"published": "0"},
         kwargs=k(pk=article)),
    Case("wellbeing:selfhelp-supporters", COUNSELLOR | STUDENTS),
    Case("wellbeing:selfhelp-supporter-create", COUNSELLOR),
    Case("wellbeing:selfhelp-supporter-edit", COUNSELLOR, kwargs=k(pk=supporter)),
    Case("wellbeing:talk-mine", STUDENTS),
    Case("wellbeing:talk-requests", COUNSELLOR),
    Case("wellbeing:talk-request", COUNSELLOR, kwargs=k(pk=talk)),
    Case("wellbeing:talk-answer", COUNSELLOR, ok=302, method="post", data={"status": "arranged", "answer": "周三午休"},
         kwargs=k(pk=talk)),
    # the API: the same rules (a student's talk request is their own; answering stays on the pages)
    Case("api:wellbeing-selfhelp-list", EVERYONE, api=True),
    Case("api:wellbeing-selfhelp-detail", HERE, kwargs=k(pk=article), api=True),
    Case("api:wellbeing-peer-supporter-list", COUNSELLOR | STUDENTS, api=True),
    Case("api:wellbeing-talk-request-list", STUDENTS, api=True),
    Case("api:wellbeing-talk-request-list", STUDENTS, ok=201, method="post", data={"with_whom": "peer"}, api=True),
]
