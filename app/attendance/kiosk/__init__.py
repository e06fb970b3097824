"""The clock-in page and the browsers activated as kiosks."""
