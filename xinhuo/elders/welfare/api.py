"""Care visits to the elders over the API (the committee). Same selectors, services and rules as the
pages; denied = 404."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import IdField

from ..models import CareVisit
from . import selectors, services


class CareVisitSerializer(serializers.ModelSerializer):
    elder_name = serializers.CharField(source="elder.name", read_only=True)
    elder = IdField(source="elder_id")

    class Meta:
        model = CareVisit
        fields = ["id", "elder", "elder_name", "kind", "planned_on", "done_on", "visitors", "notes"]


class CareVisitViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Visits to the elders (走访慰问): the committee plans them and records them as done."""

    queryset = CareVisit.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = CareVisitSerializer
    capability = "elder_care.view"
    object_type = "care_visit"

    def get_queryset(self):
        qs = selectors.care_visits(self.actor)
        state = self.request.query_params.get("state", "")
        today = timezone.localdate()
        if state == "planned":
            qs = qs.filter(done_on__isnull=True)
        elif state == "overdue":
            qs = qs.filter(done_on__isnull=True, planned_on__lt=today)
        elif state == "done":
            qs = qs.filter(done_on__isnull=False)
        return qs.order_by("-planned_on", "-pk")

    @extend_schema(parameters=[OpenApiParameter("state", str, enum=["planned", "overdue", "done"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        body = CareVisitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        elder = selectors.care_elders(self.actor).filter(pk=d.pop("elder_id")).first()
        visit = services.care_visit_create(actor=self.actor, elder=elder, **d)
        return Response(CareVisitSerializer(visit).data, status=status.HTTP_201_CREATED)
