"""The record of backups taken: what the Plant page shows and the nightly schedule reads."""

from piccolo.columns import BigInt, Boolean, Text, Timestamptz, Varchar
from piccolo.table import Table

TRIGGERS = ("nightly", "manual", "cli", "migrate")


class BackupRun(Table):
    taken_at = Timestamptz()  # UTC, when the copy's moment was taken
    finished_at = Timestamptz()
    trigger = Varchar(length=10, default="cli")
    ok = Boolean(default=False)
    path = Varchar(length=500, default="")  # the archive in the backup folder
    size = BigInt(default=0)  # bytes
    copied_to = Varchar(length=500, default="")  # the second copy ("" when none is configured)
    message = Text(default="")  # why it failed
