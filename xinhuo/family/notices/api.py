"""API of the notices part, for a parent's phone and a sender's app: the same selectors and services as the pages.

- family/notices/sent/ (senders): list, retrieve (with counts), create (a draft; "send": true sends it at once,
  scoped as the pages: another class is a 400 and nothing is sent), {id}/send/, {id}/remind/ (once a day),
  {id}/recipients/ (?show=unread|no_reply|read|replied|no_account, ?class=).
- family/notices/mine/ (parents): list, retrieve (marks the family read), {id}/reply/ {"student", "agree" or
  "answers"} (until the deadline).
- family/messages/ (head teachers and the child's guardians): list, retrieve (marks read), create (a head
  teacher: {"student", "subject", "body"}), {id}/reply/ {"body"}.
Out of scope: 404; a refusal: 400 with the service's words."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.models import Grade, SchoolClass
from xinhuo.core.params import IdField, query_id
from xinhuo.core.services import access_log_record
from xinhuo.people import selectors as people

from . import selectors, services
from .models import (
    BODY_MAX,
    MESSAGE_MAX,
    TITLE_MAX,
    FamilyMessage,
    FamilyNotice,
    FamilyNoticeRecipient,
    FamilyThread,
    NoticeAudience,
    NoticeReplyKind,
    NoticeStatus,
)

PATHS: list = []


class FamilyNoticeQuestionSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    text = serializers.CharField(help_text=f"At most {services.QUESTION_MAX} characters.")
    kind = serializers.ChoiceField(choices=["choice", "text"])
    options = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                    help_text="2-6 options of a choice question.")


class FamilyNoticeAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("family:notices-attachment", args=[obj.notice_id, obj.pk])


class FamilyNoticeSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=NoticeStatus.choices)
    audience = serializers.ChoiceField(choices=NoticeAudience.choices)
    reply_kind = serializers.ChoiceField(choices=NoticeReplyKind.choices)
    read = serializers.IntegerField(source="read_n", read_only=True)
    replied = serializers.IntegerField(source="replied_n", read_only=True)

    class Meta:
        model = FamilyNotice
        fields = ["id", "title", "status", "audience", "reply_kind", "reply_deadline", "signed", "total", "done",
                  "read", "replied", "created_at", "sent_at", "reminded_on"]


class FamilyNoticeDetailSerializer(FamilyNoticeSerializer):
    questions = FamilyNoticeQuestionSerializer(many=True)
    attachments = FamilyNoticeAttachmentSerializer(many=True)
    grades = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    classes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    students = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]

    class Meta(FamilyNoticeSerializer.Meta):
        fields = [*FamilyNoticeSerializer.Meta.fields, "body", "grades", "classes", "students", "questions",
                  "attachments"]


class FamilyNoticeWriteSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, help_text=f"At most {TITLE_MAX} characters.")
    body = serializers.CharField(allow_blank=True, help_text=f"At most {BODY_MAX} characters.")
    audience = serializers.ChoiceField(choices=NoticeAudience.choices)
    grades = serializers.ListField(child=IdField(), required=False, default=list)
    classes = serializers.ListField(child=IdField(), required=False, default=list)
    students = serializers.ListField(child=IdField(), required=False, default=list,
                                     help_text="The children whose families are chosen (audience families).")
    reply_kind = serializers.ChoiceField(choices=NoticeReplyKind.choices, default=NoticeReplyKind.NONE)
    questions = FamilyNoticeQuestionSerializer(many=True, required=False, default=list)
    reply_deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)
    send = serializers.BooleanField(default=False, help_text="Send at once (otherwise a draft is kept).")


class FamilyNoticeRecipientSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name")
    class_name = serializers.CharField(source="school_class.__str__")
    guardians = serializers.SerializerMethodField(help_text="The child's guardians with an account.")
    read_by = serializers.CharField(source="read_by.display_name", default=None)
    replied_by = serializers.CharField(source="replied_by.display_name", default=None)
    reply = serializers.SerializerMethodField(help_text="[question, answer] pairs; empty without a reply.")

    class Meta:
        model = FamilyNoticeRecipient
        fields = ["id", "student", "student_name", "class_name", "guardians", "read_at", "read_by", "replied_at",
                  "replied_by", "reply"]

    def get_guardians(self, obj) -> list[str]:
        return [link.guardian.name for link in obj.student.account_links]

    def get_reply(self, obj) -> list[list[str]]:
        return [list(pair) for pair in services.answers_of(obj.notice, obj)]


def _pick(qs, ids: list[int], field: str) -> list:
    """The rows of these ids in qs (the school's), or a 400 if one of them is not there."""
    rows = list(qs.filter(pk__in=ids))
    if len(rows) != len(set(ids)):
        raise ValidationError({field: _unknown()})
    return rows


def _unknown() -> str:
    from django.utils.translation import gettext as _

    return _("Some of the chosen records do not exist.")


class SentNoticeViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """The notices the caller sent (the committee: every notice of the school), with their receipts."""

    capability = "family.notices.send"
    serializer_class = FamilyNoticeSerializer
    queryset = FamilyNotice.objects.none()  # the schema's id type; get_queryset scopes

    def get_queryset(self):
        return selectors.sent_notice_list(self.actor).prefetch_related("attachments", "grades", "classes",
                                                                       "students")

    def get_serializer_class(self):
        return FamilyNoticeDetailSerializer if self.action != "list" else FamilyNoticeSerializer

    def _detail(self, notice: FamilyNotice, code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=notice.pk)
        return Response(FamilyNoticeDetailSerializer(fresh).data, status=code)

    @extend_schema(request=FamilyNoticeWriteSerializer, responses={201: FamilyNoticeDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = FamilyNoticeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        actor = self.actor
        notice = services.notice_save(
            actor=actor, title=d["title"], body=d["body"], audience=d["audience"],
            grades=_pick(Grade.objects.filter(school=actor.school), d["grades"], "grades"),
            classes=_pick(SchoolClass.objects.filter(school=actor.school), d["classes"], "classes"),
            students=_pick(people.students_of_school(actor.school), d["students"], "students"),
            reply_kind=d["reply_kind"],
            questions=[dict(q) for q in d["questions"]], reply_deadline=d["reply_deadline"])
        if d["send"]:
            notice = services.notice_send(actor=actor, notice=notice)
        return self._detail(notice, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=FamilyNoticeDetailSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        notice = services.notice_send(actor=self.actor, notice=self.get_object())
        return self._detail(notice)

    @extend_schema(request=None, responses=FamilyNoticeDetailSerializer)
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        notice = self.get_object()
        services.notice_remind(actor=self.actor, notice=notice)
        return self._detail(notice)

    @extend_schema(parameters=[
        OpenApiParameter("show", str, description="One of: " + ", ".join(selectors.FILTERS) + "."),
        OpenApiParameter("class", int, description="Only this class's families.")],
        responses=FamilyNoticeRecipientSerializer(many=True))
    @action(detail=True, methods=["get"])
    def recipients(self, request, pk=None):
        notice = self.get_object()
        show = request.query_params.get("show", "")
        rows = selectors.recipients(notice, show=show if show in selectors.FILTERS else "",
                                    school_class=query_id(request.query_params, "class"))
        page = self.paginate_queryset(rows)
        for row in page:  # type: ignore[union-attr]
            row.notice = notice
        access_log_record(self.actor, "list", "family_notice_recipients", notice.pk, request=request,
                          detail={"api": True, "show": show})
        return self.get_paginated_response(FamilyNoticeRecipientSerializer(page, many=True).data)


# --- parents ------------------------------------------------------------------------------------------------------


class MyFamilyNoticeSerializer(serializers.ModelSerializer):
    reply_kind = serializers.ChoiceField(choices=NoticeReplyKind.choices)
    unread = serializers.BooleanField()
    unreplied = serializers.BooleanField()
    reply_closed = serializers.BooleanField()

    class Meta:
        model = FamilyNotice
        fields = ["id", "title", "signed", "sent_at", "reply_kind", "reply_deadline", "reply_closed", "unread",
                  "unreplied"]


class MyFamilyNoticeFamilySerializer(serializers.Serializer):
    student = serializers.IntegerField(source="student_id")
    student_name = serializers.CharField(source="student.name")
    read_at = serializers.DateTimeField(allow_null=True)
    replied_at = serializers.DateTimeField(allow_null=True)
    replied_by = serializers.CharField(source="replied_by.display_name", default=None)
    reply = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class MyFamilyNoticeDetailSerializer(MyFamilyNoticeSerializer):
    questions = FamilyNoticeQuestionSerializer(many=True)
    attachments = FamilyNoticeAttachmentSerializer(many=True)
    families = serializers.SerializerMethodField()

    class Meta(MyFamilyNoticeSerializer.Meta):
        fields = [*MyFamilyNoticeSerializer.Meta.fields, "body", "questions", "attachments", "families"]

    def get_families(self, obj) -> list[dict]:
        return MyFamilyNoticeFamilySerializer(getattr(obj, "families", []), many=True).data  # type: ignore[return-value]


class FamilyNoticeReplySerializer(serializers.Serializer):
    student = IdField(help_text="The child the reply is for.")
    agree = serializers.BooleanField(required=False, allow_null=True, default=None,
                                     help_text="A yes/no reply.")
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict,
                                    help_text='A form reply: {"q1": "...", ...}.')


class MyNoticeViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The notices addressed to the caller's family (parents)."""

    capability = "family.notices.read"
    serializer_class = MyFamilyNoticeSerializer
    queryset = FamilyNotice.objects.none()  # the schema's id type; get_queryset scopes

    def get_queryset(self):
        return selectors.my_notices(self.actor).prefetch_related("attachments")

    def get_serializer_class(self):
        return MyFamilyNoticeDetailSerializer if self.action != "list" else MyFamilyNoticeSerializer

    def _detail(self, notice: FamilyNotice) -> Response:
        notice = self.get_queryset().get(pk=notice.pk)
        notice.families = selectors.my_rows(self.actor, notice)  # type: ignore[attr-defined]
        for row in notice.families:  # type: ignore[attr-defined]
            row.reply = [list(pair) for pair in services.answers_of(notice, row)]
        return Response(MyFamilyNoticeDetailSerializer(notice).data)

    def retrieve(self, request, *args, **kwargs):
        """Reading the notice marks the caller's families read."""
        notice = self.get_object()
        services.notice_mark_read(actor=self.actor, notice=notice)
        return self._detail(notice)

    @extend_schema(request=FamilyNoticeReplySerializer, responses=MyFamilyNoticeDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        notice = self.get_object()
        data = FamilyNoticeReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        student = people.students_of_school(self.actor.school).filter(pk=d["student"]).first()
        if student is None or student.pk not in self.actor.child_ids:
            raise ValidationError({"student": _unknown()})
        services.notice_reply(actor=self.actor, notice=notice, student=student, agree=d["agree"],
                              answers=d["answers"])
        return self._detail(notice)


# --- per-child messages -------------------------------------------------------------------------------------------


class FamilyMessageSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", default=None)
    side = serializers.ChoiceField(choices=FamilyMessage.Side.choices)

    class Meta:
        model = FamilyMessage
        fields = ["id", "side", "author", "body", "sent_at", "read_at"]


class FamilyThreadSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name")
    class_name = serializers.CharField(source="student.school_class.__str__")
    unread = serializers.IntegerField(source="unread_n", default=0)

    class Meta:
        model = FamilyThread
        fields = ["id", "student", "student_name", "class_name", "subject", "created_at", "last_at", "unread"]


class FamilyThreadDetailSerializer(FamilyThreadSerializer):
    messages = serializers.SerializerMethodField()

    class Meta(FamilyThreadSerializer.Meta):
        fields = [*FamilyThreadSerializer.Meta.fields, "messages"]

    def get_messages(self, obj) -> list[dict]:
        return FamilyMessageSerializer(selectors.thread_messages(obj), many=True).data  # type: ignore[return-value]


class FamilyThreadWriteSerializer(serializers.Serializer):
    student = IdField()
    subject = serializers.CharField(allow_blank=True, help_text="At most 100 characters.")
    body = serializers.CharField(allow_blank=True, help_text=f"At most {MESSAGE_MAX} characters.")


class FamilyMessageWriteSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, help_text=f"At most {MESSAGE_MAX} characters.")


class ThreadViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Per-child message threads: the child's head teachers (and the sender) and the child's guardians."""

    capability = "family.messages.view"
    serializer_class = FamilyThreadSerializer
    queryset = FamilyThread.objects.none()  # the schema's id type; get_queryset scopes

    def get_queryset(self):
        return selectors.thread_list(self.actor)

    def get_serializer_class(self):
        return FamilyThreadDetailSerializer if self.action != "list" else FamilyThreadSerializer

    def retrieve(self, request, *args, **kwargs):
        found = selectors.thread(self.actor, int(kwargs["pk"]))
        services.thread_mark_read(actor=self.actor, thread=found)
        access_log_record(self.actor, "view", "family_thread", found.pk, request=request, detail={"api": True})
        return Response(FamilyThreadDetailSerializer(found).data)

    @extend_schema(request=FamilyThreadWriteSerializer, responses={201: FamilyThreadDetailSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("family.messages.write")
        data = FamilyThreadWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        student = selectors.message_students(self.actor).filter(pk=d["student"]).first()
        if student is None:
            raise ValidationError({"student": _unknown()})
        found = services.thread_start(actor=self.actor, student=student, subject=d["subject"], body=d["body"])
        return Response(FamilyThreadDetailSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FamilyMessageWriteSerializer, responses={201: FamilyThreadDetailSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        found = selectors.thread(self.actor, int(pk))
        data = FamilyMessageWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.thread_reply(actor=self.actor, thread=found, body=data.validated_data["body"])
        return Response(FamilyThreadDetailSerializer(selectors.thread(self.actor, found.pk)).data,
                        status=status.HTTP_201_CREATED)
