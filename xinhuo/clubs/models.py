"""Models of the clubs app."""
