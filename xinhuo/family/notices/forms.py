"""Forms of the notices' pages (the services validate again and have the last word)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.forms import BootstrapMixin
from xinhuo.core.uploads import DOCUMENT_TYPES

from . import rules, selectors
from .models import BODY_MAX, MESSAGE_MAX, TITLE_MAX, NoticeAudience, NoticeReplyKind

ACCEPT = ",".join(sorted({f".{ext}" for ext in DOCUMENT_TYPES}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def parse_questions(text: str) -> list[dict]:
    """One question a line; "question：option/option/option" is a choice, a line without options a short text."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.match(r"^(.+?)[:：](.+)$", line)
        head, tail = (m.group(1), m.group(2)) if m else (line, "")
        options = [o.strip() for o in re.split(r"[/／、]", tail) if o.strip()]
        if len(options) >= 2:
            out.append({"text": head.strip(), "kind": "choice", "options": options})
        else:
            out.append({"text": line, "kind": "text", "options": []})
    return out


def questions_text(questions: list[dict]) -> str:
    return "\n".join(q["text"] + ("：" + "/".join(q["options"]) if q["kind"] == "choice" else "") for q in questions)


class NoticeForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX)
    body = forms.CharField(label=gettext_lazy("Text"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8}))
    audience = forms.ChoiceField(label=gettext_lazy("To"), widget=forms.RadioSelect)
    grades = forms.ModelMultipleChoiceField(label=gettext_lazy("Grades"), queryset=None, required=False,  # type: ignore[var-annotated]
                                            widget=forms.CheckboxSelectMultiple)
    classes = forms.ModelMultipleChoiceField(label=gettext_lazy("Classes"), queryset=None, required=False,  # type: ignore[var-annotated]
                                             widget=forms.CheckboxSelectMultiple)
    students = forms.ModelMultipleChoiceField(label=gettext_lazy("Families (by child)"), queryset=None,  # type: ignore[var-annotated]
                                              required=False, widget=forms.CheckboxSelectMultiple)
    student_numbers = forms.CharField(
        label=gettext_lazy("Families (by the child's student number)"), required=False, max_length=2000,
        help_text=gettext_lazy("Student numbers separated by spaces or commas."))
    reply_kind = forms.ChoiceField(label=gettext_lazy("Reply"), choices=NoticeReplyKind.choices,
                                   initial=NoticeReplyKind.NONE, widget=forms.RadioSelect)
    questions = forms.CharField(
        label=gettext_lazy("Questions of the reply form"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One question a line. A choice: the question, a colon, then the options separated "
                               "by slashes, e.g. 是否参加：参加/不参加. A line without options is a short text "
                               "answer."))
    reply_deadline = forms.DateTimeField(label=gettext_lazy("Reply by"), required=False,
                                         widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                    format="%Y-%m-%dT%H:%M"),
                                         input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
    attachments = MultipleFileField(label=gettext_lazy("Attachments (files or pictures)"), required=False,
                                    help_text=gettext_lazy("PDF, Word, PowerPoint, Excel, JPG or PNG; at most 5."))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        allowed = rules.audiences(actor)
        self.fields["audience"].choices = [(a, NoticeAudience(a).label) for a in allowed]  # type: ignore[attr-defined]
        if len(allowed) == 1:
            self.fields["audience"].initial = allowed[0]
        self.fields["grades"].queryset = selectors.choosable_grades(actor)  # type: ignore[attr-defined]
        self.fields["classes"].queryset = selectors.choosable_classes(actor)  # type: ignore[attr-defined]
        self.fields["students"].queryset = selectors.choosable_students(actor)  # type: ignore[attr-defined]
        self.fields["students"].label_from_instance = lambda s: f"{s.school_class} {s.name}"  # type: ignore[attr-defined]
        if NoticeAudience.GRADES not in allowed:
            del self.fields["grades"]
        if NoticeAudience.CLASSES not in allowed:
            del self.fields["classes"]
        if NoticeAudience.FAMILIES not in allowed:
            del self.fields["students"], self.fields["student_numbers"]
        elif rules.all_classes(actor):
            del self.fields["students"]  # the whole school: by student number, not a list of thousands
        else:
            del self.fields["student_numbers"]

    def clean_student_numbers(self):
        text = self.cleaned_data.get("student_numbers") or ""
        numbers = [n for n in re.split(r"[\s,，、;；]+", text) if n]
        if not numbers:
            return []
        found = list(selectors.choosable_students(self.actor).filter(student_no__in=numbers))
        missing = sorted(set(numbers) - {s.student_no for s in found})
        if missing:
            raise ValidationError(_("No student at school has the number %(numbers)s.") % {
                "numbers": "、".join(missing[:10])})
        return found

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "title": d["title"], "body": d["body"], "audience": d["audience"],
            "grades": list(d.get("grades") or []), "classes": list(d.get("classes") or []),
            "students": list(d.get("students") or d.get("student_numbers") or []),
            "reply_kind": d["reply_kind"], "questions": parse_questions(d.get("questions") or ""),
            "reply_deadline": d.get("reply_deadline"), "attachments": d.get("attachments") or [],
        }


class YesNoReplyForm(forms.Form):
    agree = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")])


class ThreadForm(BootstrapMixin, forms.Form):
    student = forms.ModelChoiceField(label=gettext_lazy("Child"), queryset=None)  # type: ignore[var-annotated]
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=100)
    body = forms.CharField(label=gettext_lazy("Message"), max_length=MESSAGE_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = selectors.message_students(actor)  # type: ignore[attr-defined]
        self.fields["student"].label_from_instance = lambda s: f"{s.school_class} {s.name}"  # type: ignore[attr-defined]


class MessageForm(BootstrapMixin, forms.Form):
    body = forms.CharField(label=gettext_lazy("Message"), max_length=MESSAGE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))
