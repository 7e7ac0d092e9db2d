"""Self-contained reports (HTML with inline CSS and SVG; no network)."""
