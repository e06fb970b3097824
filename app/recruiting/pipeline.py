"""The pipeline of a requisition: attach candidates, move them between stages with reasons, score interviews
against the requisition's requirements, and turn an offer into onboarding's invite."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import parse_date
from app.i18n import N_
from app.recruiting import candidates, rules
from app.recruiting.hooks import hooks
from app.recruiting.rules import Stage
from app.recruiting.tables import Application, Candidate, Requisition, Scorecard, StageMove
from app.timeutil import utcnow

NOT_OPEN = N_("This requisition is not open: HR must approve it first.")
ALREADY_ON = N_("This candidate is already on this requisition's board.")
NO_APPLICATION = N_("No such application.")
VERDICTS = ("yes", "maybe", "no")
VERDICT_LABELS = {"yes": N_("Hire"), "maybe": N_("Maybe"), "no": N_("Do not hire")}


async def attach(candidate_id: int, requisition_id: int, actor: audit.Actor, today: date) -> int:
    """Put a candidate (new, or from the talent pool) on an open requisition's board, at applied. A minor
    worker is refused for a post banned for minors when under 18 on its start date (the date needed, or today)."""
    async with write_transaction():
        requisition = (
            await Requisition.select(Requisition.status, Requisition.adult_only, Requisition.needed_by)
            .where(Requisition.id == requisition_id)
            .first()
            .run()
        )
        if requisition is None or requisition["status"] != rules.RequisitionStatus.OPEN:
            raise Refused(NOT_OPEN, field="requisition_id")
        candidate = await Candidate.select(Candidate.birth_date).where(Candidate.id == candidate_id).first().run()
        if candidate is None:
            raise Refused(N_("No such candidate."), status=404)
        start = max(requisition["needed_by"], today)
        if problem := rules.minor_may_not_take(candidate["birth_date"], start, requisition["adult_only"]):
            raise Refused(problem, field="requisition_id")
        if (
            await Application.exists()
            .where(
                (Application.candidate == candidate_id)
                & (Application.requisition == requisition_id)
                & Application.stage.is_in(list(rules.OPEN_STAGES))
            )
            .run()
        ):
            raise Refused(ALREADY_ON, field="requisition_id")
        now = utcnow()
        rows = (
            await Application.insert(
                Application(
                    candidate=candidate_id,
                    requisition=requisition_id,
                    stage=Stage.APPLIED,
                    applied_at=now,
                    moved_at=now,
                )
            )
            .returning(Application.id)
            .run()
        )
        await Candidate.update({Candidate.last_activity: today}).where(Candidate.id == candidate_id).run()
        await audit.record(
            actor, "application.create", "application", rows[0]["id"], after={"requisition": requisition_id}
        )
    return rows[0]["id"]


async def add_and_attach(
    data: candidates.CandidateInput, requisition_id: int | None, today: date, secret: bytes, actor: audit.Actor
) -> candidates.Added:
    """HR's new candidate, put on a requisition's board at once: both or neither (a refusal to attach, such as
    a minor for a post banned for minors, leaves no candidate behind)."""
    async with write_transaction():
        added = await candidates.add(data, today, secret, actor)
        if requisition_id is not None:
            await attach(added.candidate_id, requisition_id, actor, today)
    return added


async def _application(application_id: int) -> dict[str, Any]:
    row = (
        await Application.select(
            Application.all_columns(),
            Application.requisition.headcount.as_alias("headcount"),
            Application.requisition.status.as_alias("requisition_status"),
            Application.requisition.adult_only.as_alias("adult_only"),
            Application.candidate.birth_date.as_alias("birth_date"),
            Application.candidate.phone.as_alias("phone"),
            Application.candidate.id_hash.as_alias("id_hash"),
        )
        .where(Application.id == application_id)
        .first()
        .run()
    )
    if row is None:
        raise Refused(NO_APPLICATION, status=404)
    return row


async def _moved(
    row: dict[str, Any], target: Stage, reason: str, today: date, actor: audit.Actor, invite: str = ""
) -> None:
    """Inside the caller's write transaction: the stage, its history, and a requisition filled by this hire."""
    now = utcnow()
    values = {Application.stage: target, Application.reason: reason[:200], Application.moved_at: now}
    if target is Stage.HIRED:
        values[Application.hired_on] = today
    if invite:
        values[Application.invite] = invite
    await Application.update(values).where(Application.id == row["id"]).run()
    await StageMove.insert(
        StageMove(
            application=row["id"],
            from_stage=row["stage"],
            to_stage=target,
            reason=reason[:200],
            actor=actor.name,
            at=now,
        )
    ).run()
    await Candidate.update({Candidate.last_activity: today}).where(Candidate.id == row["candidate"]).run()
    if target is Stage.HIRED:
        hired = await Application.count().where(
            (Application.requisition == row["requisition"]) & (Application.stage == Stage.HIRED)
        )
        status = rules.status_after_hire(row["headcount"], hired)
        await Requisition.update({Requisition.status: status}).where(Requisition.id == row["requisition"]).run()
    await audit.record(
        actor, "application.move", "application", row["id"], before={"stage": row["stage"]}, after={"stage": target}
    )


async def move(application_id: int, target: str, reason: str, today: date, actor: audit.Actor) -> int:
    """Move a card; refused (nothing changed) when the rules do not allow it. Returns the requisition's id."""
    try:
        stage = Stage(target)
    except ValueError:
        raise Refused(rules.MOVE_NOT_ALLOWED, field="stage") from None
    async with write_transaction():
        row = await _application(application_id)
        if problem := rules.check_move(Stage(row["stage"]), stage, reason):
            raise Refused(problem, field="reason" if problem == rules.MOVE_NEEDS_REASON else "stage")
        await _moved(row, stage, reason.strip(), today, actor)
    return row["requisition"]


async def board(requisition_id: int) -> dict[str, list[dict[str, Any]]]:
    """The cards of a requisition by stage (closed stages included), oldest move first."""
    rows = (
        await Application.select(
            Application.id,
            Application.stage,
            Application.reason,
            Application.moved_at,
            Application.invite,
            Application.candidate.id.as_alias("candidate_id"),
            Application.candidate.name.as_alias("name"),
            Application.candidate.minor.as_alias("minor"),
            Application.candidate.source.as_alias("source"),
            Application.candidate.do_not_rehire.as_alias("do_not_rehire"),
        )
        .where(Application.requisition == requisition_id)
        .order_by(Application.moved_at)
        .run()
    )
    columns: dict[str, list[dict[str, Any]]] = {stage: [] for stage in rules.BOARD_STAGES}
    for row in rows:
        row["moves"] = rules.allowed_moves(Stage(row["stage"]))
        columns[row["stage"]].append(row)
    return columns


def requirements_of(requisition: dict[str, Any]) -> list[dict[str, str]]:
    value = requisition.get("requirements", "[]")
    return json.loads(value) if isinstance(value, str) else (value or [])


async def score(application_id: int, values: dict[str, str], actor: audit.Actor) -> None:
    """An interview scorecard: a score of 1-5 for each of the requisition's requirements, a verdict, a note."""
    row = await _application(application_id)
    requisition = (
        await Requisition.select(Requisition.requirements).where(Requisition.id == row["requisition"]).first().run()
    )
    scores = []
    for index, requirement in enumerate(requirements_of(requisition)):
        text = values.get(f"score_{index}", "")
        if text not in ("1", "2", "3", "4", "5"):
            raise Refused(N_("Give every requirement a score from 1 to 5."), field=f"score_{index}")
        scores.append({**requirement, "score": int(text)})
    verdict = values.get("verdict", "")
    if verdict not in VERDICTS:
        raise Refused(N_("Choose a verdict."), field="verdict")
    async with write_transaction():
        await Scorecard.insert(
            Scorecard(
                application=application_id,
                interviewer=actor.name,
                scores=json.dumps(scores, ensure_ascii=False),
                verdict=verdict,
                note=values.get("note", "").strip()[:300],
                at=utcnow(),
            )
        ).run()
        await audit.record(actor, "application.score", "application", application_id, after={"verdict": verdict})


async def offer_defaults(application_id: int) -> dict[str, Any]:
    """What the offer's invite form starts with: the candidate's name, the requisition's department and post."""
    row = (
        await Application.select(
            Application.id,
            Application.stage,
            Application.invite,
            Application.candidate.name.as_alias("name"),
            Application.requisition.department.as_alias("department_id"),
            Application.requisition.position.as_alias("position_id"),
            Application.requisition.needed_by.as_alias("needed_by"),
        )
        .where(Application.id == application_id)
        .first()
        .run()
    )
    if row is None:
        raise Refused(NO_APPLICATION, status=404)
    return row


async def make_offer(
    application_id: int, values: dict[str, str], today: date, zone: ZoneInfo, actor: audit.Actor
) -> str:
    """The offer becomes onboarding's invite (its form's checks, its slip), carrying the candidate's name,
    department and post from here; the card moves to offer. Returns the invite's id; Refused by field."""
    found = await offer_defaults(application_id)
    row = await _application(application_id)
    if row["stage"] != Stage.OFFER and (problem := rules.check_move(Stage(row["stage"]), Stage.OFFER, "")):
        raise Refused(problem, field="stage")
    if row["invite"]:
        raise Refused(N_("This offer has an invitation already."), field="stage")
    start = parse_date(values.get("start_date"))  # unreadable: the invite form's own check says so
    if start and (problem := rules.minor_may_not_take(row["birth_date"], start, row["adult_only"])):
        raise Refused(problem, field="start_date")
    fixed = {
        "candidate": found["name"],
        "department_id": str(found["department_id"]),
        "position_id": str(found["position_id"] or values.get("position_id", "")),
    }
    person = {"phone": row["phone"], "id_hash": row["id_hash"]}  # the worker does not type them again
    invite_id = await hooks().create_invite({**values, **fixed}, today, zone, actor, person)
    async with write_transaction():
        row = await _application(application_id)
        if row["stage"] == Stage.OFFER:
            await Application.update({Application.invite: invite_id}).where(Application.id == application_id).run()
        else:
            await _moved(row, Stage.OFFER, "", today, actor, invite=invite_id)
    return invite_id


async def application_requisition(application_id: int) -> int:
    """The requisition an application is on (a 404 refusal for an unknown application)."""
    row = await Application.select(Application.requisition).where(Application.id == application_id).first().run()
    if row is None:
        raise Refused(NO_APPLICATION, status=404)
    return row["requisition"]
