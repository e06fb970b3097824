"""A person's working life: hiring, probation, transfers, and the timeline of events."""
