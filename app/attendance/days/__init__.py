"""Attendance days derived from punches and the schedule: computing, reading, today's board."""
