"""The county pages read aggregates and submitted reports only: no record of a person, so no access-log rows."""

KINDS: dict = {}
