"""Running checks: find the checker plugins, run them in parallel, cache their results."""
