"""Counselling appointments over the API (/api/v1/wellbeing/...), for students and parents (a future
mini-program): the free slots with booking, and their own appointments with cancelling. Same selectors and
services as the pages; an object out of scope is a 404; a refusal is a 400 with the service's message. Who booked,
why and the notes are never sent."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xinhuo.core.api import ActorMixin, LoggedListMixin
from xinhuo.core.params import BoundedDateTimeField, IdField

from ..models import Appointment, AppointmentStatus, Slot
from . import selectors, services

STATUS_HELP = "One of: " + ", ".join(AppointmentStatus.values) + "."


class FreeSlotSerializer(serializers.ModelSerializer):
    counsellor = serializers.CharField(source="counsellor.display_name")
    mode = serializers.CharField(help_text="room or online.")
    mode_label = serializers.CharField(source="get_mode_display")

    class Meta:
        model = Slot
        fields = ["id", "starts_at", "ends_at", "counsellor", "mode", "mode_label", "place"]


class BookSerializer(serializers.Serializer):
    student = IdField(required=False, help_text="The student's id (a parent's child); a student "
                                                                 "books for themself without it.")
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="What it is about (optional; only the counsellor reads it).")


class MyAppointmentSerializer(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name")
    starts_at = BoundedDateTimeField(source="slot.starts_at")
    ends_at = BoundedDateTimeField(source="slot.ends_at")
    mode = serializers.CharField(source="slot.mode", help_text="room or online.")
    place = serializers.CharField(source="slot.place")
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Appointment
        fields = ["id", "student", "student_name", "starts_at", "ends_at", "mode", "place", "status", "status_label"]


class FreeSlotViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The free future slots of the school, soonest first; {id}/book/ books one."""

    queryset = Slot.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = FreeSlotSerializer
    capability = "appointments.book"

    def get_queryset(self):
        return selectors.free_slots(self.actor)

    @extend_schema(request=BookSerializer, responses=MyAppointmentSerializer)
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        actor = self.actor
        slot = selectors.slot(actor, int(pk or 0))
        body = BookSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        student_id = body.validated_data.get("student") or actor.student_id
        student = selectors.bookable_students(actor).filter(pk=student_id or 0).first()
        if student is None:
            raise Http404
        appointment = services.appointment_book(actor=actor, slot=slot, student=student,
                                                reason=body.validated_data["reason"])
        return Response(MyAppointmentSerializer(selectors.appointment(actor, appointment.pk)).data, status=201)


class MyAppointmentViewSet(LoggedListMixin, ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """A student's own appointments, a parent's bookings for their children; {id}/cancel/ cancels a future one."""

    queryset = Appointment.objects.none()  # for the schema; get_queryset scopes real requests
    serializer_class = MyAppointmentSerializer
    capability = "appointments.book"
    object_type = "wellbeing_appointment"

    def get_queryset(self):
        return selectors.my_appointments(self.actor)

    @extend_schema(request=None, responses=MyAppointmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        appointment = services.appointment_cancel(actor=self.actor, appointment=self.get_object())
        return Response(MyAppointmentSerializer(selectors.appointment(self.actor, appointment.pk)).data)
