"""Scoring a fleet of repositories: manifest, clone, scan (pool or cluster), store, table."""
