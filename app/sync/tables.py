"""Change numbering of reference data: what a kiosk pulls is everything stamped after its cursor."""

from piccolo.columns import BigInt, Integer, Timestamptz, Varchar
from piccolo.table import Table


class ChangeCounter(Table):
    """One row: the last change number handed out. Reference data is small and changes rarely,
    so one counter row (locked by the write transaction) is simpler than per-engine sequences."""

    value = BigInt(default=0)


class Tombstone(Table):
    """A deleted reference row, so kiosks delete their copy too."""

    table_name = Varchar(length=60, index=True)
    row_id = Integer()
    change_no = BigInt(index=True)
    deleted_at = Timestamptz()
