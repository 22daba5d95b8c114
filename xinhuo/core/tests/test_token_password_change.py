"""Every password change revokes the account's API tokens (core/tokens.py), also one made outside the app's pages:
Django's `python -m xinhuo changepassword` and set_password() in the shell."""

from __future__ import annotations

import pytest
from django.contrib.auth.management.commands import changepassword
from django.core.management import call_command

from xinhuo.core import tokens
from xinhuo.core.models import ApiToken, User

NEW_PASSWORD = "Plum-Blossom-2027"  # noqa: S105 - test only


@pytest.fixture
def parent_tokens(world) -> User:
    user = User.objects.get(username="parent")
    tokens.issue(user, name="phone")
    tokens.issue(user, name="tablet")
    other = User.objects.get(username="director")
    tokens.issue(other)
    return user


def test_the_changepassword_command_revokes_the_tokens(parent_tokens, monkeypatch):
    monkeypatch.setattr(changepassword.Command, "_get_pass", lambda self, prompt="": NEW_PASSWORD)
    call_command("changepassword", "parent", stdout=None)
    user = User.objects.get(username="parent")
    assert user.check_password(NEW_PASSWORD)
    assert not ApiToken.objects.filter(user=user).exists()
    assert ApiToken.objects.filter(user__username="director").count() == 1  # nobody else's


def test_set_password_in_the_shell_revokes_the_tokens(parent_tokens):
    parent_tokens.set_password(NEW_PASSWORD)
    parent_tokens.save(update_fields=["password"])
    assert not ApiToken.objects.filter(user=parent_tokens).exists()


def test_saving_the_account_without_a_new_password_keeps_the_tokens(parent_tokens):
    parent_tokens.full_name = "王家长"
    parent_tokens.save()
    user = User.objects.get(pk=parent_tokens.pk)
    assert user.check_password("Correct-Horse-2026")  # a login's check (and any hash upgrade) changes nothing either
    user.save()
    assert ApiToken.objects.filter(user=parent_tokens).count() == 2
