"""Students through the year (issue 19): add (a transfer in), edit, change class, transfer out or leave."""
