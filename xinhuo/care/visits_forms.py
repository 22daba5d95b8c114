"""visits part: forms (being built)."""
