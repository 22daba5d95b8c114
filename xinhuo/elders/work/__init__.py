"""The elders' work: matching to a need, assignments, service hours, mentor contacts, the elder's home page."""
