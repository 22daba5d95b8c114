"""What the school part adds to family's manifest (manifest.py joins the parts). No model imports here."""

from xinhuo.core.registry import ApiRoute, NavEntry, Panel  # noqa: F401

CAPABILITIES: dict = {}
NAV_GROUPS: dict = {}
NAV: tuple = ()
API_ROUTES: tuple = ()
PANELS: tuple = ()
API_ENUMS: dict = {}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
