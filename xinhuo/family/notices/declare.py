"""What the notices part adds to family's manifest (manifest.py joins the parts). No model imports here.

Who sends (rules.py has the scope): head teachers (their classes and their families), department heads (whole
grades: the school's roles have no grade director, the department head stands for 年级组长), the committee
(director, school leader: any audience). Parents read and reply to what is addressed to their family; students
do not see the parents' notices. Per-child messages: head teachers write, the child's guardians answer."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry, Panel

SENDERS = frozenset({R.DIRECTOR, R.LEADER, R.DEPARTMENT_HEAD, R.HEAD_TEACHER})

CAPABILITIES: dict = {
    "family.notices.send": SENDERS,
    "family.notices.read": frozenset({R.PARENT}),
    "family.messages.write": frozenset({R.HEAD_TEACHER}),
    "family.messages.view": frozenset({R.HEAD_TEACHER, R.PARENT}),
}
NAV_GROUPS: dict = {}
NAV: tuple = (
    NavEntry(_("Notices to families"), "family:notices-list", "family.notices.send", "/family/notices/",
             group="family", order=530),
    NavEntry(_("School notices"), "family:notices-mine", "family.notices.read", "/family/notices/my/",
             group="family", order=531),
    NavEntry(_("Family messages"), "family:messages-list", "family.messages.view", "/family/messages/",
             group="family", order=532),
)
API_ROUTES: tuple = (
    ApiRoute("family/notices/sent", "xinhuo.family.notices.api.SentNoticeViewSet", "family-notices-sent"),
    ApiRoute("family/notices/mine", "xinhuo.family.notices.api.MyNoticeViewSet", "family-notices-mine"),
    ApiRoute("family/messages", "xinhuo.family.notices.api.ThreadViewSet", "family-messages"),
)
PANELS: tuple = (
    Panel("family_notices_parent", "family/notices/panels/parent.html",
          "xinhuo.family.notices.selectors.parent_panel", order=62, place="figure"),
    Panel("family_notices_sender", "family/notices/panels/sender.html",
          "xinhuo.family.notices.selectors.sender_panel", order=63, place="list"),
)
API_ENUMS: dict = {
    "FamilyNoticeStatusEnum": "xinhuo.family.notices.models.NoticeStatus",
    "FamilyNoticeAudienceEnum": "xinhuo.family.notices.models.NoticeAudience",
    "FamilyNoticeReplyKindEnum": "xinhuo.family.notices.models.NoticeReplyKind",
}
DAILY_JOBS: tuple = ()
FREQUENT_JOBS: tuple = ()
