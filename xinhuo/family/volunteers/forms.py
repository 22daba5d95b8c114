"""Forms of the volunteers pages: they parse what the browser sends; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, datetime_input

from .models import VolunteerKind

WEEKDAYS = [("1", _("Monday")), ("2", _("Tuesday")), ("3", _("Wednesday")), ("4", _("Thursday")),
            ("5", _("Friday")), ("6", _("Saturday")), ("7", _("Sunday"))]
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class OfferForm(BootstrapMixin, forms.Form):
    kinds = forms.MultipleChoiceField(label=_("What I can do"), choices=VolunteerKind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    skills = forms.CharField(label=_("Skills and profession"), max_length=200, required=False,
                             help_text=_("For example: doctor, first-aid certificate; calligraphy; photography."))
    weekdays = forms.MultipleChoiceField(label=_("Days I am usually free"), choices=WEEKDAYS, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    times = forms.CharField(label=_("Times"), max_length=100, required=False,
                            help_text=_("For example: mornings before 8, weekday afternoons after 4."))
    active = forms.BooleanField(label=_("I am available as a volunteer"), required=False, initial=True,
                                help_text=_("Untick to pause: no invitations until you tick it again."))


class RequestForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Duty"), choices=VolunteerKind.choices)
    needed = forms.IntegerField(label=_("Volunteers needed"), min_value=1, max_value=200, initial=2)
    starts_at = forms.DateTimeField(label=_("Duty starts"), input_formats=DT_FORMATS, widget=datetime_input())
    ends_at = forms.DateTimeField(label=_("Duty ends"), input_formats=DT_FORMATS, widget=datetime_input())
    note = forms.CharField(label=_("What the volunteers do"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Where to meet, what to bring, whom to ask."))
    open_to_all = forms.BooleanField(
        label=_("Open to all volunteers of the activity's audience"), required=False,
        help_text=_("They are told and may accept until the places are filled; otherwise invite parents below."))


class InviteForm(forms.Form):
    guardians = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardians"].choices = list(choices)  # type: ignore[attr-defined]


class RosterFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"placeholder": _("Name or skill")}))
    kind = forms.ChoiceField(label=_("Duty"), required=False, choices=[("", _("All")), *VolunteerKind.choices])
    school_class = forms.TypedChoiceField(label=_("Class"), required=False, coerce=int, empty_value=None)
    weekday = forms.TypedChoiceField(label=_("Free on"), required=False, coerce=int, empty_value=None,
                                     choices=[("", _("All")), *WEEKDAYS])
    paused = forms.BooleanField(label=_("Also paused offers"), required=False)

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("All")), *[(c.pk, str(c)) for c in classes]]
        self.fields["school_class"].choices = choices  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"q": data["q"], "kind": data["kind"], "school_class": data["school_class"],
                "weekday": data["weekday"], "active": not data["paused"]}
