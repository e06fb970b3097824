"""Backups, restore and upgrade checks: the plant never loses its people, punches or pay."""
