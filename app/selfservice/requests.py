"""What a worker does on My page: ask for a missing punch, confirm having read a payslip. Both are facts.

Each is stored under a UUIDv7 where it happens. On a kiosk node it is queued for the office in the
same transaction (app.sync.outbox), and the office's appliers below store it once by its id
(a replayed push finds it), so it travels exactly once. At the office a correction request is filed
with attendance's corrections (app.attendance.corrections.service.request_from_worker), where HR decides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.attendance import rules as attendance_rules
from app.attendance.corrections.service import request_from_worker
from app.attendance.tables import PunchCorrection
from app.audit.service import Actor
from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.ids import new_id
from app.payroll.tables import PayLine
from app.people.tables import Employee
from app.selfservice.sessions import Me
from app.selfservice.tables import PayslipRead, WorkerRequest
from app.sync import outbox
from app.sync.facts import InvalidFact, PushedFact, fact_kind
from app.timeutil import as_utc, utcnow

CORRECTION, READ = "worker_request", "payslip_read"  # fact kinds
REASON_LIMIT = 200
DAYS_BACK = 31
NO_PAYSLIP = N_("There is no payslip for this month.")


@dataclass(frozen=True)
class MyRequest:
    id: str
    at: datetime  # UTC
    direction: str
    reason: str
    recorded_at: datetime
    status: str  # sent (not at the office yet) | pending | approved | rejected


def _actor(employee_id: int) -> Actor:
    return Actor(name=f"worker:{employee_id}")


def correction_problem(
    local_at: datetime | None, direction: str, reason: str, now_local: datetime
) -> tuple[str, str] | None:
    """(field, message) when a worker's correction request cannot be sent (times plant-local, naive)."""
    if local_at is None:
        return "at", N_("Choose the day and time of the missing punch.")
    if local_at > now_local or local_at < now_local - timedelta(days=DAYS_BACK):
        return "at", N_("The missing punch must be within the last 31 days.")
    if direction not in ("in", "out"):
        return "direction", N_("Choose clock-in or clock-out.")
    if not reason.strip() or len(reason) > REASON_LIMIT:
        return "reason", N_("Say why in 1 to 200 characters.")
    return None


async def _file(
    employee_id: int,
    request_id,
    at: datetime,
    local_at: datetime,
    direction: str,
    reason: str,
    recorded_at: datetime,
    node: str,
) -> None:
    """Store the request once; at the office also file it as a punch correction. Inside a write transaction."""
    if await WorkerRequest.exists().where(WorkerRequest.id == request_id).run():
        return
    payload = {"at": at.isoformat(), "local_at": local_at.isoformat(), "direction": direction, "reason": reason}
    filed = (
        None
        if outbox.recording()
        else await request_from_worker(employee_id, at, local_at, direction, reason, _actor(employee_id))
    )
    await WorkerRequest.insert(
        WorkerRequest(
            id=request_id,
            employee=employee_id,
            kind="correction",
            payload=payload,
            recorded_at=recorded_at,
            node_id=node,
            filed_as=filed,
        )
    ).run()


async def ask_correction(
    me: Me, local_at: datetime | None, direction: str, reason: str, zone: ZoneInfo, node: str
) -> None:
    """The worker's own missing punch (never anyone else's: the employee is the session's)."""
    now_local = datetime.now(zone).replace(tzinfo=None)
    problem = correction_problem(local_at, direction, reason.strip(), now_local)
    if problem:
        raise Refused(problem[1], field=problem[0])
    at, request_id, now = attendance_rules.plant_local_to_utc(local_at, zone), new_id(), utcnow()
    async with write_transaction():
        await _file(me.employee_id, request_id, at, local_at, direction, reason.strip(), now, node)
        await outbox.record_fact(
            CORRECTION,
            request_id,
            {
                "employee_code": me.employee_code,
                "at": at,
                "local_at": local_at.isoformat(),
                "direction": direction,
                "reason": reason.strip(),
            },
            now,
        )


REQUESTS_SHOWN = 10
_MY_CORRECTIONS = Prepared(  # read on every My page (app.db.prepared: built once)
    lambda employee: (
        WorkerRequest.select()
        .where((WorkerRequest.employee == employee) & (WorkerRequest.kind == "correction"))
        .order_by(WorkerRequest.recorded_at, ascending=False)
        .limit(REQUESTS_SHOWN)
        .output(load_json=True)
    )
)


async def my_requests(employee_id: int) -> list[MyRequest]:
    """The worker's latest punch corrections (REQUESTS_SHOWN), newest first, with where each stands."""
    rows = await _MY_CORRECTIONS.run(employee_id)
    filed = [row["filed_as"] for row in rows if row["filed_as"]]
    statuses = (
        {
            row["id"]: row["status"]
            for row in await PunchCorrection.select(PunchCorrection.id, PunchCorrection.status)
            .where(PunchCorrection.id.is_in(filed))
            .run()
        }
        if filed
        else {}
    )
    return [
        MyRequest(
            str(row["id"]),
            as_utc(datetime.fromisoformat(row["payload"]["at"])),
            row["payload"]["direction"],
            row["payload"]["reason"],
            as_utc(row["recorded_at"]),
            statuses.get(row["filed_as"], "sent"),
        )
        for row in rows
    ]


async def confirm_read(me: Me, month: str, node: str) -> None:
    """The worker read their payslip of month; the first confirmation counts, a second changes nothing."""
    if (
        not await PayLine.exists()
        .where(
            (PayLine.employee == me.employee_id) & (PayLine.period.month == month) & (PayLine.period.status == "locked")
        )
        .run()
    ):
        raise Refused(NO_PAYSLIP, status=404)
    if await PayslipRead.exists().where((PayslipRead.employee == me.employee_id) & (PayslipRead.month == month)).run():
        return
    read_id, now = new_id(), utcnow()
    async with write_transaction():
        await PayslipRead.insert(
            PayslipRead(id=read_id, employee=me.employee_id, month=month, read_at=now, node_id=node)
        ).run()
        await outbox.record_fact(READ, read_id, {"employee_code": me.employee_code, "month": month}, now)


# -- the office's appliers of these facts from kiosk nodes -------------------------------------------


async def _employee(payload: dict) -> int:
    code = payload.get("employee_code")
    row = (
        await Employee.select(Employee.id).where(Employee.employee_code == code).first().run()
        if isinstance(code, str)
        else None
    )
    if row is None:
        raise InvalidFact(f"employee {code!r} is not known at the office")
    return row["id"]


def _moment(payload: dict, key: str) -> datetime:
    try:
        return datetime.fromisoformat(payload[key])
    except (KeyError, TypeError, ValueError):
        raise InvalidFact(f"{key} must be an ISO date and time") from None


@fact_kind(CORRECTION)
async def apply_correction(fact: PushedFact) -> None:
    data = fact.payload
    employee_id, at, local_at = await _employee(data), as_utc(_moment(data, "at")), _moment(data, "local_at")
    direction, reason = data.get("direction"), data.get("reason")
    if direction not in ("in", "out") or not isinstance(reason, str) or not 0 < len(reason) <= REASON_LIMIT:
        raise InvalidFact("a correction needs direction in/out and a reason of 1 to 200 characters")
    await _file(
        employee_id, fact.id, at, local_at.replace(tzinfo=None), direction, reason, fact.recorded_at, fact.node_id[:60]
    )


@fact_kind(READ)
async def apply_read(fact: PushedFact) -> None:
    employee_id, month = await _employee(fact.payload), fact.payload.get("month")
    if not isinstance(month, str) or len(month) != 7:
        raise InvalidFact("month must be YYYY-MM")
    if not await PayslipRead.exists().where(PayslipRead.id == fact.id).run():
        await PayslipRead.insert(
            PayslipRead(
                id=fact.id, employee=employee_id, month=month, read_at=fact.recorded_at, node_id=fact.node_id[:60]
            )
        ).run()
