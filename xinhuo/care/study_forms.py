"""study part: forms (being built)."""
