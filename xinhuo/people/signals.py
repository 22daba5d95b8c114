"""Signals fired by the people services; other modules (screening, notifications) listen here."""

from django.dispatch import Signal

# Sent with sender=Consent after a consent was given, recorded or withdrawn, inside the service's
# transaction. kwargs: consent, action ("given" | "recorded" | "withdrawn"), actor (an Actor),
# replaced (the older consent that a renewal ended, or None).
# Listeners should re-check with xinhuo.people.consent.has_consent rather than read the row.
consent_changed = Signal()

# Sent with sender=ConsentNotice after a new version was published. kwargs: notice, actor.
consent_notice_published = Signal()
