"""Donors, funds, grants to students and the accountability report (COM-3)."""
