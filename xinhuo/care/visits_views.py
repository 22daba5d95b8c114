"""visits part: views (being built)."""
