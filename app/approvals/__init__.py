"""Approvals: what waits for whom, decided from one inbox; request kinds register themselves."""
