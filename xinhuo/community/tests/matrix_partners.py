"""Access-matrix cases of partners and practice bases, co-building agreements, joint meetings, the social resource
directory (COM-1, COM-2)."""

CASES: list = []
