"""Partners and practice bases, co-building agreements, joint meetings, the social resource directory (COM-1, COM-2)."""
