"""What the archives part adds to governance's manifest (manifest.py joins the parts). No model imports here.

Who does what (docs: /tmp/docs/archives.md, rules.py):
- the committee (director, leader) keeps the archive: reads every record and its file, uploads, corrects a record's
  category, title, keywords and retention, exports the catalogue, and confirms the destruction of a record past
  its retention or extends it;
- finance reads the receipts and accounts (票据、账目) of the archive, and only those (their files too): the
  accounting records are theirs to show an auditor; it changes nothing;
- everyone else sees nothing of it (404). Modules file into it by themselves (filing.file_record)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import Role as R
from xinhuo.core.registry import ApiRoute, NavEntry

COMMITTEE = frozenset({R.DIRECTOR, R.LEADER})

CAPABILITIES: dict = {
    "governance.archives.view": COMMITTEE | {R.FINANCE},
    "governance.archives.manage": COMMITTEE,
}
NAV_GROUPS: dict = {"governance": _("Governance and funds")}
NAV: tuple = (
    NavEntry(_("Archives"), "governance:archives-home", "governance.archives.view", "/governance/archives/",
             group="governance", order=730),
)
API_ROUTES: tuple = (
    ApiRoute("governance/archives", "xinhuo.governance.archives.api.ArchiveRecordViewSet", "archives-record"),
)
PANELS: tuple = ()
API_ENUMS: dict = {
    "ArchiveCategoryEnum": "xinhuo.governance.archives.models.ArchiveCategory",
    "ArchiveRetentionEnum": "xinhuo.governance.archives.models.Retention",
    "ArchiveRecordStatusEnum": "xinhuo.governance.archives.models.RecordStatus",
}
DAILY_JOBS: tuple = ("xinhuo.governance.archives.tasks.archive_due_task",)
FREQUENT_JOBS: tuple = ()
