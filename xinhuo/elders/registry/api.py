"""The elder registry over the API (ELD-1): the pages' selectors, services and field visibility.

Everyone with elders.view lists elders and reads their public card (name, category, roles held); the
committee, and an elder on their own record, read the whole profile (mobile number masked); health
information only for the director and leaders. PATCH: the committee, or the elder on their own record
(mobile number, specialties, willingness). POST reveal: the full mobile number for the committee, logged.
GET me/: an elder's own record (their "my profile" page). The weekly availability: POST {id}/availability/ adds a
slot, DELETE {id}/availability/{slot}/ removes one (the committee, or the elder on their own record).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin
from xinhuo.core.masking import mask_phone
from xinhuo.core.params import BoundedDateField
from xinhuo.core.services import access_log_record
from xinhuo.people.models import Gender

from ..models import Availability, Elder, ElderRole, Specialty, Weekday
from ..rules import can
from ..selectors import my_elder
from . import selectors, services


class AvailabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Availability
        fields = ["id", "weekday", "start", "end"]


class ElderPublicSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField(help_text="Codes of the roles the elder holds now (active assignments).")

    class Meta:
        model = Elder
        fields = ["id", "name", "category", "roles"]

    def get_roles(self, obj) -> list[str]:
        return list(dict.fromkeys(a.role for a in getattr(obj, "active_assignments", [])))


class ElderListSerializer(ElderPublicSerializer):
    """The committee's list: the profile without availability and health information."""

    specialties = serializers.ListField(child=serializers.CharField())
    willingness = serializers.ListField(child=serializers.CharField())
    phone = serializers.SerializerMethodField(help_text="Masked; POST reveal to see it in full (logged).")
    current_load = serializers.SerializerMethodField(help_text="Active assignments and apprenticeship pairs as mentor.")

    class Meta(ElderPublicSerializer.Meta):
        fields = [*ElderPublicSerializer.Meta.fields, "gender", "birth_date", "former_work", "political_status",
                  "specialties", "willingness", "phone", "joined_on", "status", "max_load", "current_load"]
        # the list gives others the public card (core/schema.py): the profile fields are the committee's
        schema_optional = [f for f in fields if f not in ElderPublicSerializer.Meta.fields]

    def get_phone(self, obj) -> str:
        return mask_phone(obj.phone)

    def get_current_load(self, obj) -> int:
        return selectors.current_load(obj)


class ElderSerializer(ElderListSerializer):
    availability = AvailabilitySerializer(many=True, read_only=True)

    class Meta(ElderListSerializer.Meta):
        fields = [*ElderListSerializer.Meta.fields, "availability"]
        schema_optional = [f for f in fields if f not in ElderPublicSerializer.Meta.fields]


class ElderHealthSerializer(ElderSerializer):
    health_notes = serializers.CharField(allow_null=True)

    class Meta(ElderSerializer.Meta):
        fields = [*ElderSerializer.Meta.fields, "health_notes", "last_health_check"]
        # retrieve answers the public card, the profile or this, by role (_serializer_for)
        schema_optional = [f for f in fields if f not in ElderPublicSerializer.Meta.fields]


class ElderPatchSerializer(serializers.Serializer):
    """Every field optional; an elder on their own record may send phone, specialties and willingness only."""

    name = serializers.CharField(max_length=50, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    category = serializers.ChoiceField(choices=Elder.Category.choices, required=False)
    birth_date = BoundedDateField(required=False, allow_null=True)
    former_work = serializers.CharField(max_length=100, required=False, allow_blank=True)
    political_status = serializers.ChoiceField(choices=Elder.Political.choices, required=False, allow_blank=True)
    specialties = serializers.ListField(child=serializers.ChoiceField(choices=Specialty.choices), required=False)
    willingness = serializers.ListField(child=serializers.ChoiceField(choices=ElderRole.choices), required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    joined_on = BoundedDateField(required=False)
    status = serializers.ChoiceField(choices=Elder.Status.choices, required=False)
    max_load = serializers.IntegerField(min_value=1, max_value=20, required=False)
    health_notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    last_health_check = BoundedDateField(required=False, allow_null=True)


class AvailabilityRequestSerializer(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices, help_text="0 Monday … 6 Sunday.")
    start = serializers.TimeField()
    end = serializers.TimeField(help_text="After the start; the slot may not overlap another of that day.")


class RevealedPhoneSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class ElderViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = r"\d+"  # the elders/<part>/ routes share the prefix
    queryset = Elder.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = ElderSerializer
    capability = "elders.view"

    FILTERS = ("q", "category", "status", "specialty", "willingness", "role")

    def get_queryset(self):
        if self.action == "list":
            p = self.request.query_params
            return selectors.elder_list(self.actor, **{k: p.get(k, "") for k in self.FILTERS})
        return selectors.elder_profiles(self.actor)

    def _serializer_for(self, elder: Elder) -> type[serializers.Serializer]:
        if can(self.actor, "view_elder_health", elder):
            return ElderHealthSerializer
        if can(self.actor, "view_elder_profile", elder):
            return ElderSerializer
        return ElderPublicSerializer

    @extend_schema(parameters=[OpenApiParameter(name, str) for name in FILTERS],
                   responses=ElderListSerializer(many=True))
    def list(self, request, *args, **kwargs):
        """Managers get the profile fields; everyone else the public card (active elders only)."""
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = list(page if page is not None else qs)
        serializer = ElderListSerializer if self.actor.can("elders.manage") else ElderPublicSerializer
        p = request.query_params
        used = {k: p[k] for k in self.FILTERS if p.get(k)}
        count = self.paginator.page.paginator.count if page is not None else len(rows)  # type: ignore[union-attr]
        access_log_record(self.actor, "search" if used.get("q") else "list", "elder", request=request,
                          detail={"filters": used, "count": count, "api": True})
        data = serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(responses=ElderHealthSerializer)
    def retrieve(self, request, *args, **kwargs):
        """The public card, the whole profile (the committee, the elder themself) or with health information
        (the director and leaders)."""
        elder = self.get_object()
        access_log_record(self.actor, "view", "elder", elder.pk, request=request, detail={"api": True})
        return Response(self._serializer_for(elder)(elder).data)

    @extend_schema(request=ElderPatchSerializer, responses=ElderHealthSerializer)
    def partial_update(self, request, *args, **kwargs):
        elder = self.get_object()
        body = ElderPatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.elder_update(actor=self.actor, elder=elder, **body.validated_data)
        elder = self.get_queryset().get(pk=elder.pk)
        return Response(self._serializer_for(elder)(elder).data)

    @extend_schema(request=None, responses=RevealedPhoneSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full mobile number (the committee), written to the access log."""
        elder = self.get_object()
        value = services.elder_phone_reveal(actor=self.actor, elder=elder, request=request)
        return Response({"field": "phone", "value": value})

    @extend_schema(responses=ElderHealthSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        """The caller's own elder record (their profile, with the weekly availability); 404 without one."""
        own = my_elder(self.actor)
        if own is None:
            raise Http404
        elder = self.get_queryset().get(pk=own.pk)
        access_log_record(self.actor, "view", "elder", elder.pk, request=request, detail={"api": True, "own": True})
        return Response(self._serializer_for(elder)(elder).data)

    def _availability_of(self) -> Elder:
        elder = self.get_object()
        if not can(self.actor, "edit_elder_availability", elder):
            raise Http404
        return elder

    @extend_schema(request=AvailabilityRequestSerializer, responses={201: AvailabilitySerializer})
    @action(detail=True, methods=["post"])
    def availability(self, request, pk=None):
        """Add a weekly slot (the committee; an elder to their own record), as on the profile page."""
        elder = self._availability_of()
        body = AvailabilityRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        slot = services.availability_add(actor=self.actor, elder=elder, **body.validated_data)
        return Response(AvailabilitySerializer(slot).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None},
                   parameters=[OpenApiParameter("slot_pk", int, OpenApiParameter.PATH, description="The slot's id.")])
    @action(detail=True, methods=["delete"], url_path=r"availability/(?P<slot_pk>[0-9]+)",
            url_name="availability-remove")
    def availability_remove(self, request, pk=None, slot_pk=None):
        """Remove a weekly slot of the elder."""
        elder = self._availability_of()
        slot = selectors.availability_slot(self.actor, int(slot_pk))
        if slot.elder_id != elder.pk:
            raise Http404
        services.availability_remove(actor=self.actor, slot=slot)
        return Response(status=status.HTTP_204_NO_CONTENT)
