"""The county committee (县关工委, ORG-8): a county, its schools, and the accounts of its committee. A county
account holds no school membership: it reaches no school page or API (404) and sees only the county's own pages,
which read stored snapshots and submitted year-end reports, never a record of a person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School

__all__ = ["County", "CountyMember", "CountySchool"]

PLAIN_TEXT: dict[str, str] = {
    "County.name": "the county's name",
    "County.code": "the county's code",
}


class County(models.Model):
    name = models.CharField(_("name"), max_length=60)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CountySchool(models.Model):
    """A school in a county's view: one county per school."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="schools")
    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("county school")
        verbose_name_plural = _("county schools")

    def __str__(self) -> str:
        return f"{self.county_id}:{self.school_id}"


class CountyMember(models.Model):
    """An account of the county committee."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("county committee member")
        verbose_name_plural = _("county committee members")
        constraints = [models.UniqueConstraint(fields=["county", "user"], name="uniq_county_member")]

    def __str__(self) -> str:
        return f"{self.county_id}:{self.user_id}"
