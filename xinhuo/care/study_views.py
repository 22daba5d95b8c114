"""study part: views (being built)."""
