"""Kiosk/office synchronisation: change numbers for reference data, outbox, push/pull API, devices."""
