"""The change history names who did it (core.audit), inside a request as from a command, and the request's own
audit context survives a service that names its actor."""

from __future__ import annotations

from auditlog.context import auditlog_value, set_extra_data
from auditlog.models import LogEntry
from django.db.models.signals import pre_save

from xinhuo.core.audit import acting, audited
from xinhuo.people.models import Guardian


def rename(guardian_pk: int, name: str) -> Guardian:
    guardian = Guardian.objects.get(pk=guardian_pk)
    guardian.name = name
    guardian.save()
    return guardian


def test_acting_names_the_user_and_puts_the_request_context_back(world):
    director = world.users["director"]
    # as the audit middleware does for a token-authenticated API call: an address, nobody named yet
    with set_extra_data({"actor": None, "remote_addr": "10.0.0.1", "remote_port": None}):
        outer = auditlog_value.get()
        listeners = len(pre_save.receivers)
        with acting(director):
            guardian = rename(world.guardian_x.pk, "张大明明")
        assert auditlog_value.get() is outer, "the request's context is back"
        assert len(pre_save.receivers) == listeners, "no receiver left connected"
    entry = LogEntry.objects.get_for_object(guardian).latest("timestamp")
    assert entry.actor == director and entry.remote_addr == "10.0.0.1"


def test_an_audited_service_names_its_actor_and_the_system_names_nobody(world):
    @audited
    def service(*, actor, name):
        return rename(world.guardian_x.pk, name)

    guardian = service(actor=world.actor("director"), name="张大明明")
    assert LogEntry.objects.get_for_object(guardian).latest("timestamp").actor == world.users["director"]
    guardian = service(actor=None, name="张大明")
    assert LogEntry.objects.get_for_object(guardian).latest("timestamp").actor is None
