"""The run store: every scored run of every repository, appended, for history and fleets."""
