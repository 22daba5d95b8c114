"""What the assistant part (RES-3) adds to the library's manifest (manifest.py joins the parts). No model imports.

- staff, elders and parents ask the assistant (`library.assistant.ask`); students hold the capability too, but may
  use it only when their school switches it on (rules.can_ask reads AssistantSettings.students_allowed);
- the committee (director, leader) reads the assistant's log and keeps its settings."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.access import ALL_ROLES
from xinhuo.core.models import Role as R
from xinhuo.core.registry import NavEntry

COMMITTEE = frozenset({R.DIRECTOR, R.LEADER})

CAPABILITIES: dict = {
    "library.assistant.ask": ALL_ROLES,  # students: only when the school allows it (rules.can_ask)
    "library.assistant.log": COMMITTEE,
    "library.assistant.manage": COMMITTEE,
}
NAV: tuple = (
    NavEntry(_("Moral education assistant"), "library:assistant", "library.assistant.ask", "/library/assistant/",
             group="resources", order=792, shown="xinhuo.library.assistant.rules.can_ask"),
    NavEntry(_("Assistant log"), "library:assistant-log", "library.assistant.log", "/library/assistant/log/",
             group="resources", order=796),
)
API_ENUMS: dict = {"AssistantModeEnum": "xinhuo.library.assistant.models.AssistantMode"}
