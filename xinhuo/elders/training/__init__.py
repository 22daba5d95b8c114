"""Training and study of the elders (ELD-3): sessions, materials, attendance, induction per role."""
