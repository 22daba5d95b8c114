"""Volunteer inspections (义务监督员): reports with photos and their follow-up."""
