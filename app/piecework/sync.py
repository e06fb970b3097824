"""What piecework exchanges with kiosk nodes: work orders, operations and rates flow down, piece reports and
confirmations come up."""

from app.piecework.sync_facts import apply_confirmation, apply_report
from app.piecework.tables import GradeFactor, Operation, PieceRate, WorkOrder
from app.sync.parts import SyncPart
from app.sync.reference import Pulled

PART = SyncPart(
    pulled=(Pulled(WorkOrder), Pulled(Operation), Pulled(PieceRate), Pulled(GradeFactor)),
    appliers=(apply_report, apply_confirmation),
)
