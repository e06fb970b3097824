"""HR's Plant page: the employer's name (contracts, payroll ledger, termination certificates), where a
worker onboarded at a kiosk collects the badge, and the pattern of employee codes. Other plant-wide settings sit with the pages they affect."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from app.auth.guards import HR
from app.i18n import N_
from app.people import plant_settings, rules
from app.web import ActorDep, after_post, form_data, render

NAME_NEEDED = N_("Enter the employer's name as it appears on contracts.")
TOO_LONG = N_("At most 100 characters.")
BAD_PATTERN = N_(
    "A code pattern is a prefix of letters, digits or dashes and then 3 to 8 # for the number, e.g. E####."
)
PAY_DAY_RANGE = N_("Enter the day of the month wages are paid, 1 to 31, or leave it empty.")
# plant setting -> form field; the contract's art. 17 clauses take the employer's ones (app.onboarding.contract)
FIELDS = (
    (plant_settings.PLANT_NAME, "plant_name"),
    (plant_settings.BADGE_PICKUP, "badge_pickup"),
    (plant_settings.EMPLOYEE_CODE_PATTERN, "code_pattern"),
    (plant_settings.EMPLOYER_ADDRESS, "employer_address"),
    (plant_settings.LEGAL_REPRESENTATIVE, "legal_representative"),
    (plant_settings.PAY_DAY, "pay_day"),
)


def check(values: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not values.get("plant_name"):
        errors["plant_name"] = NAME_NEEDED
    for _, field in FIELDS:
        if len(values.get(field, "")) > plant_settings.NAME_LIMIT:
            errors[field] = TOO_LONG
    day = values.get("pay_day", "").strip()
    if day and not (day.isascii() and day.isdigit() and 1 <= int(day) <= 31):
        errors["pay_day"] = PAY_DAY_RANGE
    values["code_pattern"] = values.get("code_pattern", "").strip().upper()
    if values["code_pattern"] and not rules.valid_code_pattern(values["code_pattern"]):
        errors["code_pattern"] = BAD_PATTERN
    return errors


class PlantController(Controller):
    path = "/plant"
    guards = [HR]

    async def _page(self, request: Request, values: dict, errors: dict, saved: bool = False) -> Template:
        return render(
            request, "people/plant.html", status_code=422 if errors else 200, values=values, errors=errors, saved=saved
        )

    @get("/")
    async def index(self, request: Request) -> Template:
        values = {field: await plant_settings.read_text(key) for key, field in FIELDS}
        return await self._page(request, values, {}, saved=request.query_params.get("saved") == "1")

    @post("/")
    async def save(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        errors = check(values)
        if errors:
            return await self._page(request, values, errors)
        actor = actor
        for key, field in FIELDS:
            if values.get(field, "") != await plant_settings.read_text(key):
                await plant_settings.write(key, values.get(field, ""), actor)
        return after_post(request, "/plant?saved=1")
