"""Models of the selections app."""
