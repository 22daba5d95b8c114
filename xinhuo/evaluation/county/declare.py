"""What the county part adds to evaluation's manifest (manifest.py joins the parts). No model imports here.

A county committee's account (县关工委) holds no school role, so no capability, menu entry or panel of a school
applies to it: its pages check its CountyMember row (selectors.county_of) and answer 404 to everyone else. Core
learns where such an account belongs through the `account.home` hook (the home page sends it there; every school
page is a 404 to it)."""

CAPABILITIES: dict = {}
NAV: tuple = ()
API_ROUTES: tuple = ()
PANELS: tuple = ()
PROVIDES: dict = {"account.home": "xinhuo.evaluation.county.selectors.account_home"}
