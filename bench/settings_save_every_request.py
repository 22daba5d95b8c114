"""The project's settings with the session saved on every request, as before issue 21: `python -m bench.load_mixed
--save-every-request` serves with these, to compare (core/sessions.py is what replaced it)."""

from xinhuo.settings import *  # noqa: F403

SESSION_SAVE_EVERY_REQUEST = True
