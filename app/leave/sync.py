"""What leave exchanges with kiosk nodes: leave types, balances and requests flow down (so a kiosk shows the
balance while the office is away), requests made at a kiosk come up. A request's reason, evidence, the
decision's reason, a miscarriage's months of pregnancy and the event's date stay at the office: they may hold
health data or a relative's, and a kiosk needs none of them."""

from app.leave.kiosk_sync import apply_leave_request
from app.leave.tables import LeaveBalance, LeaveRequest, LeaveType
from app.sync.parts import SyncPart
from app.sync.reference import Pulled

PART = SyncPart(
    pulled=(
        Pulled(LeaveType),
        Pulled(LeaveBalance),
        Pulled(
            LeaveRequest,
            keep_out=(
                "reason",
                "evidence",
                "decision_reason",
                "requested_by",
                "pregnancy_months",
                "event_date",
            ),
        ),
    ),
    appliers=(apply_leave_request,),
)
