"""Counselling slots and appointments, in the wellbeing namespace (wellbeing/urls.py includes them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("appointments/", views.appointments, name="appointments"),
    path("appointments/slots/new/", views.slot_new, name="slot-new"),
    path("appointments/slots/<int:pk>/withdraw/", views.slot_withdraw, name="slot-withdraw"),
    path("appointments/slots/<int:pk>/book/", views.appointment_book, name="appointment-book"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment-detail"),
    path("appointments/<int:pk>/cancel/", views.appointment_cancel, name="appointment-cancel"),
    path("appointments/<int:pk>/record/", views.appointment_record, name="appointment-record"),
]
