"""Staff records (issue 19): create, edit, link to an account, leave with the open work handed over."""
