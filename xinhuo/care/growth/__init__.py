"""The growth record: its entries, what it gathers from the other parts, the home page's growth panel."""
