"""My page's selects are built once per process (app.db.prepared), not on every open: building a select in Piccolo
cost as much as running it, and a shift change opens a thousand My pages within minutes (bench/selfservice.py)."""

from __future__ import annotations

from piccolo.query.methods.select import Select

from tests.selfservice.helpers import a_month_of_work, activate_kiosk, locked_payslip, open_my_page, ready_worker


async def test_opening_my_page_again_builds_no_select_and_shows_the_same_month(client, cast, settings, monkeypatch):
    payload = await ready_worker(cast.worker, settings)
    await a_month_of_work(cast)
    await locked_payslip(cast.worker)
    await activate_kiosk(client)
    first = await open_my_page(client, payload)  # builds what was not built yet in this process
    built: list[str] = []
    building = Select.default_querystrings

    def counted(query):
        built.append(query.table._meta.tablename)
        return building.fget(query)

    monkeypatch.setattr(Select, "default_querystrings", property(counted))
    again = await client.get("/me")
    assert again.status_code == 200
    for shown in ("07:55 – 17:02", "迟到", "折弯", "¥30.00", "4,567.89"):
        assert shown in first.text and shown in again.text
    assert built == [], f"built again on this open: {built}"  # every select of the page is prepared
