"""Home visits: the tiered home-visit plan, home visits, student forums, their follow-up items."""
