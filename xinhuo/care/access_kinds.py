"""The kinds of access-log rows the care app writes, in the access log's words (core.registry.AccessKind)."""

from django.utils.translation import gettext_lazy as _

from xinhuo.core.registry import AccessKind

KINDS = {
    "special_group_tag": AccessKind(_("Special-group tag"), "care.StudentTag", "student__name"),
    # the growth record's screening box (the student's id)
    "student_tag": AccessKind(_("Special-group tags"), "people.Student"),
    "student_tag:screening": _("Screening findings"),
    "screening_response:results": AccessKind(_("Screening results"), "people.Student"),
    "support_measure": AccessKind(_("Support measure"), "care.SupportMeasure", "student__name"),
    "support_measure:internal_note": _("Support measure with its internal note"),
    "growth_record": AccessKind(_("Growth record"), "people.Student"),
    "home_visit": AccessKind(_("Home visit record"), "care.HomeVisit", "student__name"),
    "home_visit:notes": _("Home visit notes"),
    "home_visit_plan": _("Home-visit plan"),
    "care_overview": _("Care overview"),
    "mentor": AccessKind(_("Growth mentor"), "care.Mentor"),
    "mentor:phone": _("Growth mentor's phone number"),
    "mentoring_pair": AccessKind(_("Mentoring pair"), "care.MentoringPair", "student__name"),
    "mentee": _("Mentees"),
    "forum": AccessKind(_("Forum record"), "care.Forum", "title"),
    "study_enrolment": AccessKind(_("Study programme's participants"), "care.StudyProgram", "title"),
    "study_attendance": AccessKind(_("Study session's attendance"), "care.StudySession", "program__title"),
}
