"""Training sessions over the API (read only). Same selectors and rules as the pages; denied = 404."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets

from xinhuo.core.api import ActorMixin, LoggedListMixin

from ..models import TrainingSession
from . import selectors


class TrainingSessionSerializer(serializers.ModelSerializer):
    files = serializers.SerializerMethodField()
    present = serializers.SerializerMethodField(help_text="Names of those present (the committee only).")

    class Meta:
        model = TrainingSession
        fields = ["id", "kind", "topic", "role", "date", "place", "speaker", "hours", "materials", "files", "present"]

    def get_files(self, obj) -> list[dict]:
        return [{"title": f.title, "url": reverse("elders:training-file", args=[f.pk])} for f in obj.files.all()]

    def get_present(self, obj) -> list[str] | None:
        if not self.context.get("manages"):
            return None
        return [a.elder.name for a in obj.attendance.all() if a.present]


class TrainingViewSet(LoggedListMixin, ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Training sessions: the committee sees all, an elder those on whose list they are."""

    queryset = TrainingSession.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = TrainingSessionSerializer
    capability = "training.view"
    object_type = "training"

    def get_queryset(self):
        p = self.request.query_params
        return (selectors.training_list(self.actor, kind=p.get("kind", ""), q=p.get("q", ""),
                                        when=p.get("when", ""))
                .prefetch_related("files", "attendance__elder"))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "manages": self.actor.can("elders.manage")}

    @extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("q", str),
                               OpenApiParameter("when", str, enum=["upcoming", "past"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
