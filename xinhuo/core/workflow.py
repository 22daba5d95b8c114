"""DESIGN.md's workflow pattern, shared by the apps with a workflow (activities, clubs, selections): a table of
named steps, each allowed from some statuses, to one status, for those an object rule lets through."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    rule: str = ""  # the object rule (the app's rules.py) the actor must pass; empty: the service checks
    comment_required: bool = False
