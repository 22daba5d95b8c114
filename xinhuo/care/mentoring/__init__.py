"""Mentoring: growth mentors, mentoring pairs, matching, contacts, reminders about contacts."""
