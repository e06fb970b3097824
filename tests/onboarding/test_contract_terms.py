"""Fixed-term contracts that end soon: on HR's to-do and on their own page (issue 20: "contracts expiring")."""

from __future__ import annotations

from datetime import date, timedelta

from app.onboarding.tables import Invite, SignedContract
from app.people.rules import add_months
from app.timeutil import local_today
from tests.cast import sign_in
from tests.onboarding.factories import activate, id_number, make_invite, slip, to_safety


async def _hired(client, cast, settings, term, ends_in_days, serial):
    """A worker onboarded on a `term`-month contract that ends `ends_in_days` from today."""
    invite = await make_invite(cast, settings, term=term)
    await to_safety(client, await slip(settings, invite), id_number(date(1990, 1, 2), serial))
    if term:
        end = local_today(settings.zone) + timedelta(days=ends_in_days)
        start = add_months(end + timedelta(days=1), -term)
        await Invite.update({Invite.start_date: start}).where(Invite.id == invite).run()
    latest = SignedContract.select(SignedContract.employee).order_by(SignedContract.signed_at, ascending=False)
    return (await latest.first().run())["employee"]


async def test_hr_sees_the_contracts_that_end_within_30_days_and_only_those(client, cast, settings):
    await activate(client)
    soon = await _hired(client, cast, settings, 12, 10, "002")
    await _hired(client, cast, settings, 12, 45, "003")  # later than 30 days
    await _hired(client, cast, settings, None, 0, "004")  # open-ended
    await sign_in(client, "hr")
    home = (await client.get("/")).text
    assert 'href="/onboarding/contracts/ending"' in home
    page = (await client.get("/onboarding/contracts/ending")).text
    rows = page.split('id="contracts-ending"')[1].split("</table>")[0]
    assert rows.count("<tr") == 2  # the header and the one contract
    end = local_today(settings.zone) + timedelta(days=10)
    assert f'href="/people/{soon}"' in rows and f"{end.year}年{end.month}月{end.day}日" in rows


async def test_with_no_contract_ending_the_page_says_so_and_the_to_do_stays_quiet(client, cast, settings):
    await sign_in(client, "hr")
    assert 'href="/onboarding/contracts/ending"' not in (await client.get("/")).text
    assert 'href="/onboarding/contracts/ending"' in (await client.get("/onboarding")).text  # always reachable there
    page = await client.get("/onboarding/contracts/ending")
    assert page.status_code == 200 and 'id="contracts-ending"' not in page.text
