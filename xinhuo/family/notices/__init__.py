"""Notices to families with read receipts and replies, per-child messages (FAM-4)."""
