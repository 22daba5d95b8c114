"""Signals of parent volunteers; receivers.py notifies."""

from django.dispatch import Signal

# sender=VolunteerRequest, request=..., guardian_ids=[...], actor=...: parents invited to a duty
volunteers_invited = Signal()
# sender=VolunteerRequest, request=..., actor=...: a request open to all the audience's volunteers
volunteers_called = Signal()
# sender=VolunteerResponse, response=..., request=..., actor=...: a parent accepted or declined
volunteer_answered = Signal()
# sender=VolunteerResponse, response=..., request=..., actor=...: a parent who accepted stepped back
volunteer_withdrew = Signal()
# sender=VolunteerRequest, request=..., actor=...: the hours of a duty confirmed
volunteer_hours_confirmed = Signal()
