"""visits part: api (being built)."""
