"""Notifications on each workflow step (activities part). Stub."""
