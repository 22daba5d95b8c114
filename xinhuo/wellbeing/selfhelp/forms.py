"""Forms of the self-help corner. They only parse input; the services validate and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, FastSelect, date_field
from xinhuo.core.models import Grade
from xinhuo.people import selectors as people_selectors

from ..models import SelfHelpItem, TalkRequest
from .services import ANSWER_MAX, AUDIO_ACCEPT, BODY_MAX, MESSAGE_MAX, TITLE_MAX, TOPIC_MAX, TRAINING_MAX


class ItemFilterForm(BootstrapMixin, forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=FastSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *SelfHelpItem.Kind.choices],
                             widget=FastSelect)

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All")), *((t, t) for t in topics)]  # type: ignore[attr-defined]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"topic": "", "kind": ""}
        return {"topic": self.cleaned_data.get("topic") or "", "kind": self.cleaned_data.get("kind") or ""}


class ItemForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=SelfHelpItem.Kind.choices, widget=FastSelect)
    topic = forms.CharField(label=_("Topic"), max_length=TOPIC_MAX,
                            help_text=_("Items of the same topic are listed together, e.g. 考试焦虑, 睡眠, 人际关系."))
    grades = forms.ModelMultipleChoiceField(
        label=_("For grades"), queryset=Grade.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: for every grade."))
    for_parents = forms.BooleanField(label=_("For parents too"), required=False)
    body = forms.CharField(label=_("Text"), required=False, max_length=BODY_MAX,
                           widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("Plain text; an empty line starts a new paragraph."))
    audio = forms.FileField(label=_("Audio file"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": AUDIO_ACCEPT}),
                            help_text=_("For an audio item: MP3, M4A, OGG or WAV, at most 30 MB."))
    published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    def __init__(self, *args, grades=None, **kwargs):
        super().__init__(*args, **kwargs)
        if grades is not None:
            self.fields["grades"].queryset = grades  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, item: SelfHelpItem) -> dict:
        return {"title": item.title, "kind": item.kind, "topic": item.topic, "grades": list(item.grades.all()),
                "for_parents": item.for_parents, "body": item.body, "published": item.published}


class StudentField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.school_class} · {obj.student_no}"


class SupporterForm(BootstrapMixin, forms.Form):
    student = StudentField(label=_("Student"), queryset=people_selectors.students_of_school(None).none(),
                           widget=FastSelect)
    training = forms.CharField(label=_("Training"), max_length=TRAINING_MAX,
                               help_text=_("e.g. 朋辈心理辅导员培训（16学时）"))
    trained_on = date_field(_("Trained on"))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        if students is not None:
            self.fields["student"].queryset = students  # type: ignore[attr-defined]


class SupporterEditForm(SupporterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["student"]


class TalkForm(BootstrapMixin, forms.Form):
    with_whom = forms.ChoiceField(label=_("I would like to talk with"), choices=TalkRequest.With.choices,
                                  widget=forms.RadioSelect)
    message = forms.CharField(label=_("Message (optional)"), required=False, max_length=MESSAGE_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Only the counsellors read it."))


class AnswerForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect, choices=[
        (TalkRequest.Status.ARRANGED, _("Arranged")), (TalkRequest.Status.DECLINED, _("Declined"))])
    answer = forms.CharField(label=_("Words to the student"), required=False, max_length=ANSWER_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("The student reads this, e.g. when and where they will meet."))
