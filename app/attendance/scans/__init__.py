"""Punches: the scan service (kiosk, camera, corrections), its queries, its sync facts and commands."""
