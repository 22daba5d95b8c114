def build(ctx) -> None:
    return None
