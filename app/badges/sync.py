"""What badges exchanges with kiosk nodes: credentials, their revocations and the PINs flow down."""

from app.badges.tables import Credential, KioskPin
from app.sync.parts import SyncPart
from app.sync.reference import Pulled

PART = SyncPart(pulled=(Pulled(Credential), Pulled(KioskPin)))
