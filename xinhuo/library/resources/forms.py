"""Forms of the resource library: they check the shape of the input; the services check the rest and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin
from xinhuo.core.models import Grade
from xinhuo.core.validators import DOCUMENT_MAX

from .models import Audience, Collection, Resource, ResourceKind, ResourceStatus

ACCEPT = ".mp4,.mp3,.m4a,.ogg,.wav,.pdf,.docx,.pptx,.jpg,.jpeg,.png,.webp,video/mp4,audio/*,image/*"


class ResourceForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    upload = forms.FileField(label=_("File"), required=False,
                             help_text=_("Video: MP4. Audio: MP3, M4A, OGG, WAV. Documents: PDF, Word (.docx), "
                                         "PowerPoint (.pptx). Images: JPEG, PNG, WebP."),
                             widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    external_url = forms.CharField(label=_("External link"), max_length=500, required=False,
                                   help_text=_("For a link, or a video or audio kept on another site."))
    body = forms.CharField(label=_("Article text"), max_length=DOCUMENT_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 8}))
    audiences = forms.MultipleChoiceField(label=_("For"), choices=Audience.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    grades = forms.MultipleChoiceField(label=_("Students of these grades only"), required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("None chosen: students of every grade."))
    tags = forms.CharField(label=_("Tags"), max_length=200, required=False,
                           help_text=_("Separated by commas, such as 红色故事, 英雄人物."))
    collections = forms.MultipleChoiceField(label=_("Collections"), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
    licence = forms.CharField(label=_("Licence"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ResourceStatus.choices, initial=ResourceStatus.PUBLISHED)

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grades"].choices = [  # type: ignore[attr-defined]
            (g.pk, g.name) for g in Grade.objects.filter(school=school).order_by("level", "pk")]
        self.fields["collections"].choices = [  # type: ignore[attr-defined]
            (c.pk, c.title) for c in Collection.objects.filter(school=school).order_by("order", "pk")]

    @staticmethod
    def initial_for(resource: Resource) -> dict:
        return {"kind": resource.kind, "title": resource.title, "summary": resource.summary, "body": resource.body,
                "external_url": resource.external_url, "audiences": resource.audiences,
                "grades": [g.pk for g in resource.grades.all()], "tags": ", ".join(resource.tag_list),
                "collections": list(resource.collections.values_list("pk", flat=True)),
                "source": resource.source, "licence": resource.licence, "status": resource.status}


class ResourceFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Title, summary or tag"), max_length=50, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ResourceKind.choices])
    collection = forms.TypedChoiceField(label=_("Collection"), required=False, coerce=int, empty_value=None)
    audience = forms.ChoiceField(label=_("For"), required=False, choices=[("", _("All")), *Audience.choices])
    tag = forms.CharField(label=_("Tag"), max_length=20, required=False)

    def __init__(self, *args, collections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].choices = [("", _("All")), *[(c.pk, c.title) for c in collections]]  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class CollectionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(label=_("Place in the list"), min_value=0, max_value=999, initial=0, required=False)


class RateForm(forms.Form):
    stars = forms.IntegerField(min_value=1, max_value=5)


class UsedInForm(BootstrapMixin, forms.Form):
    activity = forms.TypedChoiceField(label=_("Activity"), required=False, coerce=int, empty_value=None)
    session = forms.TypedChoiceField(label=_("Parent-school session"), required=False, coerce=int,
                                     empty_value=None)

    def __init__(self, *args, activities=(), sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "—"), *[(a.pk, f"{a.starts_at:%Y-%m-%d} {a.title}")  # type: ignore[attr-defined]
                                                        for a in activities]]
        self.fields["session"].choices = [("", "—"), *[(s.pk, f"{s.starts_at:%Y-%m-%d} {s}")  # type: ignore[attr-defined]
                                                       for s in sessions]]
