"""Setting a county up from the command line (python -m xinhuo county ...): a county, its schools by code, an
account with a one-time password that lands on the county's dashboard; bad input is refused and writes nothing."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from xinhuo.core.models import User
from xinhuo.evaluation.models import County, CountyMember, CountySchool

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("county", *args, stdout=out)
    return out.getvalue()


def test_create_add_schools_and_an_account(world):
    run("create", "--code", "east", "--name", "东县")
    east = County.objects.get(code="east")
    run("add-schools", "--code", "east", "other")
    assert list(CountySchool.objects.filter(county=east).values_list("school_id", flat=True)) == [world.other.pk]
    out = run("add-account", "--code", "east", "--username", "east1", "--full-name", "东县关工委")
    password = re.search(r"One-time password: (\S+)", out).group(1)
    user = User.objects.get(username="east1")
    assert user.check_password(password) and user.must_change_password
    assert not user.memberships.exists()
    assert CountyMember.objects.get(user=user).county == east


def test_bad_input_is_refused_and_changes_nothing(world):
    run("create", "--code", "east", "--name", "东县")
    with pytest.raises(CommandError):
        run("create", "--code", "east", "--name", "又一个")
    with pytest.raises(CommandError):  # one unknown code: none is added
        run("add-schools", "--code", "east", "other", "no-such-school")
    assert not CountySchool.objects.filter(county__code="east").exists()
    with pytest.raises(CommandError):  # the world's school is in the world's county already
        run("add-schools", "--code", "east", "demo")
    with pytest.raises(CommandError):
        run("add-account", "--code", "east", "--username", "director")  # taken
    with pytest.raises(CommandError):
        run("add-account", "--code", "nowhere", "--username", "x1")
    assert County.objects.filter(code="east").count() == 1
    assert not User.objects.filter(username="x1").exists()
