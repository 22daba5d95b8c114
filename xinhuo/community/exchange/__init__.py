"""Exchange with peer committees: sister schools and the higher-level committee (COM-5)."""
