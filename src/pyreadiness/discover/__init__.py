"""Discovery: which files make up the repository, and what each one is."""
