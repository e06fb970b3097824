"""HR's Plant page: the employer's name (contracts, payroll ledger, termination certificates) and where a
worker onboarded at a kiosk collects the badge. Other plant-wide settings sit with the pages they affect."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from app.auth.guards import HR
from app.i18n import N_
from app.people import plant_settings
from app.web import after_post, form_data, render

NAME_NEEDED = N_("Enter the employer's name as it appears on contracts.")
TOO_LONG = N_("At most 100 characters.")
PAY_DAY_RANGE = N_("Enter the day of the month wages are paid, 1 to 31, or leave it empty.")
# form field -> plant setting; the contract's art. 17 clauses take the employer's ones (app.onboarding.contract)
FIELDS = (("plant_name", plant_settings.PLANT_NAME), ("badge_pickup", plant_settings.BADGE_PICKUP),
          ("employer_address", plant_settings.EMPLOYER_ADDRESS),
          ("legal_representative", plant_settings.LEGAL_REPRESENTATIVE), ("pay_day", plant_settings.PAY_DAY))


def check(values: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not values.get("plant_name"):
        errors["plant_name"] = NAME_NEEDED
    for key, _ in FIELDS:
        if len(values.get(key, "")) > plant_settings.NAME_LIMIT:
            errors[key] = TOO_LONG
    day = values.get("pay_day", "").strip()
    if day and not (day.isdigit() and 1 <= int(day) <= 31):
        errors["pay_day"] = PAY_DAY_RANGE
    return errors


class PlantController(Controller):
    path = "/plant"
    guards = [HR]

    async def _page(self, request: Request, values: dict, errors: dict, saved: bool = False) -> Template:
        return render(request, "people/plant.html", status_code=422 if errors else 200, values=values,
                      errors=errors, saved=saved)

    @get("/")
    async def index(self, request: Request) -> Template:
        values = {field: await plant_settings.read_text(key) for field, key in FIELDS}
        return await self._page(request, values, {}, saved=request.query_params.get("saved") == "1")

    @post("/")
    async def save(self, request: Request) -> Response:
        values = await form_data(request)
        errors = check(values)
        if errors:
            return await self._page(request, values, errors)
        actor = request.scope["user"].actor
        for field, key in FIELDS:
            if values.get(field, "").strip() != await plant_settings.read_text(key):
                await plant_settings.write(key, values.get(field, "").strip(), actor)
        return after_post(request, "/plant?saved=1")
