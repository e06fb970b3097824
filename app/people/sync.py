"""What people exchanges with kiosk nodes: the organisation and the plant's settings flow down (phone numbers stay)."""

from app.people.tables import Department, Employee, PlantSetting, Position
from app.sync.parts import SyncPart
from app.sync.reference import Pulled

PART = SyncPart(
    pulled=(Pulled(Department), Pulled(Position), Pulled(Employee, keep_out=("phone",)), Pulled(PlantSetting))
)
