"""mentoring part: forms (being built)."""
