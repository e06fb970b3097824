"""Who works when: shifts, weekly patterns, one-day changes, the plant calendar, transfers."""
