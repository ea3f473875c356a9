"""Running external tools (one wrapper) and caching their results by content."""
