def open_panel(actor):
    return None
