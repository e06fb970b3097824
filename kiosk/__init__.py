"""The shop-floor side of floorhr: barcode decoding, camera loop, sync agent, kiosk node."""
