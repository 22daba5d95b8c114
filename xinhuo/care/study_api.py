"""study part: api (being built)."""
