"""groups part: forms (being built)."""
