"""ID numbers of onboarded employees, decrypted for the documents that must show them in full.

The migrant-worker payroll ledger (RULES.md, "Pay") names each worker by ID number. The number is
kept only encrypted on the worker's finished onboarding; callers audit every export that holds it.
"""

from __future__ import annotations

from app.onboarding.crypto import Vault
from app.onboarding.tables import OnboardingFlow


async def id_numbers(employee_ids: list[int], vault: Vault) -> dict[int, str]:
    """employee id -> ID number, for those who onboarded at a kiosk; the others are left out."""
    if not employee_ids:
        return {}
    rows = (
        await OnboardingFlow.select(OnboardingFlow.employee, OnboardingFlow.id_cipher)
        .where(OnboardingFlow.employee.is_in(employee_ids) & (OnboardingFlow.id_cipher != ""))
        .run()
    )
    numbers = {}
    for row in rows:
        try:
            numbers[row["employee"]] = vault.decrypt(row["id_cipher"])
        except ValueError:  # made under another installation's secret: shown as missing, never as garbage
            continue
    return numbers


async def bank_cards(employee_ids: list[int], vault: Vault) -> dict[int, str]:
    """employee id -> bank card number given at onboarding (decrypted); callers audit the export."""
    if not employee_ids:
        return {}
    rows = (
        await OnboardingFlow.select(OnboardingFlow.employee, OnboardingFlow.bank_cipher)
        .where(OnboardingFlow.employee.is_in(employee_ids) & (OnboardingFlow.bank_cipher != ""))
        .run()
    )
    cards = {}
    for row in rows:
        try:
            cards[row["employee"]] = vault.decrypt(row["bank_cipher"])
        except ValueError:
            continue
    return cards
