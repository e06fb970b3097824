"""The planner's plant settings (HR): the minimum rest between shifts and the weights of the soft goals.

Both are plant settings written through app.people.plant_settings.write (audited, a change number). Coverage must
weigh more than all other goals together, so that filling a position always wins over any soft goal one post
touches; a plan without that would leave positions empty to keep, say, a team stable.
"""

from __future__ import annotations

from dataclasses import asdict, fields

from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from app.auth.guards import HR
from app.errors import Refused
from app.forms import int_field
from app.i18n import N_
from app.people import plant_settings
from app.planning import inputs, rules
from app.web import ActorDep, after_post, form_data, render

REST_RANGE = (6 * 60, 24 * 60)  # minutes; below 6 h is no night's rest, above a day leaves no shift to plan
WEIGHT_MAX = 1_000_000
COVER_FIRST = N_("Covering a position must weigh more than all the other goals together (now %(others)s).")


async def current() -> tuple[int, rules.Weights]:
    rest = await plant_settings.read_int(inputs.MINIMUM_REST_KEY, rules.MINIMUM_REST, 1)
    return rest, await inputs.weights()


def check(values: dict) -> tuple[int, rules.Weights]:
    """The form's minimum rest (hours and minutes) and weights, or Refused naming the field."""
    hours = int_field(values.get("rest_hours"), "rest_hours", 0, 24)
    minutes = int_field(values.get("rest_minutes") or "0", "rest_hours", 0, 59)
    rest = hours * 60 + minutes
    if not REST_RANGE[0] <= rest <= REST_RANGE[1]:
        raise Refused(N_("The minimum rest is between 6 and 24 hours."), "rest_hours")
    weights = rules.Weights(
        **{item.name: int_field(values.get(item.name), item.name, 0, WEIGHT_MAX) for item in fields(rules.Weights)}
    )
    others = sum(value for name, value in asdict(weights).items() if name != "cover")
    if weights.cover <= others:
        raise Refused(COVER_FIRST, "cover", others=others)
    return rest, weights


class PlanningSettingsController(Controller):
    path = "/planning/settings"
    guards = [HR]

    async def _page(self, request: Request, values: dict, errors: dict) -> Template:
        return render(
            request,
            "planning/settings.html",
            values=values,
            errors=errors,
            defaults=asdict(rules.Weights()),
            status_code=422 if errors else 200,
        )

    @get("/")
    async def show(self, request: Request) -> Template:
        rest, weights = await current()
        values = {"rest_hours": str(rest // 60), "rest_minutes": str(rest % 60)}
        values.update({name: str(value) for name, value in asdict(weights).items()})
        return await self._page(request, values, {})

    @post("/")
    async def save(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        try:
            rest, weights = check(values)
        except Refused as refused:
            return await self._page(request, values, refused.errors)
        if rest != (await current())[0]:
            await plant_settings.write(inputs.MINIMUM_REST_KEY, rest, actor)
        if weights != await inputs.weights():
            await plant_settings.write(inputs.WEIGHTS_KEY, asdict(weights), actor)
        return after_post(request, "/planning/settings")
