"""groups part: api (being built)."""
