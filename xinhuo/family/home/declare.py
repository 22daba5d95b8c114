"""What the home part adds to family's manifest (manifest.py joins the parts): the family's first page (issue 20).
No model imports here.

- a parent with children at school: a card per child (the next activities with that child's sign-up state, the
  latest of the growth record, this year's service hours), the activities that invite parents with the parent's
  own place, the school notices not yet read, and a chart of the activities each child took part in per month;
- a student: the same card and chart about themself;
- the child's page (people's student page) shows the same card to the child's family only;
- staff without children: nothing (the context is None)."""

from xinhuo.core.registry import Panel

CAPABILITIES: dict = {}
NAV_GROUPS: dict = {}
NAV: tuple = ()
API_ROUTES: tuple = ()
PANELS: tuple = (
    Panel(
        "family-home",
        "family/home/panels/children.html",
        "xinhuo.family.home.selectors.home_panel",
        order=5,
        place="top",
    ),
    Panel(
        "family-home-chart",
        "family/home/panels/chart.html",
        "xinhuo.family.home.selectors.home_panel",
        order=5,
        place="chart",
    ),
    Panel("family-child", "family/home/child_block.html", "xinhuo.family.home.selectors.child_block", place="student"),
)
API_ENUMS: dict = {}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
