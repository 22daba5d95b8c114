"""Guardians through the year (issue 19): add, edit, link to a further child, unlink, the primary contact."""
