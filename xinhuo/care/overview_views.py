"""The committee's overview of care for students (being built)."""
