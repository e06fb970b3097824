"""Importing an existing roster from Excel or CSV: reading, checking, preview and commit."""
