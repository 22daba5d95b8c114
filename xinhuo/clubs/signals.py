"""Signals fired by the clubs services (DESIGN.md, workflows): each after its write, inside the service's
transaction. The notices listen in receivers.py."""

from django.dispatch import Signal

# sender=Club. kwargs: club, step (the ClubStep just written), actor. The club carries its new status.
club_changed = Signal()

# sender=ClubMembership. kwargs: membership, action ("asked" | "added" | "accepted" | "declined" | "removed"), actor.
membership_changed = Signal()
