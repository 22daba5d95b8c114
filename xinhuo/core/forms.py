from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.choices import BlankChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import CommitteeMember, Department, Grade, Membership, Role, SchoolClass, SchoolYear, User
from .params import validate_date_range


def _fast_options(choices, chosen: set[str]):
    """<option>s in one pass; a choice whose label is a list is an <optgroup> of them (Django's grouped choices)."""
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', value, _fast_options(label, chosen)))
        else:
            parts.append(format_html('<option value="{}"{}>{}</option>', value,
                                     mark_safe(" selected") if str(value) in chosen else "", label))
    return format_html_join("", "{}", ((part,) for part in parts))  # each part already safe


class FastSelect(forms.Select):
    """A select rendered in one pass: Django renders each option through a template, which cost
    about 7 ms for the 60 classes of a large school on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {"" if value is None else str(value)}
        return format_html("<select{}>{}</select>", flatatt(final), _fast_options(self.choices, chosen))


class FastSelectMultiple(forms.SelectMultiple):
    """FastSelect for several values: a school's students are thousands of options."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        final["multiple"] = True
        chosen = {str(v) for v in (value or [])}
        return format_html("<select{}>{}</select>", flatatt(final), _fast_options(self.choices, chosen))


class SearchPicker(FastSelectMultiple):
    """A choice of several among many (the ~85 activities a plan task may link, a school's students): on a phone a
    multi-select of that size cannot be read, and one tap without Ctrl wipes every choice. core/picker.js turns it
    into the chosen items, each with its remove button, and a search box that adds one match at a time; without
    script it stays the plain multi-select it is rendered as, so the form posts the same values either way."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"size": 8, **(attrs or {})}, choices)

    def render(self, name, value, attrs=None, renderer=None):
        from django.templatetags.static import static

        words = {"data-picker": "", "data-picker-search": _("Type to search"), "data-picker-add": _("Add"),
                 "data-picker-remove": _("Remove"), "data-picker-none": _("Nothing chosen yet."),
                 "data-picker-nomatch": _("Nothing matches."), "data-picker-chosen": _("Chosen"),
                 "data-picker-more": _("Type more to narrow the list."), "data-picker-added": _("Added:"),
                 "data-picker-removed": _("Removed:")}
        select = super().render(name, value, {**(attrs or {}), "data-picker-select": ""}, renderer)
        return format_html('<div class="xh-picker"{}>{}</div><script src="{}" defer></script>', flatatt(words),
                           select, static("core/picker.js"))


class _PersonIterator(forms.models.ModelChoiceIterator):
    """Options labelled by the person's name; where two share a name, each says what tells them apart."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        users = list(self.queryset)
        labels = person_labels(users, school=getattr(self.field, "school", None))
        for user in users:
            yield (self.choice(user)[0], labels[user.pk])


def person_labels(users, *, school=None) -> dict[int, str]:
    """Each user's display name; two people of one name (two 植宇) each get their department, classes or roles in
    the school beside it, so a picker never offers two options nobody can tell apart."""
    from collections import Counter

    names = {u.pk: u.display_name for u in users}
    counts = Counter(names.values())  # once: a picker lists a school's 300 staff on every render
    twice = {pk for pk, name in names.items() if counts[name] > 1}
    if not twice:
        return names
    seen: dict[int, list[str]] = {}
    rows = Membership.objects.filter(user_id__in=twice).select_related("department").prefetch_related(
        "classes__grade").order_by("role")
    if school is not None:
        rows = rows.filter(school=school)
    for m in rows:
        parts = seen.setdefault(m.user_id, [])
        what = m.department.name if m.department else "、".join(str(c) for c in m.classes.all())
        for text in (what, str(m.get_role_display())):
            if text and text not in parts:
                parts.append(text)
                break
    out = dict(names)
    for pk in twice:
        extra = "，".join(seen.get(pk, [])[:2])
        out[pk] = f"{names[pk]}（{extra}）" if extra else names[pk]
    clash = Counter(out[pk] for pk in twice)
    usernames = {u.pk: u.username for u in users if u.pk in twice}
    for pk in twice:  # the same department too: the account's name is what is left
        if clash[out[pk]] > 1:
            out[pk] = f"{out[pk]} · {usernames[pk]}"
    return out


class PersonChoiceField(forms.ModelChoiceField):
    """A picker of people (owners, assignees): see person_labels. `school` narrows the memberships it reads."""

    iterator = _PersonIterator

    def __init__(self, *args, school=None, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return obj.display_name


DJANGO_BLANK = "---------"  # Django's empty choice (ModelChoiceField.empty_label, BLANK_CHOICE_DASH): never shown


def empty_choice_label(field: forms.Field, *, filtering: bool):
    """What a select's empty choice says: 全部 in a list's filter (nothing chosen: all rows), 请选择 where a form
    needs an answer, （无） where the answer may stay empty."""
    if filtering:
        return _("All")
    return _("Choose…") if field.required else _("(none)")


def _fix_empty_choice(field: forms.Field, *, filtering: bool) -> None:
    """Replace Django's "---------" (and, in a filter, an empty choice that says nothing: "—" or "") by
    empty_choice_label; an empty choice a form words itself ("All kinds", "All my classes") stays."""
    vague = {DJANGO_BLANK, "—", ""} if filtering else {DJANGO_BLANK}
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None and str(field.empty_label) in vague:
            field.empty_label = empty_choice_label(field, filtering=filtering)
    elif isinstance(field, forms.ChoiceField):
        choices = field.choices
        if isinstance(choices, BlankChoiceIterator):  # a model field's choices with Django's blank, read lazily
            blank = list(choices.blank_choice)
            if blank and str(blank[0][1]) in vague:
                field.choices = BlankChoiceIterator(choices.choices,
                                                    [("", empty_choice_label(field, filtering=filtering))])
        elif isinstance(choices, list) and choices and choices[0][0] in ("", None) \
                and not isinstance(choices[0][1], list | tuple) and str(choices[0][1]) in vague:
            field.choices = [("", empty_choice_label(field, filtering=filtering)), *choices[1:]]


class BootstrapMixin:
    """Give widgets Bootstrap's classes so templates can render any form the same way, and word every select's
    empty choice (empty_choice_label). A filter of a list (`filter_form`; by default a form whose class name ends
    in FilterForm) offers 全部 as its empty choice."""

    filter_form: bool | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            self._word_empty_choice(field)
            if isinstance(field, forms.DateField | forms.DateTimeField):  # every form's dates: 1900-2100
                field.validators.append(validate_date_range)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def __getitem__(self, name):
        """A select a form adds or fills after this __init__ (a speaker's row) has its empty choice worded when
        shown."""
        field = self.fields.get(name)  # type: ignore[attr-defined]
        if field is not None:
            self._word_empty_choice(field)
        return super().__getitem__(name)  # type: ignore[misc]

    def _word_empty_choice(self, field: forms.Field) -> None:
        """Idempotent and cheap (the first choice is read, not the queryset): run again for choices set late."""
        filtering = self.filter_form if self.filter_form is not None else type(self).__name__.endswith("FilterForm")
        _fix_empty_choice(field, filtering=filtering)


# --- fields and widgets the apps' forms share ----------------------------------------------------------------

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


class _UpToTodayInput(forms.DateInput):
    """A date picker that offers no day after today, today being the day it is drawn: a form class is built once
    per process, and a server started on Monday must still offer Tuesday on Tuesday."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["max"] = timezone.localdate().isoformat()
        return context


def date_input(max_today: bool = False, attrs: dict | None = None) -> forms.DateInput:
    """The browser's date picker; `max_today` keeps it from offering days after today (a visit already made)."""
    attrs = {"type": "date", **(attrs or {})}
    return (_UpToTodayInput if max_today else forms.DateInput)(attrs=attrs, format=DATE_FORMAT)


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=date_input(), **kwargs)


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (none needed), each checked as a file; the service checks their content."""

    def __init__(self, *args, accept: str = "", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept} if accept else {}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


KEEP = object()  # a PhoneKeepingField left masked: keep the number


class PhoneKeepingField(forms.CharField):
    """A mobile number shown masked (the full number is a logged reveal): left as shown, it is kept (KEEP)."""

    def __init__(self, *, masked: str = "", **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.masked = masked
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def clean(self, value):
        from .validators import clean_mobile

        value = super().clean(value)
        if self.masked and value.replace(" ", "") == self.masked:
            return KEEP
        return clean_mobile(value)


class WorkbookUploadForm(BootstrapMixin, forms.Form):
    """An Excel workbook to import (core.excel): at most MAX_BYTES, an .xlsx. Each import names the file's label."""

    file_label: Any = None
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                                                         ".spreadsheetml.sheet"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = self.file_label

    def clean_file(self):
        from .excel import MAX_BYTES

        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB: split it into several files.")
                                        % {"mb": MAX_BYTES // 1024 // 1024})
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx); save an .xls or .csv file as .xlsx "
                                          "first."))
        return f


class LoginForm(BootstrapMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Username or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )


class PasswordChangeForm(BootstrapMixin, DjangoPasswordChangeForm):
    pass


class SchoolYearForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=40, help_text=_("For example 2026-2027学年"))
    start = forms.DateField(label=_("Start date"), widget=date_input())
    end = forms.DateField(label=_("End date"), widget=date_input())
    is_current = forms.BooleanField(label=_("Current year"), required=False)


class TermForm(BootstrapMixin, forms.Form):
    school_year = forms.ModelChoiceField(label=_("School year"), queryset=SchoolYear.objects.none())
    name = forms.CharField(label=_("Name"), max_length=40, help_text=_("For example 第一学期"))
    start = forms.DateField(label=_("Start date"), widget=date_input())
    end = forms.DateField(label=_("End date"), widget=date_input())

    def __init__(self, *args, years=None, **kwargs):
        super().__init__(*args, **kwargs)
        if years is not None:
            self.fields["school_year"].queryset = years  # type: ignore[attr-defined]


class GradeForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=20, help_text=_("For example 初一"))
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=12, help_text=_("Year of schooling, 1-12"))


class ClassForm(BootstrapMixin, forms.Form):
    grade = forms.ModelChoiceField(label=_("Grade"), queryset=Grade.objects.none())
    number = forms.IntegerField(label=_("Class number"), min_value=1, max_value=99)
    name = forms.CharField(label=_("Name"), max_length=20, required=False, help_text=_("Empty: 3班 for number 3"))

    def __init__(self, *args, grades=None, students: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if grades is not None:
            self.fields["grade"].queryset = grades  # type: ignore[attr-defined]
        if students is not None:  # editing a class: what moving it does
            self.fields["grade"].help_text = _(
                "Moved to another grade, the class keeps its %(n)d students: they move with it.") % {"n": students}


class HeadTeacherForm(BootstrapMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Head teacher"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        if users is not None:
            self.fields["user"].queryset = users  # type: ignore[attr-defined]
        field = self.fields["user"]
        field.label_from_instance = lambda u: f"{u.display_name} ({u.username})"  # type: ignore[attr-defined]


class DepartmentForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    kind = forms.ChoiceField(label=_("Kind"), choices=Department.Kind.choices)
    duties = forms.CharField(
        label=_("Duties"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommitteeMemberForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "position", "in_leading_group", "title", "duties", "user", "since", "order"]
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}),
            "duties": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        user_field.queryset = users if users is not None else User.objects.none()  # type: ignore[attr-defined]
        user_field.required = False
        user_field.label = _("Account")


NOTICE_ROLES = [(r.value, r.label) for r in Role]


class NoticeForm(BootstrapMixin, forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Send to roles"), choices=NOTICE_ROLES, widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    body = forms.CharField(label=_("Content"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))


class MobileField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean(self, value):
        from .validators import clean_mobile

        return clean_mobile(super().clean(value))


class AccountForm(BootstrapMixin, forms.Form):
    username = forms.RegexField(
        label=_("Username"), max_length=60, regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    phone = MobileField(label=_("Mobile number"), help_text=_("Can be used to log in."))
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    classes = forms.ModelMultipleChoiceField(
        label=_("Classes (head teacher)"), queryset=SchoolClass.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)

    def __init__(self, *args, classes=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if classes is not None:
            self.fields["classes"].queryset = classes  # type: ignore[attr-defined]
        if departments is not None:
            self.fields["department"].queryset = departments  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or {}
        if data.get("role") == Role.HEAD_TEACHER and not data.get("classes"):
            self.add_error("classes", _("Choose the head teacher's classes."))
        return data


class MembershipForm(AccountForm):
    """Add a role to an existing account: the account fields are dropped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("username", "full_name", "phone", "email"):
            del self.fields[name]


class AccountEditForm(BootstrapMixin, forms.Form):
    """The number is never put back into the form (the page shows it masked, with a logged reveal): a blank field
    keeps it, a new one replaces it, the box removes it."""

    full_name = forms.CharField(label=_("Full name"), max_length=50)
    phone = MobileField(label=_("New mobile number"), help_text=_("Leave blank to keep the current number."))
    clear_phone = forms.BooleanField(label=_("Remove the mobile number"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def phone_for(self, user) -> str:
        """The number to save: the new one, none if removed, otherwise the current one."""
        if self.cleaned_data.get("phone"):
            return self.cleaned_data["phone"]
        return "" if self.cleaned_data.get("clear_phone") else (user.phone or "")


class PersonLoginForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), required=False,
        choices=[("", "—")] + [(r.value, r.label) for r in Role if r not in (Role.PARENT, Role.STUDENT)],
    )
