"""What onboarding exchanges with kiosk nodes: contract templates and invites flow down, finished onboardings
come up."""

from app.onboarding.sync_facts import apply
from app.onboarding.tables import ContractTemplate, Invite
from app.sync.parts import SyncPart
from app.sync.reference import Pulled

PART = SyncPart(pulled=(Pulled(ContractTemplate), Pulled(Invite)), appliers=(apply,))
