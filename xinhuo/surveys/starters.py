"""The survey templates a school starts from (SRV-1): services.survey_from_template makes a draft of one.

Each template is {"title", "intro", "purpose", "anonymous", "audience" (the default audience of the template
chooser), "questions": a callable}. The questions are built when called, so their words are in the language
active then (the draft keeps them in that language; the owner edits them like any other question). Every template
passes questions.survey_problems (tests/test_builder_services.py checks)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .models import Purpose


# short answer words are translated in the context "survey answer": the same English word elsewhere may differ
def _satisfaction_labels() -> list[str]:
    return [_("Very dissatisfied"), _("Dissatisfied"), _("So-so"), _("Satisfied"), _("Very satisfied")]


def _q(key: str, kind: str, text: str, **more: Any) -> dict[str, Any]:
    return {"key": key, "kind": kind, "text": text, **more}


def _page(key: str) -> dict[str, Any]:
    return {"key": key, "kind": "page", "text": ""}


def student_satisfaction() -> list[dict[str, Any]]:
    return [
        _q("s_activity", "section", _("The committee's activities")),
        _q("joined", "single", _("This term, have you taken part in activities of the school's care committee?"),
           required=True, options=[_("Several times"), _("Once or twice"), pgettext("survey answer", "Not yet")]),
        _q("helped", "likert", _("The committee's activities help me grow."), points=5, required=True,
           show_if={"key": "joined", "values": [0, 1]}),
        _q("why_not", "single", _("Why have you not taken part yet?"),
           options=[_("I did not know about them"), _("The time did not suit me"), _("They do not interest me"),
                    _("Other reasons")],
           show_if={"key": "joined", "values": [2]}),
        _q("work", "matrix", _("How satisfied are you with this work of the school?"), required=True,
           rows=[_("Activities of the care committee"), _("Mentoring pairs with the elders (五老)"),
                 _("Mental health education"), _("Campus safety")],
           points=5, labels=_satisfaction_labels()),
        _page("p2"),
        _q("s_wellbeing", "section", _("Mental health and safety")),
        _q("who_to_ask", "single", _("When something troubles you, do you know whom you can ask for help?"),
           required=True, options=[_("Yes, I know"), _("Not quite sure"), _("No")]),
        _q("counselling", "rating", _("How would you rate the school's counselling room?"), points=5,
           help_text=_("1 is the lowest, 5 the highest. Leave it blank if you have not been there.")),
        _q("safe", "single", _("Do you feel safe at school?"), required=True,
           options=[_("Very safe"), _("Fairly safe"), _("Not very safe"), _("Not safe at all")]),
        _q("unsafe_why", "long_text", _("What makes you feel unsafe? Where and when?"),
           help_text=_("Your answer is anonymous. If you are in danger now, tell a teacher you trust at once."),
           show_if={"key": "safe", "values": [2, 3]}),
        _q("suggestions", "long_text", _("What would you suggest to the care committee?")),
    ]


def parent_satisfaction() -> list[dict[str, Any]]:
    return [
        _q("s_school", "section", _("The parent school")),
        _q("attended", "single", _("Have you attended lectures or activities of the parent school this year?"),
           required=True, options=[pgettext("survey answer", "Often"), pgettext("survey answer", "Sometimes"),
                                   pgettext("survey answer", "Not yet")]),
        _q("useful", "likert", _("What the parent school teaches helps me bring up my child."), points=5,
           required=True, show_if={"key": "attended", "values": [0, 1]}),
        _q("absent_why", "single", _("What has kept you from attending?"),
           options=[_("The time did not suit me"), _("I did not know about it"),
                    _("The topics did not interest me"), _("Other reasons")],
           show_if={"key": "attended", "values": [2]}),
        _page("p2"),
        _q("s_contact", "section", _("Home and school")),
        _q("contact", "matrix", _("How satisfied are you with the contact between home and school?"),
           required=True,
           rows=[_("The head teacher's contact with parents"), _("Notices from the school arrive in time"),
                 _("The answer when I raise a problem")],
           points=5, labels=_satisfaction_labels()),
        _q("paired", "single", _("Has your child been cared for by the committee or paired with an elder?"),
           required=True, options=[_("Yes"), _("No"), _("I am not sure")]),
        _q("pair_rating", "rating", _("How would you rate this care and pairing?"), points=5, required=True,
           show_if={"key": "paired", "values": [0]}),
        _q("wishes", "multiple", _("Where should the school care more for the children?"), max_choices=3,
           help_text=_("Choose up to three."),
           options=[_("Mental health"), _("Help with studies"), _("Safety education"),
                    _("Guidance for family education"), _("Activities after class")]),
        _q("suggestions", "long_text", _("Your suggestions to the school and the care committee")),
    ]


def activity_effect() -> list[dict[str, Any]]:
    return [
        _q("overall", "rating", _("Overall, how would you rate this activity?"), points=5, required=True,
           help_text=_("1 is the lowest, 5 the highest.")),
        _q("organised", "likert", _("The activity was well organised."), points=5, required=True),
        _q("gained", "multiple", _("What did you gain from the activity?"), required=True,
           options=[pgettext("survey answer", "Knowledge"), _("A new interest"), _("New friends"),
                    _("Working together with others"),
                    _("Inspiration and education"), _("Not much")]),
        _q("recommend", "single", _("Would you recommend this activity to a classmate or friend?"), required=True,
           options=[_("Yes, I would"), pgettext("survey answer", "Maybe"), _("No, I would not")]),
        _q("why_not", "short_text", _("Why would you not recommend it?"),
           show_if={"key": "recommend", "values": [2]}),
        _q("suggestions", "long_text", _("How could the activity be better next time?")),
    ]


def elder_participation() -> list[dict[str, Any]]:
    return [
        _q("roles", "multiple", _("What do you do with the care committee?"), required=True,
           options=[_("Mentoring pairs with students"), _("Talks and lectures"), _("Tutoring after school"),
                    _("Caring for mental health"), _("Safety patrols"), _("Other work")]),
        _q("hours", "number", _("About how many hours a month do you give to this work?"), required=True,
           min_value=0, max_value=200, help_text=_("A whole number of hours, e.g. 8.")),
        _q("organisation", "matrix", _("How satisfied are you with how the committee organises your work?"),
           required=True,
           rows=[_("Planning of the activities"), _("Notices and contact"), _("Support and logistics"),
                 _("Training")],
           points=5, labels=_satisfaction_labels()),
        _q("preferred", "ranking", _("Rank the kinds of activity you would most like to take part in."),
           required=True, help_text=_("1 is the one you like most."),
           options=[_("Talks on ideals and beliefs"), _("Mentoring pairs"), _("Culture and sports"),
                    _("Guiding social practice")]),
        _q("more_time", "single", _("Could you give more time next term?"),
           options=[_("Yes, more"), _("About the same"), pgettext("survey answer", "Less")]),
        _q("suggestions", "long_text", _("Your suggestions to the care committee")),
    ]


def teacher_feedback() -> list[dict[str, Any]]:
    return [
        _q("position", "single", _("Your position"), required=True,
           options=[_("Head teacher"), _("Subject teacher"), _("Administrative staff")]),
        _q("helps", "likert", _("The committee's work helps me look after my students."), points=5,
           required=True),
        _q("work", "matrix", _("How well do these work with your classes?"), required=True,
           rows=[_("Elders (五老) in the classroom"), _("Mentoring pairs"), _("Mental health education"),
                 _("The parent school")],
           points=5, labels=_satisfaction_labels()),
        _q("willing", "single", _("Would you take part in the committee's work?"), required=True,
           options=[_("Willingly"), _("Depending on my time"), _("Not for now")]),
        _q("support", "multiple", _("What support would you need?"),
           show_if={"key": "willing", "values": [0, 1]},
           options=[_("Training"), _("Time in the timetable"), _("Materials and funding"),
                    _("Help from the elders")]),
        _q("suggestions", "long_text", _("Your suggestions to the care committee")),
    ]


TEMPLATES: dict[str, dict[str, Any]] = {
    "student_satisfaction": {
        "title": gettext_lazy("Student satisfaction survey"),
        "intro": gettext_lazy("This survey is anonymous: nobody can see what you answered. It takes about five "
                              "minutes. Thank you for telling us honestly what you think."),
        "purpose": Purpose.STUDENT_SATISFACTION, "anonymous": True, "audience": {"for_students": True},
        "questions": student_satisfaction,
    },
    "parent_satisfaction": {
        "title": gettext_lazy("Parent satisfaction survey"),
        "intro": gettext_lazy("Dear parents, this anonymous survey asks how the school and its care committee "
                              "work with your family. It takes about five minutes. Thank you for your support."),
        "purpose": Purpose.PARENT_SATISFACTION, "anonymous": True, "audience": {"for_parents": True},
        "questions": parent_satisfaction,
    },
    "activity_effect": {
        "title": gettext_lazy("Activity effect survey"),
        "intro": gettext_lazy("Tell us what you think of the activity you took part in; it takes two minutes and "
                              "is anonymous."),
        "purpose": Purpose.ACTIVITY_EFFECT, "anonymous": True, "audience": {"for_students": True},
        "questions": activity_effect,
    },
    "elder_participation": {
        "title": gettext_lazy("Elder participation survey"),
        "intro": gettext_lazy("Dear elders, thank you for caring for our students. Tell us how you take part and "
                              "how the committee can support you better. Your name is kept with your answers so "
                              "that the committee can follow up."),
        "purpose": Purpose.ELDER_PARTICIPATION, "anonymous": False, "audience": {"for_elders": True},
        "questions": elder_participation,
    },
    "teacher_feedback": {
        "title": gettext_lazy("Teacher feedback survey"),
        "intro": gettext_lazy("Dear colleagues, this anonymous survey asks how the care committee's work helps "
                              "your classes and what you need from it."),
        "purpose": Purpose.TEACHER_FEEDBACK, "anonymous": True, "audience": {"for_teachers": True},
        "questions": teacher_feedback,
    },
}

