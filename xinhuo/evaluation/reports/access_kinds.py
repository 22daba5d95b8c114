"""The year-end report writes no access-log rows: it holds aggregates and activities, no record of a person
(reports/models.py PLAIN_TEXT), and its reads are the committee's own document."""

KINDS: dict = {}
