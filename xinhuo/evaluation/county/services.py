"""Writes of the county part: a county, its schools, its committee's accounts. They are the deployment operator's
(the `county` command, Django admin), not a school role's, so `actor` is the operator's User or None for the
command line; each write is atomic, validated and in the change history (audit.acting)."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xinhuo.core.audit import acting
from xinhuo.core.models import School, User

from .models import County, CountyMember, CountySchool


def county_create(*, actor: User | None, name: str, code: str) -> County:
    name, code = name.strip(), code.strip()
    if not name or not code:
        raise ValidationError(_("A county needs a name and a code."))
    if County.objects.filter(code=code).exists():
        raise ValidationError(_("A county with the code %(code)s exists already.") % {"code": code})
    with transaction.atomic(), acting(actor):
        county = County(name=name, code=code)
        county.full_clean()
        county.save()
    return county


def county_school_add(*, actor: User | None, county: County, school_codes: list[str]) -> list[School]:
    """Add schools by their codes; all or none. A school is in one county only."""
    codes = [c.strip() for c in school_codes if c.strip()]
    found = {s.code: s for s in School.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(_("No school has the code %(codes)s.") % {"codes": ", ".join(missing)})
    taken = (CountySchool.objects.filter(school__code__in=codes).exclude(county=county)
             .values_list("school__code", flat=True))
    if taken:
        raise ValidationError(_("These schools are in another county already: %(codes)s.")
                              % {"codes": ", ".join(sorted(taken))})
    with transaction.atomic(), acting(actor):
        for code in codes:
            CountySchool.objects.get_or_create(county=county, school=found[code])
    return [found[c] for c in codes]


def county_member_create(*, actor: User | None, county: County, username: str, full_name: str = "",
                         password: str | None = None) -> tuple[User, str]:
    """A county committee account: a user with no school role, a member of the county. Returns the user and its
    one-time password (to be changed at the first login)."""
    username = username.strip()
    if not username:
        raise ValidationError(_("A username is needed."))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("The username %(username)s is taken.") % {"username": username})
    password = password or secrets.token_urlsafe(9)
    with transaction.atomic(), acting(actor):
        user = User.objects.create_user(username=username, password=password,
                                        full_name=full_name.strip() or county.name)
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
        CountyMember.objects.create(county=county, user=user)
    return user, password
