"""The audit log in the reader's language: "员工 · 修改" rather than employee.update, and each changed field
named with its value before and after ("性别: 男 → 女") rather than raw keys. Unknown codes are shown as
stored, so nothing recorded is ever hidden."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.i18n import N_, gettext

ENTITIES = {
    "employee": N_("Employee"),
    "department": N_("Department"),
    "position": N_("Position"),
    "user": N_("Account"),
    "badge": N_("Badge"),
    "credential": N_("Badge or card"),
    "card": N_("Card"),
    "shift": N_("Shift"),
    "shift_pattern": N_("Weekly pattern"),
    "shift_override": N_("One-day change"),
    "calendar_day": N_("Calendar"),
    "punch_correction": N_("Punch correction"),
    "pay_period": N_("Pay month"),
    "damage_claim": N_("Damage claim"),
    "advance": N_("Advance"),
    "plant_setting": N_("Plant setting"),
    "device": N_("Kiosk node"),
    "kiosk": N_("Kiosk"),
    "invite": N_("Invitation"),
    "contract": N_("Contract"),
    "contract_template": N_("Contract template"),
    "operation": N_("Operation"),
    "course": N_("Course"),
    "certificate": N_("Certificate"),
    "safety": N_("Safety education"),
    "duty": N_("Duty"),
    "probation": N_("Probation"),
    "payroll": N_("Payroll"),
    "sync": N_("Sync"),
    "pin": N_("PIN"),
    "leave": N_("Leave"),
    "leave_request": N_("Leave"),
    "leave_person": N_("Years worked"),
    "leave_type": N_("Leave type"),
    "plan": N_("Roster"),
    "plan_run": N_("Roster"),
    "approval": N_("Approval"),
    "backup": N_("Backup"),
    "question": N_("Quiz question"),
    "trainer": N_("Trainer"),
    "enrol": N_("Social insurance enrolment"),
    "onboarding": N_("Self-service onboarding"),
    "pay_question": N_("Payslip question"),
    "piece_report": N_("Piece report"),
    "scheme": N_("Social insurance scheme"),
    "tax": N_("Income tax"),
    "manual_punch": N_("Manual punch"),
    "phone": N_("Linked phone"),
    "requisition": N_("Requisition"),
    "candidate": N_("Candidate"),
    "application": N_("Application"),
    "appraisal": N_("Appraisal"),
    "appraisal_scheme": N_("Appraisal scheme"),
    "appraisal_period": N_("Appraisal period"),
    "appraisal_result": N_("Appraisal result"),
    "improvement_plan": N_("Improvement plan"),
    "safety_incident": N_("Safety incident"),
    "appraisal_goals": N_("Appraisal goals"),
    "appraisal_peers": N_("Peer feedback"),
}
VERBS = {
    "create": N_("added"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    "save": N_("saved"),
    "manager_score": N_("scored by the manager"),
    "import": N_("imported"),
    "revoke": N_("revoked"),
    "reprint": N_("reprinted"),
    "register": N_("registered"),
    "confirm": N_("confirmed"),
    "exit": N_("exit recorded"),
    "exit_withdrawn": N_("exit withdrawn"),
    "left": N_("left"),
    "transfer": N_("transferred"),
    "transfer_cancelled": N_("transfer cancelled"),
    "settlement": N_("settlement"),
    "personal_data_export": N_("personal data exported"),
    "sign": N_("signed"),
    "download": N_("downloaded"),
    "cancel": N_("withdrawn"),
    "request": N_("requested"),
    "compute": N_("computed"),
    "lock": N_("locked"),
    "ledger_export": N_("ledger exported"),
    "add": N_("added"),
    "withdraw": N_("withdrawn"),
    "password": N_("password set"),
    "roles": N_("roles changed"),
    "enable": N_("enabled"),
    "disable": N_("disabled"),
    "unlock": N_("unlocked"),
    "totp_enrolled": N_("second factor turned on"),
    "totp_reset": N_("second factor reset"),
    "activate": N_("activated"),
    "enrol": N_("enrolled"),
    "retry": N_("retried"),
    "dismiss": N_("dismissed"),
    "assign": N_("assigned"),
    "sign_off": N_("signed off"),
    "rate": N_("rated"),
    "set": N_("set"),
    "first": N_("chosen by the worker at onboarding"),
    "planned_headcount": N_("planned headcount changed"),
    "responsibility": N_("responsibility changed"),
    "kiosk": N_("asked at the kiosk"),
    "record": N_("recorded after the fact"),
    "office": N_("entered"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
    "balances_export": N_("balances exported"),
    "bank_lieu": N_("banked as time off in lieu"),
    "evidence": N_("evidence added"),
    "opening_import": N_("opening balances imported"),
    "edit": N_("edited"),
    "publish": N_("published"),
    "run": N_("planned"),
    "output": N_("planned output entered"),
    "derive": N_("demand derived from planned output"),
    "preference": N_("preferences stated"),
    "upload": N_("uploaded"),
    "schedule": N_("scheduled"),
    "add_question": N_("quiz question added"),
    "delete_question": N_("quiz question deleted"),
    "qualify_trainer": N_("trainer qualified"),
    "remove_trainer": N_("trainer removed"),
    "set_grade_factor": N_("grade factor set"),
    "set_pay": N_("pay scheme set"),
    "set_rate": N_("piece rate set"),
    "end": N_("ended"),
    "refused_already_employed": N_("refused: already employed here"),
    "refused_not_offered": N_("refused: not the person the offer was made to"),
    "resume_refused": N_("resume refused: another ID card"),
    "answer": N_("answered"),
    "raise": N_("raised"),
    "bank_file": N_("bank file exported"),
    "id_export": N_("ID numbers exported"),
    "paid": N_("marked paid"),
    "past_day": N_("entered for a past day"),
    "version": N_("version added"),
    "bonus": N_("year-end bonus set"),
    "declare": N_("declaration exported"),
    "opening": N_("opening balances set"),
    "options": N_("options set"),
    "enter": N_("entered by hand"),
    "approve": N_("approved"),
    "refuse": N_("refused"),
    "found_again": N_("found again by ID number"),
    "pool": N_("talent pool record saved"),
    "purge": N_("deleted after retention"),
    "move": N_("moved"),
    "score": N_("scored"),
    "open": N_("opened"),
    "fill": N_("computed indicators filled"),
    "close": N_("closed"),
    "contest": N_("contested"),
    "decide": N_("contest decided"),
    "follow_up": N_("followed up"),
    "export": N_("exported"),
}
FIELDS = {
    "name": N_("Name"),
    "gender": N_("Gender"),
    "birth_date": N_("Birth date"),
    "phone": N_("Phone"),
    "status": N_("Status"),
    "hire_date": N_("Hire date"),
    "department_id": N_("Department"),
    "department": N_("Department"),
    "position_id": N_("Position"),
    "position": N_("Position"),
    "supervisor_id": N_("Supervisor"),
    "skill_grade": N_("Skill grade"),
    "employee_code": N_("Employee code"),
    "roles": N_("Roles"),
    "username": N_("Username"),
    "code": N_("Code"),
    "last_day": N_("Last day"),
    "reason": N_("Reason"),
    "scheme": N_("Pay scheme"),
    "monthly_base_fen": N_("Monthly base (fen)"),
    "probation_monthly_fen": N_("Probation monthly (fen)"),
    "value": N_("Value"),
    "key": N_("Setting"),
    "fen_per_piece": N_("Rate (fen a piece)"),
    "effective_from": N_("Effective from"),
    "start": N_("Start"),
    "end": N_("End"),
    "kind": N_("Kind"),
    "lines": N_("Pay lines"),
    "problems": N_("Problems"),
}
VALUES = {
    ("gender", "M"): N_("Male"),
    ("gender", "F"): N_("Female"),
    ("status", "onboarding"): N_("Self-service onboarding"),
    ("status", "probation"): N_("Probation"),
    ("status", "active"): N_("Active"),
    ("status", "left"): N_("Left"),
    ("scheme", "piece"): N_("Piece rate"),
    ("scheme", "time"): N_("Time rate"),
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def action_text(action: str, entity: str) -> str:
    """'employee.update' → '员工 · 修改'; a bare verb ('create') takes its entity from the row."""
    subject, _, verb = action.rpartition(".")
    subject = subject or entity
    if subject not in ENTITIES or verb not in VERBS:
        return action
    return f"{gettext(ENTITIES[subject])} · {gettext(VERBS[verb])}"


def entity_text(entity: str) -> str:
    return gettext(ENTITIES[entity]) if entity in ENTITIES else entity


def _text(field: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    label = VALUES.get((field, value)) if isinstance(value, str) else None
    if label:
        return gettext(label)
    if isinstance(value, (list, tuple)):
        return "、".join(_text(field, item) for item in value)
    return str(value)


def changes(before: dict | None, after: dict | None) -> list[Change]:
    """Each field whose value differs (or that only one side holds), named in the reader's language."""
    before, after = before or {}, after or {}
    keys = [key for key in after if after.get(key) != before.get(key)]
    keys += [key for key in before if key not in after]
    return [
        Change(gettext(FIELDS[key]) if key in FIELDS else key, _text(key, before.get(key)), _text(key, after.get(key)))
        for key in keys
    ]
