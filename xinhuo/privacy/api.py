"""Personal-data requests over the API (/api/v1/privacy/requests/): a family files and follows, the director
answers; the summary of what is held; the retention list (/api/v1/privacy/retention/). Same selectors, services
and rules as the pages; denied = 404."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import BoundedDateField, IdField
from xinhuo.core.services import access_log_record

from . import selectors, services
from .models import PrivacyRequest, RequestStatus
from .rules import can


class PrivacyRequestSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="access, correction or erasure.")
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.CharField(help_text="open, done (answered) or refused.")
    status_label = serializers.CharField(source="get_status_display")
    student_id = serializers.IntegerField()
    student = serializers.CharField(source="student.name")
    overdue = serializers.BooleanField()
    summary_available = serializers.SerializerMethodField(help_text="The summary of what is held may be read.")

    class Meta:
        model = PrivacyRequest
        fields = ["id", "student_id", "student", "kind", "kind_label", "text", "status", "status_label", "filed_at",
                  "due_on", "overdue", "answer", "answered_at", "summary_available"]

    def get_summary_available(self, obj) -> bool:
        actor = self.context["request"].actor
        return obj.kind == "access" and can(actor, "view_summary", obj.student)


class RequestFileSerializer(serializers.Serializer):
    student = IdField()
    kind = serializers.CharField(help_text="access, correction or erasure.")
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000,
                                 help_text="Needed for a correction: what is wrong and what it should be.")


class RequestAnswerSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="answer (for an erasure: erase now) or refuse.")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000,
                                    help_text="The answer the family reads, or the reason of a refusal.")


class SummarySectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    lines = serializers.ListField(child=serializers.CharField())


class RetentionRowSerializer(serializers.Serializer):
    student_id = serializers.IntegerField()
    student = serializers.CharField()
    left_on = serializers.DateField()
    due_on = serializers.DateField()
    held = serializers.BooleanField()
    hold_reason = serializers.CharField(allow_blank=True)


class PrivacyRequestViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests to see, correct or erase a child's personal data: the director's all, a family's own."""

    queryset = PrivacyRequest.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = PrivacyRequestSerializer
    capability = "privacy.view"

    def get_queryset(self):
        wanted = self.request.query_params.get("status", "")
        return selectors.requests(self.actor, status=wanted if wanted in RequestStatus.values else "")

    @extend_schema(parameters=[OpenApiParameter("status", str, description="open, done or refused")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_object(self):
        return selectors.request_detail(self.actor, self.kwargs["pk"])

    @extend_schema(request=RequestFileSerializer, responses={201: PrivacyRequestSerializer})
    def create(self, request, *args, **kwargs):
        self.actor.require("privacy.request")
        body = RequestFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.request_file(actor=self.actor, student_id=body.validated_data["student"],
                                     kind=body.validated_data["kind"], text=body.validated_data["text"])
        item = self.get_queryset().get(pk=item.pk)
        return Response(PrivacyRequestSerializer(item, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=RequestAnswerSerializer, responses=PrivacyRequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        item = self.get_object()
        if not can(self.actor, "answer_request", item):
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        body = RequestAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.request_answer(actor=self.actor, request=item, **body.validated_data)
        return Response(PrivacyRequestSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(responses=SummarySectionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def summary(self, request, pk=None):
        """What the platform holds about the request's student, once an access request is answered."""
        item = self.get_object()
        student = selectors.summary_student(self.actor, item.student_id)
        access_log_record(self.actor, "view", "privacy_summary", student.pk, detail={"api": True}, request=request)
        return Response([{"title": str(t), "lines": [str(line) for line in lines]}
                         for t, lines in selectors.summary(student)])


class LeavingSerializer(serializers.Serializer):
    student_no = serializers.CharField(max_length=30)
    status = serializers.CharField(help_text="transferred, graduated, or enrolled (still at school: the day cleared).")
    left_on = BoundedDateField(required=False, allow_null=True, default=None,
                               help_text="The day the student left; the retention period runs from it.")


class LeavingResultSerializer(serializers.Serializer):
    student_id = serializers.IntegerField()
    status = serializers.CharField()
    left_on = serializers.DateField(allow_null=True)


class HoldSerializer(serializers.Serializer):
    student = IdField()
    reason = serializers.CharField(max_length=500, allow_blank=True, help_text="Why the record is kept (required).")


class HoldResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    student_id = serializers.IntegerField()
    reason = serializers.CharField()
    held_at = serializers.DateTimeField()
    released_at = serializers.DateTimeField(allow_null=True)


class ReleaseSerializer(serializers.Serializer):
    hold = IdField()


def _hold_data(hold) -> dict:
    return {"id": hold.pk, "student_id": hold.student_id, "reason": hold.reason, "held_at": hold.held_at,
            "released_at": hold.released_at}


class RetentionViewSet(ActorMixin, viewsets.GenericViewSet):
    """Left students whose data is erased in the coming days, with their holds (the director's)."""

    serializer_class = RetentionRowSerializer
    capability = "privacy.manage"
    pagination_class = None

    @extend_schema(responses=RetentionRowSerializer(many=True))
    def list(self, request):
        rows = selectors.due(self.actor)
        access_log_record(self.actor, "list", "privacy_due", detail={"count": len(rows), "api": True},
                          request=request)
        return Response([{"student_id": r["student"].pk, "student": r["student"].name,
                          "left_on": r["student"].left_on, "due_on": r["due_on"], "held": r["hold"] is not None,
                          "hold_reason": r["hold"].reason if r["hold"] else ""} for r in rows])

    @extend_schema(request=HoldSerializer, responses={201: HoldResultSerializer})
    @action(detail=False, methods=["post"])
    def hold(self, request):
        """Keep a left student's data past the retention period, with the reason."""
        body = HoldSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        hold = services.hold_place(actor=self.actor, student_id=body.validated_data["student"],
                                   reason=body.validated_data["reason"])
        return Response(_hold_data(hold), status=status.HTTP_201_CREATED)

    @extend_schema(request=ReleaseSerializer, responses=HoldResultSerializer)
    @action(detail=False, methods=["post"])
    def release(self, request):
        """End a hold: the record is erased when it is due."""
        body = ReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        hold = services.hold_release(actor=self.actor, hold=selectors.open_hold(self.actor,
                                                                                  body.validated_data["hold"]))
        return Response(_hold_data(hold))

    @extend_schema(request=LeavingSerializer, responses=LeavingResultSerializer)
    @action(detail=False, methods=["post"])
    def leave(self, request):
        """Record that a student left on a day (the retention clock starts), or is at school after all."""
        body = LeavingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        student = services.leaving_record(actor=self.actor, student_no=d["student_no"], status=d["status"],
                                          on=d["left_on"])
        return Response({"student_id": student.pk, "status": student.status, "left_on": student.left_on})
