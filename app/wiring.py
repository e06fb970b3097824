"""The composition of floorhr: what the lower layers reach upward through, plugged in once.

Sync's core carries every capability's pulled tables and fact appliers without importing them, and
people reaches attendance's shifts and badges' revocation, training appraisal's results, without importing them: this module lists
them explicitly. create_app, the `floorhr` command and the tests call wire() before anything runs;
it installs the same things whatever the node's role, so calling it again changes nothing.
"""

from __future__ import annotations

from app.appraisal import feeds as appraisal_feeds
from app.attendance import sync as attendance_sync
from app.attendance.schedule import transfers
from app.badges import service as badges
from app.badges import sync as badges_sync
from app.leave import effects as leave_effects
from app.leave import sync as leave_sync
from app.onboarding import offers as onboarding_offers
from app.onboarding import rules as onboarding_rules
from app.onboarding import sync as onboarding_sync
from app.onboarding.crypto import Vault
from app.onboarding.invites import choices as invite_choices
from app.onboarding.reader import read_card
from app.people import hooks as people_hooks
from app.people import sync as people_sync
from app.piecework import sync as piecework_sync
from app.recruiting import hooks as recruiting_hooks
from app.selfservice import asks as selfservice_asks
from app.sync import parts
from app.training import hooks as training_hooks
from app.training import sync as training_sync

# Every capability that exchanges data with kiosk nodes, lowest first (the order kiosks pull tables in).
SYNC_PARTS = (
    people_sync.PART,
    badges_sync.PART,
    attendance_sync.PART,
    training_sync.PART,
    onboarding_sync.PART,
    piecework_sync.PART,
    leave_sync.PART,
)


def wire() -> None:
    parts.install(SYNC_PARTS)
    people_hooks.plug(people_hooks.Hooks(shifts=transfers, on_left=(badges.revoke_all,)))
    recruiting_hooks.plug(
        recruiting_hooks.Hooks(
            check_id=onboarding_rules.validate_resident_id,
            mask_id=onboarding_rules.mask_id_number,
            vault=Vault,
            earlier_employment=onboarding_offers.earlier_employment,
            invite_choices=invite_choices,
            create_invite=onboarding_offers.create_invite,
            employees_of_invites=onboarding_offers.employees_of_invites,
            read_card=read_card,
        )
    )
    training_hooks.plug(training_hooks.Hooks(appraisal_results=appraisal_feeds.for_probation))
    leave_effects.register()  # approved leave explains the attendance days it covers
    selfservice_asks.register_effects()  # an approved overtime request counts that day's early arrival
