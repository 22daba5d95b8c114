def mailbox_panel(actor):
    return None
