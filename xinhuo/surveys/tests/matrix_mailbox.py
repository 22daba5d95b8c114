"""Access-matrix cases of the feedback mailbox (SRV-3).

Everyone writes (the outsider to their own school), reads the public replies and their own signed letters; the
look-up by code needs
no login (anon 200). The handlers' list is the committee's (director, leader), the other staff who handle the
mailbox (head teachers: their assigned letters, none here) and the counsellor; a letter assigned to head teacher A
is seen by the committee and by her, not by the counsellor (not flagged); a flagged letter also by the counsellor.
Assigning, closing and the settings are the committee's; replying the committee's and the assignee's. The API
follows the same rules (POST mailbox/lookup/ is open to all, also without login)."""

from __future__ import annotations

from xinhuo.core.tests.matrix import EVERYONE, Case, k

COMMITTEE = {"director", "leader"}
HANDLERS = COMMITTEE | {"head_teacher_a", "head_teacher_b", "counsellor", "outsider"}  # outsider: their own school
CODE = "K7QM4XPA"
FLAGGED_CODE = "H3ZT9WNB"


def _letter(w, code: str, flagged: bool):
    import datetime as dt

    from django.utils import timezone

    from xinhuo.surveys.mailbox.services import code_hash
    from xinhuo.surveys.models import Message, MessageStatus

    found = Message.objects.filter(code_hash=code_hash(code)).first()
    if found:
        return found.pk
    return Message.objects.create(
        school=w.school, code_hash=code_hash(code), subject="食堂的饭菜" if not flagged else "我不想活了",
        body="希望改进。", writer_role="student", received_on=timezone.localdate(), status=MessageStatus.ASSIGNED,
        assignee=w.users["head_teacher_a"], reply_due=timezone.localdate() + dt.timedelta(days=7),
        flagged=flagged, flag_words=["不想活"] if flagged else []).pk


def letter(w, e=None):
    return _letter(w, CODE, False)


def flagged(w, e=None):
    return _letter(w, FLAGGED_CODE, True)


def with_letter(w, e=None) -> dict:
    """No URL arguments; the letter whose code the look-up case posts is made first."""
    letter(w)
    return {}


CASES: list = [
    Case("surveys:mailbox-write", EVERYONE),
    Case("surveys:mailbox-write", EVERYONE, ok=400, method="post", data={"subject": "", "body": ""}),
    Case("surveys:mailbox-sent", EVERYONE),
    Case("surveys:mailbox-lookup", EVERYONE, anon=200),
    Case("surveys:mailbox-mine", EVERYONE),
    Case("surveys:mailbox-public", EVERYONE),
    Case("surveys:mailbox", HANDLERS),
    Case("surveys:mailbox-message", COMMITTEE | {"head_teacher_a"}, kwargs=k(pk=letter)),
    Case("surveys:mailbox-message", COMMITTEE | {"head_teacher_a", "counsellor"}, kwargs=k(pk=flagged)),
    Case("surveys:mailbox-assign", COMMITTEE, kwargs=k(pk=letter)),
    Case("surveys:mailbox-reply", COMMITTEE | {"head_teacher_a"}, kwargs=k(pk=letter)),
    Case("surveys:mailbox-close", COMMITTEE, ok=302, method="post", data={"comment": "已当面沟通"},
         kwargs=k(pk=letter)),
    Case("surveys:mailbox-settings", COMMITTEE | {"outsider"}),
    # the API
    Case("api:mailbox-write", EVERYONE, ok=400, method="post", data={"subject": "", "body": ""}, api=True),
    Case("api:mailbox-write", EVERYONE, ok=201, method="post", data={"subject": "建议", "body": "多开社团"}, api=True),
    Case("api:mailbox-lookup", EVERYONE, method="post", data={"code": CODE}, anon=200, api=True,
         kwargs=with_letter),
    Case("api:mailbox-message-list", HANDLERS, api=True),
    Case("api:mailbox-message-detail", COMMITTEE | {"head_teacher_a"}, kwargs=k(pk=letter), api=True),
    Case("api:mailbox-message-detail", COMMITTEE | {"head_teacher_a", "counsellor"}, kwargs=k(pk=flagged),
         api=True),
    Case("api:mailbox-message-assign", COMMITTEE, method="post", kwargs=k(pk=letter), api=True,
         data={"assignee": 0}, ok=400),
    Case("api:mailbox-message-reply", COMMITTEE | {"head_teacher_a"}, method="post", kwargs=k(pk=letter),
         api=True, data={"reply": "已转告食堂。"}),
    Case("api:mailbox-message-close", COMMITTEE, method="post", kwargs=k(pk=letter), api=True,
         data={"comment": "已处理"}),
]
