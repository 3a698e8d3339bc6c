"""What the app does to its data, for the web pages, the API and the CLI alike (no Flask request here)."""
