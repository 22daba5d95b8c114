"""Access-matrix cases of the parent committee at school, grade and class level, its meetings and minutes; parent
mutual-help groups (FAM-3)."""

CASES: list = []
