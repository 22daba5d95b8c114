"""The browser fixtures (Playwright) for the rollover's browser test."""
from xinhuo.core.tests.test_browser import browser, new_page  # noqa: F401
