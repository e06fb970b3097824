"""The office's pages about sync (enrolled kiosk nodes, facts in quarantine): above the capabilities they report on."""
