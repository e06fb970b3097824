"""Fixing punches: missing-punch corrections (approved) and HR's bulk entry."""
