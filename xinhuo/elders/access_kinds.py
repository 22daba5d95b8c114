"""The kinds of access-log rows the elders app writes, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    "elder": AccessKind(_("Elder's profile"), "elders.Elder"),
    "elder:phone": _("Elder's phone number"),
    "elder_assignment": _("Elder assignments"),
    "elder_care": _("Care visits to elders"),
    "care_visit": AccessKind(_("Care visit"), "elders.CareVisit", "elder__name"),
    "elder_hours": AccessKind(_("Elder's service hours"), "elders.Elder"),
    "training": AccessKind(_("Training session"), "elders.TrainingSession", "topic"),
    "training:attendance": _("Training attendance"),
    "induction": _("Induction list"),
    "inspection": AccessKind(_("Inspection report"), "elders.Inspection", "inspector__name"),
    "apprenticeship": AccessKind(_("Apprenticeship pair"), "elders.ApprenticeshipPair", "mentor__name"),
    "young_teacher": AccessKind(_("Young teacher's record"), "elders.YoungTeacher", "staff__name"),
    "participation": AccessKind(_("Young teacher's participation"), "elders.YoungTeacher", "staff__name"),
    "award": AccessKind(_("Elder's award certificate"), "elders.Award", "elder__name"),
    "research_project": _("Research projects"),
}
