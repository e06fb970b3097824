"""The worker's own pages at the kiosk and on a linked phone."""
