"""HR's onboarding pipeline: each invite invited → in progress (at which step) → done, step durations, monthly medians."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.db.values import json_value
from app.onboarding import rules
from app.onboarding.tables import Invite, OnboardingFlow, RefusedAttempt, SignedContract
from app.timeutil import as_utc


@dataclass(frozen=True)
class PipelineRow:
    invite_id: str
    candidate: str
    name: str
    department_name: str
    start_date: date
    expires_at: datetime
    state: str  # invited | in_progress | done | expired | cancelled
    step: str
    durations: dict[str, int]  # seconds per finished step
    total_seconds: int | None
    minor: bool
    employee_code: str
    flow_id: str
    has_contract: bool
    refusals: dict[str, int]  # reason code -> attempts refused at the kiosk


@dataclass(frozen=True)
class Pipeline:
    rows: list[PipelineRow]
    medians: list[tuple[str, float, int]]  # (month, median seconds, count)

    def of(self, state: str) -> list[PipelineRow]:
        return [row for row in self.rows if row.state == state]


def _state(invite: dict[str, Any], flow: dict[str, Any] | None, now: datetime) -> str:
    if invite["status"] in ("done", "cancelled"):
        return invite["status"]
    if now >= as_utc(invite["expires_at"]):
        return "expired"
    return "in_progress" if flow else "invited"


async def pipeline(now: datetime, zone: ZoneInfo) -> Pipeline:
    invites = (
        await Invite.select(Invite.all_columns(), Invite.department.name.as_alias("department_name"))
        .order_by(Invite.created_at, ascending=False)
        .run()
    )
    flows = {
        row["invite"]: row
        for row in await OnboardingFlow.select(
            OnboardingFlow.id,
            OnboardingFlow.invite,
            OnboardingFlow.step,
            OnboardingFlow.steps,
            OnboardingFlow.name,
            OnboardingFlow.minor,
            OnboardingFlow.started_at,
            OnboardingFlow.finished_at,
            OnboardingFlow.employee.employee_code.as_alias("employee_code"),
        ).run()
    }
    signed = {row["flow"] for row in await SignedContract.select(SignedContract.flow).run()}
    refusals: dict[Any, dict[str, int]] = {}
    for row in await RefusedAttempt.select(RefusedAttempt.invite, RefusedAttempt.reason).run():
        counts = refusals.setdefault(row["invite"], {})
        counts[row["reason"]] = counts.get(row["reason"], 0) + 1
    rows, finished = [], []
    for invite in invites:
        flow = flows.get(invite["id"])
        steps = (json_value(flow["steps"]) or {}) if flow else {}
        total = None
        if flow and flow["finished_at"]:
            total = int((as_utc(flow["finished_at"]) - as_utc(flow["started_at"])).total_seconds())
            finished.append((as_utc(flow["finished_at"]).astimezone(zone).strftime("%Y-%m"), total))
        rows.append(
            PipelineRow(
                str(invite["id"]),
                invite["candidate"],
                flow["name"] if flow else "",
                invite["department_name"] or "",
                invite["start_date"],
                as_utc(invite["expires_at"]),
                _state(invite, flow, now),
                flow["step"] if flow else "",
                rules.step_seconds(steps),
                total,
                bool(flow and flow["minor"]),
                (flow or {}).get("employee_code") or "",
                str(flow["id"]) if flow else "",
                bool(flow and flow["id"] in signed),
                refusals.get(invite["id"], {}),
            )
        )
    return Pipeline(rows, rules.monthly_medians(finished))


async def contract_pdf(flow_id: str) -> tuple[bytes, str] | None:
    try:
        key = uuid.UUID(flow_id)
    except ValueError:
        return None
    row = (
        await SignedContract.select(SignedContract.pdf, SignedContract.employee.employee_code.as_alias("code"))
        .where(SignedContract.flow == key)
        .first()
        .run()
    )
    return (bytes(row["pdf"]), row["code"]) if row else None
