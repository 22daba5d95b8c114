"""Receivers of the sign-up part (e.g. service hours credited when an activity is summarised). Stub."""
