"""Forms of the counselling pages. They only parse input; the services validate and say what is wrong."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_input, time_input
from xinhuo.people import selectors as people_selectors

from ..models import AppointmentStatus, Slot
from .services import NOTES_MAX, PLACE_MAX, REASON_MAX, SERIES_MAX_WEEKS


class SlotForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("Day"), widget=date_input())
    starts = forms.TimeField(label=_("Starts"), widget=time_input())
    ends = forms.TimeField(label=_("Ends"), widget=time_input())
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=SERIES_MAX_WEEKS, initial=1,
                               help_text=_("The same time every week for this many weeks (1: this day only)."))
    mode = forms.ChoiceField(label=_("Where"), choices=Slot.Mode.choices, initial=Slot.Mode.ROOM, widget=FastSelect)
    place = forms.CharField(label=_("Room or link"), required=False, max_length=PLACE_MAX,
                            help_text=_("The room (心理辅导室 when left empty) or the online meeting's link."))

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        data = self.cleaned_data
        day = data["day"]
        return dt.datetime.combine(day, data["starts"], tz), dt.datetime.combine(day, data["ends"], tz)


class StudentField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.school_class}"


class BookForm(BootstrapMixin, forms.Form):
    # the queryset comes from the view (selectors.bookable_students)
    student = StudentField(label=_("Student"), queryset=people_selectors.students_of_school(None).none(),
                           widget=FastSelect)
    reason = forms.CharField(label=_("What it is about (optional)"), required=False, max_length=REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Only the counsellor reads this."))

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        if students is not None:
            self.fields["student"].queryset = students  # type: ignore[attr-defined]


class RecordForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("The session"), widget=FastSelect, choices=[
        (AppointmentStatus.HELD.value, AppointmentStatus.HELD.label),
        (AppointmentStatus.MISSED.value, AppointmentStatus.MISSED.label)])
    notes = forms.CharField(label=_("Session notes"), required=False, max_length=NOTES_MAX,
                            widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("Encrypted; only counsellors read them, and every reading is logged."))
