"""What attendance exchanges with kiosk nodes: shifts and the calendar flow down, scans come up."""

from app.attendance.scans.sync_facts import apply_scans
from app.attendance.tables import CalendarDay, Shift, ShiftAssignment, ShiftOverride
from app.sync.parts import SyncPart
from app.sync.reference import Pulled

PART = SyncPart(
    pulled=(Pulled(Shift), Pulled(ShiftAssignment), Pulled(ShiftOverride), Pulled(CalendarDay)), appliers=(apply_scans,)
)
