"""mentoring part: views (being built)."""
