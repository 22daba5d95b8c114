"""Special groups: students' tags and their review, the groups' settings, support measures, emotional support."""
