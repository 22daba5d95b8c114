"""The indicator system (PLAN-3): dimensions and their indicators, configured per school, and the snapshots that fix
a term's or a year's figures. An indicator's figure comes from a formula in code (its `formula` key names it); the
committee sets the name, target, weight and score band. A snapshot is written once per school, year, period and
indicator, so a closed year's figures do not move when an old record is corrected later: the page shows the live
figure beside it when they differ. The county view reads snapshots only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School, SchoolYear

__all__ = ["Dimension", "Indicator", "Period", "Snapshot"]

PLAIN_TEXT: dict[str, str] = {
    "Dimension.name": "the committee's own heading for a group of indicators",
    "Indicator.name": "the committee's own name for an indicator",
    "Indicator.note": "how the committee reads the indicator",
    "Snapshot.name": "the indicator's name when the snapshot was taken",
    "Snapshot.dimension_name": "the dimension's name when the snapshot was taken",
    "Snapshot.year_name": "the school year's name, for comparing schools in a county",
    "Snapshot.unit": "the figure's unit",
}


class Period(models.TextChoices):
    TERM1 = "term1", _("First term")
    TERM2 = "term2", _("Second term")
    YEAR = "year", _("Whole year")


class Dimension(models.Model):
    """A group of indicators (组织建设, 队伍建设, 活动开展, 关爱帮扶, 家校社协同, 保障措施, 工作成效). Weights of a
    school's active dimensions sum to 100."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=40)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="uniq_eval_dimension")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """One measured thing. Weights of a dimension's active indicators sum to 100. `bands` is the score band: a list
    of [share of target reached (0-1+), score (0-100)] pairs, highest first; the score is the first band reached."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=40)
    formula = models.CharField(_("formula"), max_length=40)  # a key of the formulas in code
    name = models.CharField(_("name"), max_length=60)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    bands = models.JSONField(_("score band"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["dimension__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="uniq_eval_indicator")]

    def __str__(self) -> str:
        return self.name


class Snapshot(models.Model):
    """An indicator's figure fixed for a period. `value` None: no data (the module has no records, or the indicator
    needs an app the school does not use); never a made-up figure. Names are copied so a later rename does not
    rewrite history; `year_name` lets a county compare schools whose SchoolYear rows differ."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    year_name = models.CharField(_("school year"), max_length=40)
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    indicator_code = models.SlugField(_("indicator"), max_length=40)
    dimension_code = models.SlugField(_("dimension"), max_length=32)
    name = models.CharField(_("name"), max_length=60)
    dimension_name = models.CharField(_("dimension"), max_length=40)
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    value = models.DecimalField(_("figure"), max_digits=14, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    dimension_weight = models.DecimalField(_("dimension weight"), max_digits=5, decimal_places=2)
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["school_year", "period", "dimension_code", "indicator_code"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year", "period", "indicator_code"],
                                               name="uniq_eval_snapshot")]
        indexes = [models.Index(fields=["year_name", "period"], name="eval_snapshot_year")]

    def __str__(self) -> str:
        return f"{self.name} · {self.year_name} · {self.get_period_display()}"
