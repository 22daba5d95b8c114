"""groups part: views (being built)."""
