"""Forms of the plans pages. They check the shape of the input; the services check the rest (percent range,
deadlines inside the school year, choices of this school) so the pages and the API refuse alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, PersonChoiceField, SearchPicker
from xinhuo.core.models import Department, User
from xinhuo.core.uploads import DOCUMENT_TYPES, IMAGE_ACCEPT

from .models import PlanSection, PlanStatus, TaskStatus
from .templates_data import TEMPLATES

if TYPE_CHECKING:
    from xinhuo.activities.models import Activity


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


class PlanCreateForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(label=_("Start from"), widget=forms.RadioSelect)
    year = forms.IntegerField(label=_("School year"), min_value=2000, max_value=2100,
                              help_text=_("The year the school year starts in: 2026 for 2026-2027"))
    title = forms.CharField(label=_("Title"), max_length=100, required=False,
                            help_text=_("Empty: the school year and the template's title"))

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"template:{key}", _("Template: %(name)s — %(subtitle)s") % {
            "name": t["name"], "subtitle": t["subtitle"]}) for key, t in TEMPLATES.items()]
        choices += [(f"copy:{p.pk}", _("Copy of %(title)s (%(year)s)") % {"title": p.title, "year": p.year_label})
                    for p in plans]
        self.fields["source"].choices = choices  # type: ignore[attr-defined]


class PlanForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    subtitle = forms.CharField(label=_("Subtitle"), max_length=100, required=False)
    intro = forms.CharField(label=_("Introduction"), max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    guiding_ideas = forms.CharField(label=_("Guiding ideas"), max_length=4000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 5}))
    principles = forms.CharField(label=_("Principles"), max_length=4000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 6}),
                                 help_text=_("One per line; each line becomes a numbered item."))
    goals = forms.CharField(label=_("Work goals"), max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_("One per line; each line becomes a numbered item."))


class PlanStatusForm(forms.Form):
    status = forms.ChoiceField(choices=PlanStatus.choices)


class SectionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=100)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class TaskForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Task"), max_length=150)
    section = forms.ModelChoiceField(label=_("Section"), queryset=PlanSection.objects.none(), widget=FastSelect)
    measures = forms.CharField(label=_("Measures"), max_length=8000, required=False,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("One per line; each line becomes a numbered item."))
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False, widget=FastSelect)
    departments = forms.ModelMultipleChoiceField(label=_("Departments"), queryset=Department.objects.none(),
                                                 required=False, widget=forms.CheckboxSelectMultiple)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    expected_evidence = forms.CharField(label=_("Expected evidence"), max_length=300, required=False,
                                        help_text=_("For example: activity plan, photos, summary"))

    def __init__(self, *args, sections, owners, departments, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].school = school  # type: ignore[attr-defined]
        self.fields["departments"].queryset = departments  # type: ignore[attr-defined]


class ProgressForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    percent = forms.CharField(label=_("Progress (%)"), max_length=10,
                              widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
                              help_text=_("0 to 100; a task marked done is 100 %."))
    note = forms.CharField(label=_("Progress note"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    # the queryset comes from the view (the activities app's selector)
    activities: forms.ModelMultipleChoiceField[Activity] = forms.ModelMultipleChoiceField(
        label=_("Linked activities"), queryset=None, required=False, widget=SearchPicker(),
        help_text=_("Search by date or title and add the activities one at a time; remove one with its button."))

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = activities  # type: ignore[attr-defined]
        self.fields["activities"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: f"{a.starts_at:%Y-%m-%d} {a.title}")


class EvidenceForm(BootstrapMixin, forms.Form):
    photos = MultipleFileField(label=_("Photos"), required=False,
                               widget=MultipleFileInput(attrs={"accept": IMAGE_ACCEPT}))
    documents = MultipleFileField(label=_("Files"), required=False, widget=MultipleFileInput(
        attrs={"accept": ",".join(f".{ext}" for ext in DOCUMENT_TYPES)}))


class TaskFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *TaskStatus.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
