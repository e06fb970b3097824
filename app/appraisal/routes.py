"""Appraisal pages: HR's schemes, opening a period, the period's board (fill, close), the supervisor's tablet
scoring one worker after another."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.appraisal import periods, plans, results, schemes, views
from app.appraisal.rules import COMPUTED, EXTREME_HIGH, EXTREME_LOW, LOWER_IS_BETTER, OFFICE
from app.appraisal.tables import AppraisalResult
from app.audit.service import Actor
from app.auth.guards import HR, UserDep, requires
from app.auth.service import CurrentUser
from app.errors import Refused
from app.timeutil import local_today
from app.web import ActorDep, ZoneDep, after_post, form_data

APPRAISING = requires("hr", "dept_head", "supervisor")
CLOSING = requires("hr", "dept_head")


async def _scheme_page(
    zone: ZoneInfo, scheme_id: int | None, values: dict | None = None, error: str = "", status_code: int = 200
) -> Template:
    today = local_today(zone)
    found = await schemes.scheme(scheme_id, today) if scheme_id else None
    if scheme_id and found is None:
        raise NotFoundException()
    return Template(
        "appraisal/scheme.html",
        status_code=status_code,
        context={
            "scheme": found,
            "values": values if values is not None else _values(found),
            "error": error,
            "catalogue": schemes.CATALOGUE,
            "grades": schemes.GRADES,
            "kinds": schemes.KIND_LABELS,
            "missing": schemes.MISSING_LABELS,
            "departments": await schemes.departments(),
            "positions": await schemes.positions(),
            "periods": await periods.periods(scheme_id) if scheme_id else [],
            "this_month": f"{today:%Y-%m}",
            "lower_better": LOWER_IS_BETTER,
            "computed": COMPUTED,
            "office": OFFICE,
        },
    )


async def _index_page(
    user: CurrentUser, zone: ZoneInfo, values: dict | None = None, error: str = "", status_code: int = 200
) -> Template:
    today, reads = local_today(zone), user.has_any("hr", "dept_head")
    return Template(
        "appraisal/index.html",
        status_code=status_code,
        context={
            "schemes": await schemes.all_schemes(today),
            "periods": await periods.periods(),
            "is_hr": user.has_any("hr"),
            "may_read": reads,
            "plans": await plans.plans(today, only_open=True) if reads else [],
            "contest_days": (values or {}).get("contest_days", str(await results.contest_days())),
            "error": error,
        },
    )


def _values(found: schemes.Scheme | None) -> dict[str, str]:
    """The form's fields for a scheme (a new one: the catalogue's targets and the usual four grades)."""
    values = {"period_kind": "month", "missing": "reweight", "bonus_base": "0"}
    for item in schemes.CATALOGUE:
        values |= {f"target_{item.code}": str(item.target), f"penalty_{item.code}": str(item.penalty)}
    for band in found.bands if found else schemes.DEFAULT_BANDS:
        values |= {f"min_{band.grade}": str(band.min_score), f"coefficient_{band.grade}": str(band.coefficient_percent)}
        values |= {f"limit_{band.grade}": str(band.max_percent or "")}
    if found:
        values |= {"name": found.name, "department": str(found.department_id), "period_kind": found.period_kind.value}
        values |= {"missing": found.missing.value, "bonus_base": f"{found.bonus_base_fen / 100:.2f}"}
        values |= {f"base_{k}": f"{v / 100:.2f}" for k, v in found.position_bases.items()}
        for i in found.indicators:
            values |= {f"weight_{i.code}": str(i.weight), f"target_{i.code}": str(i.target)}
            values |= {f"penalty_{i.code}": str(i.penalty)}
    return values


class AppraisalController(Controller):
    path = "/appraisal"
    guards = [APPRAISING]

    @get("/")
    async def index(self, user: UserDep, zone: ZoneDep) -> Template:
        return await _index_page(user, zone)

    @post("/settings", guards=[HR])
    async def settings(self, request: Request, user: UserDep, zone: ZoneDep, actor: ActorDep) -> Response:
        """The plant's days to contest a result; bad input is refused and nothing is saved."""
        values = await form_data(request)
        try:
            await results.save_contest_days(values.get("contest_days", ""), actor)
        except Refused as refused:
            return await _index_page(user, zone, values, refused.text, 422)
        return after_post(request, "/appraisal")

    @get("/schemes/new", guards=[HR])
    async def new_scheme(self, zone: ZoneDep) -> Template:
        return await _scheme_page(zone, None)

    @get("/schemes/{scheme_id:int}", guards=[HR])
    async def scheme(self, zone: ZoneDep, scheme_id: FromPath[int]) -> Template:
        return await _scheme_page(zone, scheme_id)

    @post("/schemes", guards=[HR])
    async def create(self, request: Request, zone: ZoneDep, actor: ActorDep) -> Response:
        return await self._save(request, zone, actor, None)

    @post("/schemes/{scheme_id:int}", guards=[HR])
    async def save(self, request: Request, zone: ZoneDep, actor: ActorDep, scheme_id: FromPath[int]) -> Response:
        return await self._save(request, zone, actor, scheme_id)

    async def _save(self, request: Request, zone: ZoneInfo, actor: Actor, scheme_id: int | None) -> Response:
        values = await form_data(request)
        try:
            saved = await schemes.save_scheme(schemes.parse_scheme(values), scheme_id, local_today(zone), actor)
        except Refused as refused:
            return await _scheme_page(zone, scheme_id, values, refused.text, 422)
        return after_post(request, f"/appraisal/schemes/{saved}")

    @post("/schemes/{scheme_id:int}/periods", guards=[HR])
    async def open_period(self, request: Request, zone: ZoneDep, actor: ActorDep, scheme_id: FromPath[int]) -> Response:
        values = await form_data(request)
        try:
            period_id = await periods.open_period(scheme_id, values.get("month", ""), zone, actor)
        except Refused as refused:
            return await _scheme_page(zone, scheme_id, None, refused.text, 422)
        return after_post(request, f"/appraisal/periods/{period_id}")

    async def _period_page(
        self, user: CurrentUser, zone: ZoneInfo, period_id: int, error: str = "", status_code: int = 200
    ) -> Template:
        found = await periods.period(period_id)
        s = await schemes.scheme(found.scheme_id, local_today(zone))
        rows = await views.board(found, s)
        mine = await views.scorable(user, rows)
        if not user.has_any("hr", "dept_head"):
            rows = mine  # a supervisor sees their own team's figures, not the whole department's
        done = await results.results(AppraisalResult.period == period_id)
        draft = await views.provisional(period_id, s, rows) if found.status == "open" else {}
        grades = [grade for _, grade in draft.values()] if draft else [r.grade for r in done]
        return Template(
            "appraisal/period.html",
            status_code=status_code,
            context={
                "period": found,
                "scheme": s,
                "rows": rows,
                "mine": mine,
                "results": done,
                "distribution": views.distribution(grades, s),
                "provisional": draft,
                "status_labels": views.STATUS_LABELS,
                "is_hr": user.has_any("hr"),
                "may_close": user.has_any("hr", "dept_head"),
                "error": error,
            },
        )

    @get("/periods/{period_id:int}")
    async def period(self, user: UserDep, zone: ZoneDep, period_id: FromPath[int]) -> Template:
        return await self._period_page(user, zone, period_id)

    @post("/periods/{period_id:int}/fill", guards=[HR])
    async def fill(
        self,
        request: Request,
        user: UserDep,
        zone: ZoneDep,
        actor: ActorDep,
        period_id: FromPath[int],
    ) -> Response:
        try:
            await periods.fill(period_id, zone, actor)
        except Refused as refused:
            return await self._period_page(user, zone, period_id, refused.text, 422)
        return after_post(request, f"/appraisal/periods/{period_id}")

    @post("/periods/{period_id:int}/close", guards=[CLOSING])
    async def close(
        self,
        request: Request,
        user: UserDep,
        zone: ZoneDep,
        actor: ActorDep,
        period_id: FromPath[int],
    ) -> Response:
        try:
            await results.close(period_id, zone, actor)
        except Refused as refused:
            return await self._period_page(user, zone, period_id, refused.text, 422)
        return after_post(request, f"/appraisal/periods/{period_id}")

    async def _score_page(
        self,
        user: CurrentUser,
        zone: ZoneInfo,
        period_id: int,
        employee: int | None,
        values: dict | None = None,
        error: str = "",
        status_code: int = 200,
    ) -> Template:
        found = await periods.period(period_id)
        s = await schemes.scheme(found.scheme_id, local_today(zone))
        mine = await views.scorable(user, await views.board(found, s))
        current = next((r for r in mine if r.person.id == employee), None)
        if current is None:  # the first one not yet scored, else the first
            current = next((r for r in mine if not r.scored), mine[0] if mine else None)
        given = (await periods.scores(period_id)).get(current.person.id, {}) if current else {}
        if values is None:
            values = {
                f"score_{c}": str(r["score_milli"] // 1000) for c, r in given.items() if r["score_milli"] is not None
            }
            values |= {f"reason_{c}": r["reason"] for c, r in given.items()}
        return Template(
            "appraisal/score.html",
            status_code=status_code,
            context={
                "period": found,
                "scheme": s,
                "rows": mine,
                "current": current,
                "values": values,
                "error": error,
                "left": sum(1 for r in mine if not r.scored),
                "extreme_low": EXTREME_LOW,
                "extreme_high": EXTREME_HIGH,
                "open": found.status == "open",
            },
        )

    @get("/periods/{period_id:int}/score")
    async def score(
        self,
        user: UserDep,
        zone: ZoneDep,
        period_id: FromPath[int],
        employee: FromQuery[int | None] = None,
    ) -> Template:
        return await self._score_page(user, zone, period_id, employee)

    @post("/periods/{period_id:int}/score/{employee_id:int}")
    async def enter(
        self,
        request: Request,
        user: UserDep,
        zone: ZoneDep,
        actor: ActorDep,
        period_id: FromPath[int],
        employee_id: FromPath[int],
    ) -> Response:
        values = await form_data(request)
        found = await periods.period(period_id)
        s = await schemes.scheme(found.scheme_id, local_today(zone))
        mine = await views.scorable(user, await views.board(found, s))
        try:
            if employee_id not in {r.person.id for r in mine}:
                raise Refused(views.NOT_YOURS)
            await periods.enter_scores(period_id, employee_id, values, zone, actor)
        except Refused as refused:
            return await self._score_page(user, zone, period_id, employee_id, values, refused.text, 422)
        ids = [r.person.id for r in mine]
        after = ids[ids.index(employee_id) + 1 :] + ids[: ids.index(employee_id)]
        unscored = {r.person.id for r in mine if not r.scored and r.person.id != employee_id}
        following = next((i for i in after if i in unscored), None)
        return after_post(request, f"/appraisal/periods/{period_id}/score?employee={following or employee_id}")
