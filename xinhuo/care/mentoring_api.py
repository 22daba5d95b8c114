"""mentoring part: api (being built)."""
