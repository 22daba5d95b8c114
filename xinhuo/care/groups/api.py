"""The groups part over the API: special-group tags (/api/v1/care/tags/: list, retrieve, create = identify, and a
tag's next status or renewal) and support measures (/api/v1/care/support/: list, retrieve, create, correct with a
PATCH). Same selectors, services and rules as the pages; denied = 404; each list and retrieve writes an access-log
row (LoggedListMixin). A tag from screening is the counsellors' to change: for anyone else it is a 404, as on the
page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import BoundedDateField, IdField, query_id

from ..common import students_in_care
from ..models import StudentTag, SupportKind, SupportMeasure, TagSource, TagStatus, TagStatusChange
from ..rules import can
from . import selectors, services


# Choice fields are plain strings here, their values in the help text: TagStatus, TagSource and SupportKind would
# otherwise clash with other apps' "status", "source" and "kind" enums in the schema (the services validate them).
def _codes(choices) -> str:
    return "One of: " + ", ".join(choices.values) + "."


STATUS_HELP = _codes(TagStatus)


# special-group tags


class TagHistorySerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.display_name", default=None)
    from_status = serializers.CharField(help_text="Empty for the identification; " + STATUS_HELP)
    to_status = serializers.CharField(help_text=STATUS_HELP)

    class Meta:
        model = TagStatusChange
        fields = ["from_status", "to_status", "review_on", "comment", "by", "at"]


# what a tag from screening withholds from others than the counsellors (rules.view_tag_detail): all but who and a flag
WITHHELD = ("group", "group_name", "source", "status", "identified_on", "review_on", "expired")


def _withheld(serializer, obj) -> bool:
    shown = getattr(obj, "withheld", None)  # tag_list annotates it; else ask the rule
    if shown is not None:
        return bool(shown)
    return not can(serializer.context["view"].actor, "view_tag_detail", obj)


class TagSerializer(serializers.ModelSerializer):
    withholds: tuple[str, ...] = WITHHELD
    student_name = serializers.CharField(source="student.name")
    school_class = serializers.CharField(source="student.school_class.__str__")
    needs_attention = serializers.SerializerMethodField(
        help_text="True for a tag from screening read by others than the counsellors: the counsellors follow the "
                  "student, and the tag's group, source, status, dates, note and history are null.")
    group = serializers.IntegerField(source="group_id", allow_null=True)
    group_name = serializers.CharField(source="group.name", allow_null=True)
    expired = serializers.SerializerMethodField(help_text="Open and past its review date without a renewal.")
    status = serializers.CharField(help_text=STATUS_HELP, allow_null=True)
    source = serializers.CharField(help_text=_codes(TagSource), allow_null=True)  # type: ignore[assignment]
    identified_on = BoundedDateField(allow_null=True)
    review_on = BoundedDateField(allow_null=True)

    class Meta:
        model = StudentTag
        fields = ["id", "student", "student_name", "school_class", "group", "group_name", "source", "status",
                  "identified_on", "review_on", "expired", "needs_attention"]

    def get_expired(self, obj) -> bool | None:
        return obj.is_expired()

    def get_needs_attention(self, obj) -> bool:
        return _withheld(self, obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if data["needs_attention"]:
            data.update(dict.fromkeys(self.withholds))
        return data


class TagDetailSerializer(TagSerializer):
    history = TagHistorySerializer(many=True, allow_null=True)
    note = serializers.CharField(allow_null=True, help_text="Null when withheld (needs_attention).")

    withholds = (*WITHHELD, "note", "history")

    class Meta(TagSerializer.Meta):
        fields = [*TagSerializer.Meta.fields, "note", "history"]


class TagCreateSerializer(serializers.Serializer):
    student = IdField()
    group = IdField()
    source = serializers.CharField(help_text=_codes(TagSource))  # type: ignore[assignment]
    identified_on = BoundedDateField(required=False)
    review_on = BoundedDateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TagStatusRequestSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="The next status: identified → supported → improving → closed "
                                             "(improving may go back to supported); closed is final. " + STATUS_HELP)
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Needed to close the tag: say why.")


class TagRenewRequestSerializer(serializers.Serializer):
    review_on = BoundedDateField(help_text="The new review date: after today and the current one, at most two "
                                           "years ahead.")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class TagViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                 mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Special-group tags: the committee and counsellors see all, a head teacher their classes; parents, students
    and elders never. Creating one identifies a student (the guardians' consent is needed)."""

    queryset = StudentTag.objects.none()  # for the schema; get_queryset scopes real requests
    capability = "special_groups.view"
    object_type = "special_group_tag"

    def get_serializer_class(self):
        if self.action == "create":
            return TagCreateSerializer
        return TagDetailSerializer if self.action == "retrieve" else TagSerializer

    def get_queryset(self):
        p = self.request.query_params
        qs = selectors.tag_list(self.actor, group=query_id(p, "group"), status=p.get("status", ""),
                                class_id=query_id(p, "class"), due=p.get("due", ""))
        if self.action == "retrieve":
            qs = qs.select_related("identified_by").prefetch_related("history__by")
        return qs

    @extend_schema(parameters=[OpenApiParameter("group", int), OpenApiParameter("status", str, enum=TagStatus.values),
                               OpenApiParameter("class", int),
                               OpenApiParameter("due", str, enum=["review", "expired"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TagCreateSerializer, responses={201: TagDetailSerializer})
    def create(self, request, *args, **kwargs):
        body = TagCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        student = selectors.taggable_students(self.actor).filter(pk=d.pop("student")).first()
        group = selectors.special_groups(self.actor).filter(pk=d.pop("group")).first()
        if student is None:
            raise Http404
        if group is None:
            raise serializers.ValidationError({"group": [_("Choose one of the school's special groups in use.")]})
        tag = services.tag_identify(actor=self.actor, student=student, group=group, **d)
        tag = selectors.tag_detail(self.actor, tag.pk)
        return Response(TagDetailSerializer(tag, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    # following a tag up (the page's status and renewal forms): those who manage it, never a withheld one

    def _managed(self, pk) -> StudentTag:
        return get_object_or_404(selectors.manageable_tags(self.actor), pk=pk)

    def _answer(self, tag: StudentTag) -> Response:
        tag = selectors.tag_list(self.actor).select_related("identified_by").prefetch_related(
            "history__by").get(pk=tag.pk)
        return Response(TagDetailSerializer(tag, context=self.get_serializer_context()).data)

    @extend_schema(request=TagStatusRequestSerializer, responses=TagDetailSerializer)
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request, pk=None):
        """Move the tag on (the director, the counsellors, the head teacher of the student's class); a tag from
        screening only a counsellor."""
        tag = self._managed(pk)
        body = TagStatusRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        tag = services.tag_set_status(actor=self.actor, tag=tag, **body.validated_data)
        return self._answer(tag)

    @extend_schema(request=TagRenewRequestSerializer, responses=TagDetailSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Extend an open tag (an expired one too) to a new review date; the guardians' consent must still be in
        force."""
        tag = self._managed(pk)
        body = TagRenewRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        tag = services.tag_renew(actor=self.actor, tag=tag, **body.validated_data)
        return self._answer(tag)


# support measures


class SupportSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name", read_only=True)
    school_class = serializers.CharField(source="student.school_class.__str__", read_only=True)
    student = serializers.IntegerField(source="student_id")
    kind = serializers.CharField(help_text=_codes(SupportKind))
    internal_note = serializers.CharField(required=False, allow_blank=True, allow_null=True, default="",
                                          help_text="For staff only: never shown to the family or the student.")

    class Meta:
        model = SupportMeasure
        fields = ["id", "student", "student_name", "school_class", "kind", "given_on", "provider", "what", "amount",
                  "outcome", "internal_note"]


class SupportPatchSerializer(serializers.Serializer):
    """A correction: the fields given change, the others keep their values; the service checks the whole again."""

    kind = serializers.CharField(required=False, help_text=_codes(SupportKind))
    given_on = BoundedDateField(required=False)
    provider = serializers.CharField(required=False, allow_blank=True)
    what = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=9, decimal_places=2, required=False, allow_null=True,
                                      help_text="Material support only.")
    outcome = serializers.CharField(required=False, allow_blank=True)
    internal_note = serializers.CharField(required=False, allow_blank=True,
                                          help_text="For staff only: never shown to the family or the student.")


SUPPORT_FIELDS = ("kind", "given_on", "provider", "what", "amount", "outcome", "internal_note")


class SupportViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Support measures (帮扶): the committee and counsellors see all, a head teacher their classes. A head teacher
    records measures for their classes' students and corrects those they recorded; the committee any."""

    queryset = SupportMeasure.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = SupportSerializer
    capability = "support.view"
    object_type = "support_measure"

    def get_queryset(self):
        p = self.request.query_params
        date_from = BoundedDateField(required=False).run_validation(p["from"]) if p.get("from") else None
        date_to = BoundedDateField(required=False).run_validation(p["to"]) if p.get("to") else None
        return selectors.support_list(self.actor, kind=p.get("kind", ""), class_id=query_id(p, "class"),
                                      date_from=date_from, date_to=date_to, student=query_id(p, "student"),
                                      q=p.get("q", ""))

    @extend_schema(parameters=[OpenApiParameter("kind", str, enum=SupportKind.values), OpenApiParameter("class", int),
                               OpenApiParameter("from", str, description="YYYY-MM-DD"),
                               OpenApiParameter("to", str, description="YYYY-MM-DD"),
                               OpenApiParameter("student", int), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        self.actor.require("support.record")
        body = SupportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        student = students_in_care(self.actor).filter(pk=d.pop("student_id")).first()
        if student is None:
            raise Http404
        measure = services.support_record(actor=self.actor, student=student, **d)
        return Response(SupportSerializer(selectors.support_detail(self.actor, measure.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=SupportPatchSerializer, responses=SupportSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Correct a measure (its recorder while the student is in their class, or the committee): the fields
        given change; the student does not (a measure for someone else is a new record)."""
        self.actor.require("support.record")
        measure = get_object_or_404(selectors.editable_support(self.actor), pk=kwargs.get("pk"))
        if "student" in request.data:
            raise serializers.ValidationError({"student": [_(
                "The student of a measure does not change: record a new measure for another student.")]})
        body = SupportPatchSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = {f: getattr(measure, f) for f in SUPPORT_FIELDS} | dict(body.validated_data)
        services.support_update(actor=self.actor, measure=measure, **data)
        return Response(SupportSerializer(selectors.support_detail(self.actor, measure.pk)).data)
