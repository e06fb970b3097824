"""What leave exchanges with kiosk nodes: leave types, balances and requests flow down (so a kiosk shows the
balance while the office is away), requests made at a kiosk come up. A request's reason, evidence and the
decision's reason stay at the office: they may hold health data."""

from app.leave.kiosk_sync import apply_leave_request
from app.leave.tables import LeaveBalance, LeaveRequest, LeaveType
from app.sync.parts import SyncPart
from app.sync.reference import Pulled

PART = SyncPart(
    pulled=(
        Pulled(LeaveType),
        Pulled(LeaveBalance),
        Pulled(LeaveRequest, keep_out=("reason", "evidence", "decision_reason", "requested_by")),
    ),
    appliers=(apply_leave_request,),
)
