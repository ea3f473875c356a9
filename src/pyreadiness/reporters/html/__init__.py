"""The HTML reports: one self-contained, offline file (inline CSS, JS and SVG we generate)."""
