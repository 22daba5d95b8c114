"""Access-matrix cases of exchange with peer committees: sister schools and the higher-level committee (COM-5)."""

CASES: list = []
