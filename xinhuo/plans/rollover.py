"""What this app does when the school year turns (issue 19; registry.Rollover). Being written."""


def preview(turn) -> list:
    return []


def apply(turn) -> dict:
    return {}


def undo(turn, data) -> None:
    return None
