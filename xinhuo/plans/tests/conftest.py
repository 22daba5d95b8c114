# The browser journeys' fixtures (Debian's Chromium, a fresh context per page) live with the core journeys.
from xinhuo.core.tests.test_browser import browser, new_page  # noqa: F401
