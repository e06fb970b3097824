"""The organisation: departments, positions, the responsibility matrix and tasks."""
