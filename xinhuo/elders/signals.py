"""Signals fired by the elders services (DESIGN.md, workflows): each after its write, inside the service's
transaction. Notifications listen in receivers.py; other modules (activities, evaluation) may listen too."""

from django.dispatch import Signal

# sender=Assignment. kwargs: assignment, action ("assigned" | "ended" | "stepped_down"), actor, reason.
assignment_changed = Signal()

# sender=Inspection. kwargs: inspection, step (the InspectionStep just written), actor, filed (True for a new
# report). The inspection carries its new status.
inspection_changed = Signal()

# sender=ApprenticeshipPair. kwargs: apprenticeship, action ("started" | "ended"), actor.
apprenticeship_changed = Signal()

# sender=Award. kwargs: award, actor.
award_given = Signal()
