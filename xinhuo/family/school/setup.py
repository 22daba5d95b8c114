"""Start-up of the school part: audit-log registration and signal receivers (called from apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from .models import (
        CourseMaterial,
        ExcellentParent,
        MicroLecture,
        ParentCourse,
        ParentSession,
        QuizQuestion,
        SessionRegistration,
        SessionSpeaker,
    )

    for model in (ParentCourse, ParentSession, SessionSpeaker, MicroLecture, QuizQuestion, CourseMaterial,
                  SessionRegistration, ExcellentParent):
        if not auditlog.contains(model):
            auditlog.register(model)
