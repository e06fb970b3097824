"""Abandoned flows keep personal data no longer than their invite lives (PIPL: no longer than needed)."""

from __future__ import annotations

from datetime import datetime

from app.db.tx import write_transaction
from app.onboarding.tables import Invite, OnboardingFlow

PERSONAL = {
    OnboardingFlow.name: "",
    OnboardingFlow.gender: "",
    OnboardingFlow.birth_date: None,
    OnboardingFlow.native_place: "",
    OnboardingFlow.id_cipher: "",
    OnboardingFlow.id_hash: "",
    OnboardingFlow.id_masked: "",
    OnboardingFlow.phone: "",
    OnboardingFlow.address: "",
    OnboardingFlow.emergency_name: "",
    OnboardingFlow.emergency_phone: "",
    OnboardingFlow.bank_cipher: "",
    OnboardingFlow.bank_hash: "",
    OnboardingFlow.bank_masked: "",
}


async def purge_expired(now: datetime) -> int:
    """Clear the personal data of unfinished flows whose invite has expired, before signing (a signed contract
    belongs to an employee and stays); the step times stay for the pipeline. Returns how many were cleared."""
    expired = await Invite.select(Invite.id).where((Invite.expires_at <= now) & (Invite.status != "done")).run()
    if not expired:
        return 0
    async with write_transaction():
        cleared = (
            await OnboardingFlow.update(PERSONAL)
            .where(
                OnboardingFlow.invite.is_in([row["id"] for row in expired])
                & OnboardingFlow.employee.is_null()
                & (OnboardingFlow.id_cipher != "")
            )
            .returning(OnboardingFlow.id)
            .run()
        )
    return len(cleared)
