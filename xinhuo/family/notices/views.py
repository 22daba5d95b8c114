"""Pages of notices to families (senders: write, send, follow the receipts; parents: read and reply) and of the
per-child message threads. Thin: the selectors scope, the services write."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from xinhuo.core.excel import header_cells, safe_row, xlsx_response
from xinhuo.core.services import access_log_record
from xinhuo.core.web import (
    act,
    actor_view,
    form_status,
    log_list,
    log_view,
    paginate,
    query_without_page,
    stream_file,
    submit,
)
from xinhuo.people import selectors as people

from . import rules, selectors, services
from .forms import MessageForm, NoticeForm, ThreadForm, questions_text
from .models import FamilyNotice, FamilyNoticeAttachment, NoticeReplyKind, NoticeStatus

# --- senders ---------------------------------------------------------------------------------------------------


@actor_view("family.notices.send")
def notices_list(request):
    status = request.GET.get("status", "")
    page = paginate(request, selectors.sent_notice_list(request.actor, status=status))
    for n in page:
        n.read_pct = round(n.read_n * 100 / n.total) if n.total else 0
    return render(request, "family/notices/list.html", {
        "page": page, "status": status, "statuses": NoticeStatus.choices, "query": query_without_page(request)})


def _form_page(request, notice: FamilyNotice | None):
    actor = request.actor
    initial = {}
    if notice is not None:
        initial = {"title": notice.title, "body": notice.body, "audience": notice.audience,
                   "grades": list(notice.grades.all()), "classes": list(notice.classes.all()),
                   "students": list(notice.students.all()),
                   "student_numbers": " ".join(notice.students.values_list("student_no", flat=True)),
                   "reply_kind": notice.reply_kind, "questions": questions_text(notice.questions),
                   "reply_deadline": timezone.localtime(notice.reply_deadline) if notice.reply_deadline else None}
    form = NoticeForm(request.POST or None, request.FILES or None, actor=actor, initial=initial)
    sending = request.POST.get("send") == "1"

    def save() -> FamilyNotice:
        remove = [int(x) for x in request.POST.getlist("remove_attachment") if x.isdigit()]
        saved = services.notice_save(actor=actor, notice=notice, remove_attachments=remove, **form.service_kwargs())
        if sending:
            saved = services.notice_send(actor=actor, notice=saved)
        return saved

    done = submit(request, form, save, _("The notice is being sent to the families.") if sending
                  else _("Draft saved."))
    if done:
        return redirect("family:notices-detail", pk=done.pk)
    return render(request, "family/notices/form.html", {"form": form, "notice": notice},
                  status=form_status(request))


@actor_view("family.notices.send")
def notices_new(request):
    return _form_page(request, None)


@actor_view("family.notices.send")
def notices_edit(request, pk: int):
    notice = selectors.own_notice(request.actor, pk)
    if notice.status != NoticeStatus.DRAFT:
        messages.error(request, _("The notice has been sent: it can no longer be changed."))
        return redirect("family:notices-detail", pk=pk)
    return _form_page(request, notice)


def _chart(figures: dict) -> list[dict]:
    cats = [_("Read"), _("Unread"), _("Replied"), _("Not replied")]
    vals = [figures["read"], figures["unread"], figures["replied"], figures["not_replied"]]
    total = figures["total"] or 1
    return [{"id": "receipts-chart", "type": "bar", "categories": cats, "values": vals,
             "pcts": [round(v * 100 / total) for v in vals]}]


@actor_view("family.notices.send")
def notices_detail(request, pk: int):
    """The receipts page: the notice, its delivery progress, read and reply counts, the families."""
    actor = request.actor
    notice = selectors.sent_notice(actor, pk)
    show = request.GET.get("show", "")
    show = show if show in selectors.FILTERS else ""
    try:
        school_class = int(request.GET.get("class") or 0) or None
    except ValueError:
        school_class = None
    figures = selectors.counts(notice)
    charts = _chart(figures) if figures["total"] else []
    page = paginate(request, selectors.recipients(notice, show=show, school_class=school_class), per_page=50)
    for row in page:
        row.reply = services.answers_of(notice, row)
    if notice.status != NoticeStatus.DRAFT:
        log_list(request, "family_notice_recipients", page, {"show": show, "class": school_class},
                 object_id=notice.pk)
    return render(request, "family/notices/detail.html", {
        "notice": notice, "figures": figures, "page": page, "show": show, "school_class": school_class,
        "classes": selectors.recipient_classes(notice) if notice.status != NoticeStatus.DRAFT else [],
        "attachments": list(notice.attachments.all()), "charts": charts,
        "chart_rows": list(zip(charts[0]["categories"], charts[0]["values"], charts[0]["pcts"], strict=True))
        if charts else [],
        "query": query_without_page(request), "mine": notice.sender_id == actor.user.pk,
        "reminded_today": notice.reminded_on == timezone.localdate(),
        "filters": [("", _("All")), ("unread", _("Unread")), ("no_reply", _("No reply")), ("read", _("Read")),
                    ("replied", _("Replied")), ("no_account", _("No account"))],
    })


@actor_view("family.notices.send")
def notices_progress(request, pk: int):
    """The delivery's progress bar, polled by htmx; once delivered the whole page reloads."""
    notice = selectors.sent_notice(request.actor, pk)
    if notice.status != NoticeStatus.SENDING and request.htmx:
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "family/notices/_progress.html", {"notice": notice})


@require_POST
@actor_view("family.notices.send")
def notices_send(request, pk: int):
    notice = selectors.own_notice(request.actor, pk)
    act(request, lambda: services.notice_send(actor=request.actor, notice=notice),
        _("The notice is being sent to the families."))
    return redirect("family:notices-detail", pk=pk)


@require_POST
@actor_view("family.notices.send")
def notices_remind(request, pk: int):
    notice = selectors.own_notice(request.actor, pk)
    act(request, lambda: services.notice_remind(actor=request.actor, notice=notice),
        lambda n: _("Reminded: %(n)d guardian accounts of unread families.") % {"n": n})
    return redirect("family:notices-detail", pk=pk)


@actor_view("family.notices.send")
def notices_export(request, pk: int):
    """The families' receipts and replies as an Excel workbook."""
    actor = request.actor
    notice = selectors.sent_notice(actor, pk)
    wb = Workbook(write_only=True)  # thousands of families: rows streamed, not kept as cell objects
    ws = wb.create_sheet(_("Replies")[:31])
    questions = [q["text"] for q in notice.questions] if notice.reply_kind == NoticeReplyKind.FORM else (
        [_("Answer")] if notice.reply_kind == NoticeReplyKind.YES_NO else [])
    ws.append(header_cells(ws, [_("Class"), _("Student number"), _("Child"), _("Guardians with an account"),
                                _("Read at"), _("Read by"), _("Replied at"), _("Replied by"), *questions]))
    rows = 0
    for row in selectors.recipients(notice).iterator(chunk_size=1000):
        answers = dict(services.answers_of(notice, row))
        ws.append(safe_row([
            str(row.school_class), row.student.student_no, row.student.name,
            "、".join(link.guardian.name for link in row.student.account_links),
            timezone.localtime(row.read_at).strftime("%Y-%m-%d %H:%M") if row.read_at else "",
            row.read_by.display_name if row.read_by else "",
            timezone.localtime(row.replied_at).strftime("%Y-%m-%d %H:%M") if row.replied_at else "",
            row.replied_by.display_name if row.replied_by else "",
            *[answers.get(q, "") for q in questions]]))
        rows += 1
    access_log_record(actor, "export", "family_notice_recipients", notice.pk, detail={"count": rows},
                      request=request)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return xlsx_response(buf, f"notice-{notice.pk}-replies.xlsx")


def _attachment_notice(actor, pk: int) -> FamilyNotice:
    if actor.can("family.notices.send"):
        found = selectors.sent_notices(actor).filter(pk=pk).first()
        if found:
            return found
    if actor.can("family.notices.read"):
        return selectors.my_notice(actor, pk)
    raise Http404


@actor_view("dashboard")
def notices_attachment(request, pk: int, file_pk: int):
    notice = _attachment_notice(request.actor, pk)
    item = get_object_or_404(FamilyNoticeAttachment, pk=file_pk, notice=notice)
    return stream_file(item.file, download_name=None if item.is_image else item.name)


# --- parents ---------------------------------------------------------------------------------------------------


@actor_view("family.notices.read")
def notices_mine(request):
    page = paginate(request, selectors.my_notices(request.actor))
    return render(request, "family/notices/mine.html", {"page": page})


@actor_view("family.notices.read")
def notices_read(request, pk: int):
    """A parent opens a notice: their families are marked read; a reply form per child when one is asked."""
    actor = request.actor
    notice = selectors.my_notice(actor, pk)
    services.notice_mark_read(actor=actor, notice=notice)
    rows = selectors.my_rows(actor, notice)
    for row in rows:
        row.reply = services.answers_of(notice, row)  # type: ignore[attr-defined]
        row.given = {q["key"]: v for q, (_t, v) in zip(notice.questions, row.reply, strict=False)}  # type: ignore[attr-defined]
    return render(request, "family/notices/read.html", {
        "notice": notice, "rows": rows, "attachments": list(notice.attachments.all())})


@require_POST
@actor_view("family.notices.read")
def notices_reply(request, pk: int, student_pk: int):
    actor = request.actor
    notice = selectors.my_notice(actor, pk)
    if student_pk not in actor.child_ids:
        raise Http404
    student = get_object_or_404(people.students_of_school(actor.school), pk=student_pk)
    agree = {"yes": True, "no": False}.get(request.POST.get("agree", ""))
    answers = {q["key"]: request.POST.get(q["key"], "") for q in notice.questions}
    act(request, lambda: services.notice_reply(actor=actor, notice=notice, student=student, agree=agree,
                                               answers=answers), _("Your reply is saved."))
    return redirect("family:notices-read", pk=pk)


# --- per-child messages --------------------------------------------------------------------------------------


@actor_view("family.messages.view")
def messages_list(request):
    page = paginate(request, selectors.thread_list(request.actor))
    return render(request, "family/notices/messages.html", {
        "page": page, "writes": request.actor.can("family.messages.write")})


@actor_view("family.messages.write")
def messages_new(request):
    actor = request.actor
    initial = {}
    if (sid := request.GET.get("student", "")).isdigit():
        initial["student"] = int(sid)
    form = ThreadForm(request.POST or None, actor=actor, initial=initial)
    thread = submit(request, form, lambda: services.thread_start(
        actor=actor, student=form.cleaned_data["student"], subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"]), _("Message sent to the family."))
    if thread:
        return redirect("family:messages-thread", pk=thread.pk)
    return render(request, "family/notices/message_new.html", {"form": form}, status=form_status(request))


@actor_view("family.messages.view")
def messages_thread(request, pk: int):
    actor = request.actor
    thread = selectors.thread(actor, pk)
    form = MessageForm(request.POST or None)
    if submit(request, form, lambda: services.thread_reply(actor=actor, thread=thread, body=form.cleaned_data["body"]),
              _("Message sent.")):
        return redirect("family:messages-thread", pk=pk)
    services.thread_mark_read(actor=actor, thread=thread)
    log_view(request, "family_thread", thread)
    return render(request, "family/notices/thread.html", {
        "thread": thread, "items": selectors.thread_messages(thread), "form": form,
        "side": rules.thread_side(actor, thread)}, status=form_status(request))
