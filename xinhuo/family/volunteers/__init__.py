"""Parent volunteers: the roster, an activity's requests, who accepted, hours (FAM-3)."""
