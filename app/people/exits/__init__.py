"""Leaving: the exit, its checklist, severance and the certificate."""
