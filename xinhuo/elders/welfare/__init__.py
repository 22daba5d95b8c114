"""The elders' welfare (ELD-4): care visits, birthdays, health checks, recreation."""
