"""What self-service exchanges with kiosk nodes: a worker's punch-correction request and a payslip read, made on
My page at a kiosk node, and an overtime request or a piece-count dispute, come up as facts (stored once however often a push is replayed)."""

from app.selfservice.asks import apply_ask
from app.selfservice.requests import apply_correction, apply_read
from app.sync.parts import SyncPart

PART = SyncPart(appliers=(apply_correction, apply_read, apply_ask))
