"""The rollover over the API (issue 19): the services and rules of the pages.

POST `rollover/prepare/` with the choices → the previewed run with every line (400: the problems by field, nothing
written); POST `rollover/<run>/apply/` queues it (202); GET `rollover/<run>/` for its status, progress and lines;
POST `rollover/<run>/undo/` while allowed; GET `rollover/` for the past runs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from xinhuo.core.api import ActorMixin
from xinhuo.core.params import IdField

from . import selectors, services

CAP = "rollover.manage"


class PrepareSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=40, help_text="The new year's name, e.g. 2027-2028学年.")
    start = serializers.DateField()
    end = serializers.DateField()
    term1_start = serializers.DateField()
    term1_end = serializers.DateField()
    term2_start = serializers.DateField()
    term2_end = serializers.DateField()
    repeat = serializers.ListField(child=IdField(), required=False, default=list, max_length=5000,
                                   help_text="Ids of the students repeating the year.")
    head_teachers = serializers.DictField(child=IdField(), required=False, default=dict,
                                          help_text="Class id → the user id of its head teacher next year.")

    def validate_head_teachers(self, value: dict) -> dict[int, int]:
        out = {}
        for key, user_id in value.items():
            try:
                out[int(key)] = user_id
            except (TypeError, ValueError) as exc:
                raise serializers.ValidationError("Keys are class ids.") from exc
        return out


class LineSerializer(serializers.Serializer):
    app = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField()
    details = serializers.ListField(child=serializers.CharField())
    action = serializers.BooleanField(help_text="False: listed for someone to act on; nothing is written.")


class RunSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    from_year = serializers.CharField(source="from_year.name")
    year_name = serializers.CharField()
    year_start = serializers.DateField()
    year_end = serializers.DateField()
    progress = serializers.SerializerMethodField()
    error = serializers.CharField()
    lines = LineSerializer(many=True)
    created_at = serializers.DateTimeField()
    applied_at = serializers.DateTimeField(allow_null=True)
    undone_at = serializers.DateTimeField(allow_null=True)
    undo_allowed = serializers.SerializerMethodField()
    undo_blockers = serializers.SerializerMethodField()

    def get_progress(self, run) -> int:
        return selectors.percent(run)

    def get_undo_allowed(self, run) -> bool:
        return selectors.can_undo(run)[0]

    def get_undo_blockers(self, run) -> list[str]:
        return selectors.can_undo(run)[1]


class RunListSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    from_year = serializers.CharField(source="from_year.name")
    year_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    applied_at = serializers.DateTimeField(allow_null=True)


def _refused(exc: ValidationError) -> Response:
    body: dict[str, object]
    if hasattr(exc, "error_dict"):
        body = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    else:
        body = {"detail": " ".join(exc.messages)}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class RolloverListView(ActorMixin, APIView):
    capability = CAP

    @extend_schema(responses={200: RunListSerializer(many=True)})
    def get(self, request):
        """The school's rollovers, the latest first."""
        return Response(RunListSerializer(selectors.runs(self.actor)[:100], many=True).data)


class RolloverPrepareView(ActorMixin, APIView):
    capability = CAP

    @extend_schema(request=PrepareSerializer, responses={201: RunSerializer})
    def post(self, request):
        """Check the choices and preview the rollover: the run with every line; nothing else is written."""
        s = PrepareSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        choices = services.Choices(d["name"], d["start"], d["end"], (d["term1_start"], d["term1_end"]),
                                   (d["term2_start"], d["term2_end"]), tuple(d["repeat"]), d["head_teachers"])
        try:
            run = services.prepare(actor=self.actor, choices=choices)
        except ValidationError as exc:
            return _refused(exc)
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)


class RolloverDetailView(ActorMixin, APIView):
    capability = CAP

    @extend_schema(responses={200: RunSerializer})
    def get(self, request, run):
        """A run: its status, progress (percent), lines, and whether it can be undone."""
        return Response(RunSerializer(selectors.run_detail(self.actor, run)).data)


class RolloverApplyView(ActorMixin, APIView):
    capability = CAP

    @extend_schema(request=None, responses={202: RunSerializer})
    def post(self, request, run):
        """Apply a previewed run as a background task (all or nothing); poll the run for its progress."""
        try:
            obj = services.confirm(actor=self.actor, run=selectors.run_detail(self.actor, run))
        except ValidationError as exc:
            return _refused(exc)
        return Response(RunSerializer(obj).data, status=status.HTTP_202_ACCEPTED)


class RolloverUndoView(ActorMixin, APIView):
    capability = CAP

    @extend_schema(request=None, responses={200: RunSerializer})
    def post(self, request, run):
        """Undo an applied run exactly, while nothing has been written in the new year (400 says why not)."""
        try:
            obj = services.undo(actor=self.actor, run=selectors.run_detail(self.actor, run))
        except ValidationError as exc:
            return _refused(exc)
        return Response(RunSerializer(obj).data)


# mounted under /api/v1/ (manifest.py)
api_paths = [
    path("rollover/", RolloverListView.as_view(), name="rollover-list"),
    path("rollover/prepare/", RolloverPrepareView.as_view(), name="rollover-prepare"),
    path("rollover/<uuid:run>/", RolloverDetailView.as_view(), name="rollover-detail"),
    path("rollover/<uuid:run>/apply/", RolloverApplyView.as_view(), name="rollover-apply"),
    path("rollover/<uuid:run>/undo/", RolloverUndoView.as_view(), name="rollover-undo"),
]
