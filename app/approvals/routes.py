"""The approvals inbox: every pending request whose step waits for the signed-in user, approve or reject."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Response, Template

from app.approvals import service, webhook
from app.audit.service import Actor
from app.auth.guards import HR, UserDep, requires
from app.auth.service import CurrentUser
from app.errors import Refused
from app.forms import int_field, parse_int
from app.i18n import N_
from app.web import ActorDep, after_post, form_data, render

APPROVERS = requires("hr", "supervisor", "dept_head")
NOTHING_TICKED = N_("Tick the requests to approve first.")
SOME_SKIPPED = N_(
    "%(num)s of the ticked requests were already decided or are not yours to decide: they were left as they are."
)
STEP_LABELS = {"dept_head": N_("Department head"), "supervisor": N_("Supervisor"), "hr": N_("HR")}


class ApprovalsController(Controller):
    path = "/approvals"
    guards = [APPROVERS]

    async def _page(
        self,
        request: Request,
        user: CurrentUser,
        errors: dict | None = None,
        status_code: int = 200,
        values: dict | None = None,
    ) -> Template:
        waiting = await service.waiting_for(user.roles, user.employee_id, request.app.state.settings.zone)
        limits = {
            "hr_above_days": await service.hr_above_days(),
            "overdue_hours": await service.overdue_hours(),
            "webhook_url": await webhook.url(),
        }
        return render(
            request,
            "approvals/inbox.html",
            "approvals/_items.html",
            "approval-items",
            status_code=status_code,
            items=waiting,
            errors=errors or {},
            overdue=sum(item.overdue for item in waiting),
            hours=limits["overdue_hours"],
            limits={**limits, **(values or {})},
            is_hr=user.has_any("hr"),
            matrix=service.matrix(),
            step_labels=STEP_LABELS,
        )

    @get("/")
    async def inbox(self, request: Request, user: UserDep) -> Template:
        return await self._page(request, user)

    @post("/settings", guards=[HR])
    async def settings(self, request: Request, user: UserDep, actor: ActorDep) -> Response:
        """HR sets the plant's rules: HR approves above this many days; a step is overdue after these hours."""
        values = await form_data(request)
        try:
            days = int_field(values.get("hr_above_days"), "hr_above_days", 0, 365)
            hours = int_field(values.get("overdue_hours"), "overdue_hours", 1, 24 * 30)
            address = webhook.checked_url(values.get("webhook_url", ""))
            await service.save_limits(days, hours, actor)
            if address != await webhook.url():
                await webhook.save_url(address, actor)
        except Refused as refused:
            return await self._page(request, user, refused.errors, 422, values)
        return after_post(request, "/approvals")

    @post("/bulk")
    async def approve_ticked(self, request: Request, user: UserDep, actor: ActorDep) -> Response:
        """Approve every ticked request at once (rejections take a reason each, so one at a time). A request that
        another approver decided meanwhile, or that is not this user's to decide, is left as it is and named."""
        form = await request.form()
        ticked = [n for value in form.getall("item", []) if (n := parse_int(str(value))) is not None]
        if not ticked:
            return await self._page(request, user, {"bulk": Refused(NOTHING_TICKED).text}, 422)
        skipped = 0
        for item_id in ticked:
            try:
                await service.decide(item_id, True, "", user.roles, user.employee_id, actor)
            except Refused:
                skipped += 1
        if skipped:
            return await self._page(request, user, {"bulk": Refused(SOME_SKIPPED, num=skipped).text}, 409)
        return after_post(request, "/approvals")

    @post("/{item_id:int}/approve")
    async def approve(
        self,
        request: Request,
        item_id: FromPath[int],
        user: UserDep,
        actor: ActorDep,
    ) -> Response:
        return await self._decide(request, item_id, True, user, actor)

    @post("/{item_id:int}/reject")
    async def reject(
        self,
        request: Request,
        item_id: FromPath[int],
        user: UserDep,
        actor: ActorDep,
    ) -> Response:
        return await self._decide(request, item_id, False, user, actor)

    async def _decide(self, request: Request, item_id: int, approve: bool, user: CurrentUser, actor: Actor) -> Response:
        reason = (await form_data(request)).get("reason", "")
        try:
            await service.decide(item_id, approve, reason, user.roles, user.employee_id, actor)
        except Refused as refused:
            if refused.status != 422:
                raise
            return await self._page(request, user, {item_id: refused.text}, 422)
        return after_post(request, "/approvals")
