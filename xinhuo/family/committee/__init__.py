"""The parent committee at school, grade and class level, its meetings and minutes; mutual-help groups (FAM-3)."""
