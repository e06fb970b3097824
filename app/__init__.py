"""floorhr: HR for small and medium manufacturing plants, hosted on the plant's LAN."""

__version__ = "0.1.0"
