"""An ID number is one person: onboarding it again while that person is employed here is refused (issue 16,
point 9), with or without a probation, and leaves no second employee, badge or contract."""

from __future__ import annotations

import pytest

from app.audit.tables import AuditLog
from app.badges.tables import Credential
from app.onboarding import induction
from app.onboarding.tables import RefusedAttempt, SignedContract
from app.people.tables import Employee
from tests.onboarding.factories import RIGHT, VALID_ID, activate, key_in, make_invite, quiz_form, slip, step, to_safety


async def _onboard(client, settings, cast) -> None:
    first = await slip(settings, await make_invite(cast, settings, probation=0))
    await to_safety(client, first)
    await step(client, "/safety/submit", first, **quiz_form((await induction.induction()).questions, RIGHT))


@pytest.mark.parametrize("probation", [0, 2])
async def test_the_same_id_number_onboarding_again_is_refused_while_employed(client, cast, settings, probation):
    await activate(client)
    await _onboard(client, settings, cast)
    employees, badges, contracts = (
        await Employee.count().run(),
        await Credential.count().run(),
        await SignedContract.count().run(),
    )
    again = await slip(settings, await make_invite(cast, settings, probation=probation))
    refused = await key_in(client, again, VALID_ID)
    assert refused.status_code == 422 and "已在本厂在职" in refused.text
    assert [row["reason"] for row in await RefusedAttempt.select().run()] == ["id.already_employed"]
    assert await AuditLog.exists().where(AuditLog.action == "onboarding.refused_already_employed").run()
    assert (await Employee.count().run(), await Credential.count().run(), await SignedContract.count().run()) == (
        employees,
        badges,
        contracts,
    )
