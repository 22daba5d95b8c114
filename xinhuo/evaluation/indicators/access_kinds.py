"""The access-log rows the indicators part writes: none. Its figures are aggregates of a school; its drill-downs
name no child (special groups, screening and alerts are listed per class or month)."""

KINDS: dict = {}
