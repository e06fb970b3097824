"""What onboarding exchanges with kiosk nodes: contract templates and invites flow down, finished onboardings
(and the PIN the worker chose at the end) come up."""

from app.onboarding.first_pin import apply_first_pin
from app.onboarding.sync_facts import apply
from app.onboarding.tables import ContractTemplate, Invite
from app.sync.parts import SyncPart
from app.sync.reference import Pulled

PART = SyncPart(pulled=(Pulled(ContractTemplate), Pulled(Invite)), appliers=(apply, apply_first_pin))
