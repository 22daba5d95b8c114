"""The scale form: a few fields and three text boxes, one line per option, item or band, so that a counsellor
can type or paste a scale on a phone. The form only parses the lines (naming the line it cannot read); the
service checks the rules.

    options   从不=0                       label=score
    items     我感到紧张 | 反向 | 焦虑 | 预警≥2 | 不计分 | 选项:否=0;是=1
              text, then any of: 反向 (reverse-scored), a subscale's name (or 子量表:名), 预警≥N (an answer scoring
              at least N is an alert), 不计分 (asked, not counted in the total), the item's own options
    bands     0-4 无或极轻微 无            from-to label risk (无, 关注, 预警 or 危机; 无 when left out)
              焦虑: 3-5 较高 关注           a subscale's band: its name and a colon first
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.forms import BootstrapMixin

from ..scales import BandSpec, ItemSpec, OptionSpec, Risk, ScaleSpec

RISK_WORDS = {"无": Risk.NONE, "关注": Risk.ATTENTION, "预警": Risk.WARNING, "危机": Risk.CRISIS,
              "none": Risk.NONE, "attention": Risk.ATTENTION, "warning": Risk.WARNING, "crisis": Risk.CRISIS}
RISK_WORD = {Risk.NONE: "无", Risk.ATTENTION: "关注", Risk.WARNING: "预警", Risk.CRISIS: "危机"}
REVERSE, UNSCORED, SUBSCALE, OWN_OPTIONS, ALERT = "反向", "不计分", "子量表", "选项", "预警"

_OPTION = re.compile(r"^(?P<label>.+?)\s*[=＝]\s*(?P<score>[-+]?\S+)$")
_ALERT = re.compile(r"^预警\s*(?:≥|>=|＞＝|>＝|＞=)?\s*(?P<score>.*)$")
_PREFIXED = re.compile(r"^(?P<key>子量表|选项)\s*[:：]\s*(?P<value>.*)$")
_BAND = re.compile(r"^(?:(?P<subscale>[^:：]+?)\s*[:：]\s*)?(?P<low>[-+]?\d+)\s*(?:-|–|—|~|～|至|到)\s*"
                   r"(?P<high>[-+]?\d+)\s+(?P<label>\S+)(?:\s+(?P<risk>\S+))?$")


def _lines(text: str) -> list[tuple[int, str]]:
    """The non-blank lines with their numbers (1-based, blank lines counted, as the counsellor sees them)."""
    return [(n, line.strip()) for n, line in enumerate((text or "").splitlines(), start=1) if line.strip()]


def _line_error(n: int, message: str) -> str:
    return _("Line %(line)d: %(problem)s") % {"line": n, "problem": message}


def _score(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _option(text: str) -> OptionSpec | str:
    """An option from "label=score", or why not."""
    found = _OPTION.match(text.strip())
    if not found:
        return _("write an option as label=score, e.g. 从不=0.")
    value = _score(found.group("score"))
    if value is None:
        return _("the score “%(score)s” is not a whole number.") % {"score": found.group("score")}
    return OptionSpec(found.group("label").strip(), value)


def parse_options(text: str) -> tuple[OptionSpec, ...]:
    out: list[OptionSpec] = []
    errors: list[str] = []
    for n, line in _lines(text):
        option = _option(line)
        if isinstance(option, str):
            errors.append(_line_error(n, option))
        else:
            out.append(option)
    if errors:
        raise ValidationError(errors)
    return tuple(out)


def _item(number: int, line: str) -> ItemSpec | str:
    text, *marks = [part.strip() for part in re.split(r"[|｜]", line)]
    if not text:
        return _("an item starts with its text, before the first |.")
    reverse, scored, subscale, alert_at, options = False, True, "", None, list[OptionSpec]()
    for mark in (m for m in marks if m):
        prefixed, alert = _PREFIXED.match(mark), _ALERT.match(mark)
        if mark == REVERSE:
            reverse = True
        elif mark == UNSCORED:
            scored = False
        elif alert:
            alert_at = _score(alert.group("score"))
            if alert_at is None:
                return _("write an alert as 预警≥N, N a whole number (not “%(mark)s”).") % {"mark": mark}
        elif prefixed and prefixed.group("key") == OWN_OPTIONS:
            for part in (p for p in re.split(r"[;；]", prefixed.group("value")) if p.strip()):
                option = _option(part)
                if isinstance(option, str):
                    return _("the item's own options are written 选项:label=score;label=score (%(problem)s)") % {
                        "problem": option}
                options.append(option)
            if len(options) < 2:
                return _("the item's own options are written 选项:label=score;label=score, at least two.")
        elif subscale:
            return _("“%(mark)s” is not understood: write 反向, 不计分, 预警≥N, 选项:label=score;… and at most one "
                     "subscale name.") % {"mark": mark}
        else:
            subscale = prefixed.group("value").strip() if prefixed else mark
    return ItemSpec(number, text, tuple(options), scored=scored, reverse=reverse, subscale=subscale,
                    alert_at=alert_at)


def parse_items(text: str) -> tuple[ItemSpec, ...]:
    """The items, numbered in their order."""
    out: list[ItemSpec] = []
    errors: list[str] = []
    for n, line in _lines(text):
        item = _item(len(out) + 1, line)
        if isinstance(item, str):
            errors.append(_line_error(n, item))
        else:
            out.append(item)
    if errors:
        raise ValidationError(errors)
    return tuple(out)


def parse_bands(text: str) -> tuple[BandSpec, ...]:
    out: list[BandSpec] = []
    errors: list[str] = []
    for n, line in _lines(text):
        found = _BAND.match(line)
        if not found:
            errors.append(_line_error(n, _("write a band as from-to label risk, e.g. 0-4 无或极轻微 无 (a "
                                           "subscale's band starts with its name and a colon).")))
            continue
        risk_word = found.group("risk") or "无"
        risk = RISK_WORDS.get(risk_word.lower())
        if risk is None:
            errors.append(_line_error(n, _("the risk level “%(risk)s” is not one of 无, 关注, 预警, 危机.")
                                      % {"risk": risk_word}))
            continue
        low, high = int(found.group("low")), int(found.group("high"))
        if low > high:
            errors.append(_line_error(n, _("a band goes from its lower score to its higher one.")))
            continue
        out.append(BandSpec(low, high, found.group("label"), risk, (found.group("subscale") or "").strip()))
    if errors:
        raise ValidationError(errors)
    return tuple(out)


# --- a spec written back as the form's lines ------------------------------------------------------------------------


def _options_text(options: tuple[OptionSpec, ...], sep: str) -> str:
    return sep.join(f"{o.label}={o.score}" for o in options)


def items_text(spec: ScaleSpec) -> str:
    lines = []
    for item in spec.items:
        marks = [item.text]
        if item.reverse:
            marks.append(REVERSE)
        if not item.scored:
            marks.append(UNSCORED)
        if item.subscale:
            marks.append(f"{SUBSCALE}:{item.subscale}")
        if item.alert_at is not None:
            marks.append(f"{ALERT}≥{item.alert_at}")
        if item.options:
            marks.append(f"{OWN_OPTIONS}:{_options_text(item.options, ';')}")
        lines.append(" | ".join(marks))
    return "\n".join(lines)


def bands_text(spec: ScaleSpec) -> str:
    return "\n".join(f"{b.subscale + ': ' if b.subscale else ''}{b.low}-{b.high} {b.label} {RISK_WORD[Risk(b.risk)]}"
                     for b in spec.bands)


class ScaleForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=30,
                           help_text=gettext_lazy("Short and unique in the school, e.g. school-stress."))
    instructions = forms.CharField(label=gettext_lazy("Instructions"), max_length=300, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=gettext_lazy("What the student reads before the questions."))
    source = forms.CharField(label=gettext_lazy("Source"), max_length=300, required=False,
                             help_text=gettext_lazy("Where the scale comes from: authors, journal, year."))
    options = forms.CharField(
        label=gettext_lazy("Answer options"), widget=forms.Textarea(attrs={"rows": 4, "placeholder": "从不=0\n有时=1"}),
        help_text=gettext_lazy("One per line: label=score, e.g. 从不=0. At least two, each with its own score."))
    items = forms.CharField(
        label=gettext_lazy("Items"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("One per line, in order: the text, then any of | 反向 (reverse-scored) | a subscale's "
                               "name | 预警≥N (an answer scoring at least N raises an alert) | 不计分 (not counted "
                               "in the total) | 选项:否=0;是=1 (the item's own options)."))
    bands = forms.CharField(
        label=gettext_lazy("Bands"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("One per line: from-to label risk level (无, 关注, 预警 or 危机), e.g. "
                               "0-4 无或极轻微 无. A subscale's band starts with its name and a colon: 焦虑: 0-6 正常 "
                               "无. The total's bands must cover every total exactly once before the scale can be "
                               "made ready."))

    def clean_options(self) -> tuple[OptionSpec, ...]:
        return parse_options(self.cleaned_data["options"])

    def clean_items(self) -> tuple[ItemSpec, ...]:
        return parse_items(self.cleaned_data["items"])

    def clean_bands(self) -> tuple[BandSpec, ...]:
        return parse_bands(self.cleaned_data["bands"])

    @staticmethod
    def initial_for(spec: ScaleSpec) -> dict:
        return {"name": spec.name, "code": spec.code, "instructions": spec.instructions, "source": spec.source,
                "options": _options_text(spec.options, "\n"), "items": items_text(spec), "bands": bands_text(spec)}

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("name", "code", "instructions", "source", "options", "items", "bands")}
