"""core.web.submit and core.web.act: how every page posts a form to a service."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from xinhuo.core.web import act, submit


class NameForm(forms.Form):
    name = forms.CharField(max_length=5)
    note = forms.CharField(required=False)


def _request(method: str = "post", data: dict | None = None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request._messages = CookieStorage(request)
    return request


def _messages(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


class Service:
    """Records its calls; refuses with the error it is given."""

    def __init__(self, result=None, error: ValidationError | None = None):
        self.calls: list[dict] = []
        self.result, self.error = result, error

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        if self.error:
            raise self.error
        return self.result


def test_submit_saves_a_valid_post_and_says_so():
    request = _request(data={"name": "李华"})
    form = NameForm(request.POST)
    service = Service(result={"pk": 7})
    result = submit(request, form, lambda: service(**form.cleaned_data), lambda r: f"saved {r['pk']}")
    assert result == {"pk": 7}
    assert service.calls == [{"name": "李华", "note": ""}]
    assert _messages(request) == [("success", "saved 7")]


def test_submit_of_a_service_returning_nothing_is_still_a_success():
    request = _request(data={"name": "李华"})
    form = NameForm(request.POST)
    assert submit(request, form, lambda: Service()(**form.cleaned_data), "saved") is True


@pytest.mark.parametrize("method", ["get", "post"])
def test_submit_writes_nothing_for_a_get_or_an_invalid_form(method):
    request = _request(method, {"name": "far too long a name"})
    form = NameForm(request.POST if method == "post" else None)
    service = Service()
    assert submit(request, form, lambda: service(), "saved") is None
    assert service.calls == [] and _messages(request) == []


def test_a_refusal_goes_onto_the_form_by_field_and_nothing_is_said():
    request = _request(data={"name": "李华"})
    form = NameForm(request.POST)
    refusal = ValidationError({"name": "重名", "other": "不属于本校"})
    assert submit(request, form, lambda: Service(error=refusal)(), "saved") is None
    assert form.errors["name"] == ["重名"]
    assert form.non_field_errors() == ["不属于本校"]  # a field the form does not have: shown above it
    assert _messages(request) == []


def test_act_calls_the_service_and_says_so():
    request = _request()
    service = Service(result=3)
    assert act(request, lambda: service(), lambda n: f"{n} done") is True
    assert service.calls == [{}] and _messages(request) == [("success", "3 done")]


def test_act_shows_a_refusal_as_an_error_message():
    request = _request()
    assert act(request, lambda: Service(error=ValidationError(["名额已满", "请改期"]))(), "done") is False
    assert _messages(request) == [("error", "名额已满 请改期")]


def test_act_with_an_invalid_form_shows_its_errors_and_calls_nothing():
    request = _request(data={"name": ""})
    form = NameForm(request.POST)
    service = Service()
    assert act(request, lambda: service(), "done", form=form) is False
    assert service.calls == []
    assert _messages(request) == [("error", str(NameForm.base_fields["name"].error_messages["required"]))]


def test_a_date_picker_up_to_today_follows_the_day_it_is_drawn_on(monkeypatch):
    # the form class is built once per process: a server started yesterday must offer today, not yesterday
    import datetime as dt

    from django import forms as django_forms
    from django.utils import timezone

    from xinhuo.core.forms import date_input

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 1))

    class VisitForm(django_forms.Form):
        on = django_forms.DateField(widget=date_input(max_today=True))

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 2))
    assert 'max="2026-12-02"' in str(VisitForm()["on"])
