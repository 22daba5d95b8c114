"""The access-log rows the assistant part writes: the committee's reading of the assistant's log."""

from django.utils.translation import gettext_lazy as _

KINDS = {"library_assistant_log": _("Assistant log")}
