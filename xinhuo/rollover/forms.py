"""The committee's choices for the next school year."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from xinhuo.core.forms import BootstrapMixin, date_field

from .services import Choices

DATES = ("start", "end", "term1_start", "term1_end", "term2_start", "term2_end")


class PrepareForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name of the new school year"), max_length=40)
    start = date_field(_("First day of the year"))
    end = date_field(_("Last day of the year"))
    term1_start = date_field(_("First term starts"))
    term1_end = date_field(_("First term ends"))
    term2_start = date_field(_("Second term starts"))
    term2_end = date_field(_("Second term ends"))
    repeat = forms.CharField(
        label=_("Students repeating the year"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026001 2026015"}),
        help_text=_("Their student numbers, separated by spaces, commas or new lines. They stay in their grade and "
                    "join the class of the same number that moves into it."),
    )

    def __init__(self, *args, classes=(), find_students=None, find_users=None, **kwargs):
        """`classes`: (class, its label next year, its head teachers now) of the classes that stay; each gets a
        field for a new head teacher's user name (empty: keep)."""
        super().__init__(*args, **kwargs)
        self.class_rows = []
        self.find_students = find_students
        self.find_users = find_users
        for cls, label, heads in classes:
            key = f"head_{cls.pk}"
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=150,
                widget=forms.TextInput(attrs={"list": "staff-accounts", "class": "form-control form-control-sm",
                                              "autocomplete": "off"}))
            self.class_rows.append((cls, label, heads, key))

    def head_fields(self):
        return [(cls, label, heads, self[key]) for cls, label, heads, key in self.class_rows]

    def clean_repeat(self) -> list[int]:
        numbers = [n for n in re.split(r"[\s,，、;；]+", self.cleaned_data.get("repeat") or "") if n]
        if not numbers:
            return []
        ids, unknown = self.find_students(numbers) if self.find_students else ([], numbers)
        if unknown:
            raise forms.ValidationError(_("No student at school has the number %(numbers)s.")
                                        % {"numbers": "、".join(unknown[:10])})
        return ids

    def clean(self):
        data = super().clean() or {}
        chosen = {cls.pk: (data.get(key) or "").strip() for cls, _label, _heads, key in self.class_rows}
        chosen = {k: v for k, v in chosen.items() if v}
        users = self.find_users(set(chosen.values())) if (chosen and self.find_users) else {}
        self.head_teachers = {}
        for cls, _label, _heads, key in self.class_rows:
            name = chosen.get(cls.pk)
            if not name:
                continue
            if name not in users:
                self.add_error(key, _("No staff account has the user name %(name)s.") % {"name": name})
            else:
                self.head_teachers[cls.pk] = users[name]
        return data

    def choices(self) -> Choices:
        d = self.cleaned_data
        return Choices(d["name"], d["start"], d["end"], (d["term1_start"], d["term1_end"]),
                       (d["term2_start"], d["term2_end"]), tuple(d.get("repeat") or ()), dict(self.head_teachers))
