"""The open work a leaving staff member holds in this app (issue 19; registry.Handover). Being written."""


def items(school_id, staff_id, user_id) -> list:
    return []


def reassign(school_id, keys, to_staff_id, to_user_id, actor_user_id) -> int:
    return 0
