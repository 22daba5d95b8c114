"""The administrator's account page shows mobile numbers masked; the full number is one logged reveal away
(issue 21, finding 6). A parent's username is their mobile number, so it is masked the same way."""

from __future__ import annotations

from django.urls import reverse

from xinhuo.core.models import AccessLog
from xinhuo.core.services import account_create_for_person


def page(world, user) -> str:
    response = world.client("admin").get(reverse("account-detail", args=[user.pk]))
    assert response.status_code == 200
    return response.content.decode()


def reveal(client, user, field: str):
    return client.post(reverse("account-reveal", args=[user.pk, field]))


def test_the_mobile_number_is_masked_on_the_account_page(world):
    html = page(world, world.users["director"])
    assert "13900000001" not in html
    assert "139****0001" in html


def test_a_parents_username_that_is_their_mobile_number_is_masked_too(world):
    parent, _password = account_create_for_person(actor=world.actor("admin"), person=world.guardian_z)
    assert parent.username == "13712345678"
    html = page(world, parent)
    assert "13712345678" not in html and "137****5678" in html
    listing = world.client("admin").get(reverse("accounts"), {"role": "parent"}).content.decode()
    assert "13712345678" not in listing and "137****5678" in listing


def test_revealing_the_number_shows_it_and_writes_an_access_log_row(world):
    director = world.users["director"]
    client = world.client("admin")
    assert not AccessLog.objects.filter(action="reveal").exists()
    response = reveal(client, director, "phone")
    assert response.status_code == 200 and "13900000001" in response.content.decode()
    row = AccessLog.objects.get(action="reveal")
    assert (row.user, row.object_type, row.object_id, row.field) == (
        world.users["admin"], "account", str(director.pk), "phone")


def test_only_the_administrator_reveals_and_a_bad_field_is_not_found(world):
    director = world.users["director"]
    assert reveal(world.client("director"), director, "phone").status_code == 404
    assert reveal(world.client("admin"), director, "password").status_code == 404
    assert reveal(world.client("admin"), world.users["outsider"], "phone").status_code == 404
    assert not AccessLog.objects.filter(action="reveal").exists()


def test_saving_the_account_without_typing_the_number_keeps_it(world):
    director = world.users["director"]
    client = world.client("admin")
    response = client.post(reverse("account-detail", args=[director.pk]),
                           {"form": "edit", "full_name": "王主任", "phone": "", "email": ""})
    assert response.status_code == 302
    director.refresh_from_db()
    assert (director.full_name, director.phone) == ("王主任", "13900000001")
    client.post(reverse("account-detail", args=[director.pk]),
                {"form": "edit", "full_name": "王主任", "phone": "13900000009", "email": ""})
    director.refresh_from_db()
    assert director.phone == "13900000009"
    client.post(reverse("account-detail", args=[director.pk]),
                {"form": "edit", "full_name": "王主任", "phone": "", "clear_phone": "on", "email": ""})
    director.refresh_from_db()
    assert not director.phone
