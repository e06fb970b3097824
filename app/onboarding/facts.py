"""The finished onboarding as one fact for the office: everything it needs, the contract PDF in base64."""

from __future__ import annotations

import base64
from typing import Any

from app.onboarding.tables import OnboardingFlow, SignedContract
from app.people.tables import Employee
from app.sync.outbox import to_json
from app.training.tables import ProbationAssessment, SafetyEducation

FLOW_FIELDS = (
    "id",
    "invite",
    "steps",
    "started_at",
    "finished_at",
    "name",
    "gender",
    "birth_date",
    "native_place",
    "id_source",
    "id_cipher",
    "id_hash",
    "id_masked",
    "minor",
    "phone",
    "address",
    "emergency_name",
    "emergency_phone",
    "bank_cipher",
    "bank_hash",
    "bank_masked",
    "node_id",
)
EMPLOYEE_FIELDS = (
    "employee_code",
    "name",
    "gender",
    "birth_date",
    "phone",
    "status",
    "hire_date",
    "department",
    "position",
    "skill_grade",
)
CONTRACT_FIELDS = ("id", "text", "sha256", "previous_hash", "chain_hash", "signed_at", "node_id")


async def payload_of(flow_id: str, badge_serial: int) -> dict[str, Any]:
    """Read inside the finishing transaction, so the fact carries exactly what was written."""
    flow = await OnboardingFlow.select().where(OnboardingFlow.id == flow_id).first().output(load_json=True).run()
    employee = await Employee.select().where(Employee.id == flow["employee"]).first().run()
    signed = await SignedContract.select().where(SignedContract.flow == flow_id).first().run()
    plant = (
        await SafetyEducation.select()
        .where((SafetyEducation.employee == flow["employee"]) & (SafetyEducation.level == "plant"))
        .first()
        .run()
    )
    probation = (
        await ProbationAssessment.select(ProbationAssessment.probation_end)
        .where(ProbationAssessment.employee == flow["employee"])
        .first()
        .run()
    )
    return to_json(
        {
            "flow": {key: flow[key] for key in FLOW_FIELDS},
            "employee": {key: employee[key] for key in EMPLOYEE_FIELDS},
            "contract": {
                **{key: signed[key] for key in CONTRACT_FIELDS},
                "pdf": base64.b64encode(bytes(signed["pdf"])).decode("ascii"),
            },
            "badge_serial": badge_serial,
            "safety": {
                "minutes": plant["minutes"],
                "signed_off_on": plant["signed_off_on"],
                "instructor": plant["instructor"],
            },
            "probation_end": probation["probation_end"] if probation else None,
        }
    )
