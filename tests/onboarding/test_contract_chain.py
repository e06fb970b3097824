"""The signed-contract archive can be checked: `floorhr contracts verify` and the onboarding page's line say
"chain intact" or which contract was altered (issue 16, point 9). Hashes are computed here from the rule."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from app.onboarding.contract import GENESIS, first_altered
from app.onboarding.tables import SignedContract
from tests.cast import sign_in
from tests.onboarding.factories import activate, id_number, make_invite, slip, to_safety

T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _chain(pdfs: list[bytes]) -> list[tuple[bytes, str, str, str, datetime]]:
    """Links as signing makes them: sha256(previous chain hash + PDF's SHA-256 + signing time ISO)."""
    links, previous = [], GENESIS
    for n, pdf in enumerate(pdfs):
        at = T0 + timedelta(minutes=n)
        link = _sha(f"{previous}{_sha(pdf)}{at.isoformat()}".encode())
        links.append((pdf, _sha(pdf), previous, link, at))
        previous = link
    return links


LINKS = _chain([b"%PDF one", b"%PDF two", b"%PDF three"])


@pytest.mark.parametrize(
    "links, altered",
    [
        pytest.param(LINKS, None, id="an_untouched_chain_is_intact"),
        pytest.param([LINKS[0], (b"%PDF 2wo", *LINKS[1][1:]), LINKS[2]], 2, id="a_changed_pdf_is_found"),
        pytest.param([LINKS[0], LINKS[1], (*LINKS[2][:4], T0)], 3, id="a_changed_signing_time_is_found"),
        pytest.param([LINKS[1], LINKS[0], LINKS[2]], 1, id="a_changed_order_is_found"),
        pytest.param([LINKS[0], LINKS[2]], 2, id="a_removed_contract_is_found"),
        pytest.param([], None, id="no_contracts_yet"),
    ],
)
def test_the_first_altered_contract_of_a_chain(links, altered):
    assert first_altered(links) == altered


def floorhr(settings, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FLOORHR_DATABASE_URL": settings.database_url, "FLOORHR_DATA_DIR": str(settings.data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


async def test_hr_sees_the_chain_intact_then_the_altered_contract(client, cast, settings):
    await activate(client)
    for n, birth in enumerate((date(1990, 3, 7), date(1992, 5, 9))):
        await to_safety(client, await slip(settings, await make_invite(cast, settings)), id_number(birth, f"00{n + 2}"))
    assert await SignedContract.count().run() == 2
    intact = floorhr(settings, "contracts", "verify")
    assert intact.returncode == 0 and "chain intact: 2 contracts" in intact.stdout
    second = await SignedContract.select().order_by(SignedContract.signed_at).offset(1).first().run()
    await (
        SignedContract.update({SignedContract.pdf: bytes(second["pdf"]) + b"%"})
        .where(SignedContract.id == second["id"])
        .run()
    )
    altered = floorhr(settings, "contracts", "verify")
    assert altered.returncode == 1 and "contract 2" in altered.stdout and "altered" in altered.stdout
    await sign_in(client, "hr")
    assert 'hx-get="/onboarding/contracts/chain"' in (await client.get("/onboarding")).text
    line = await client.get("/onboarding/contracts/chain")
    assert "第 2 份" in line.text and "被改动" in line.text


async def test_the_person_s_page_lists_their_contract_and_says_whether_the_chain_holds(client, cast, settings):
    await activate(client)
    await to_safety(client, await slip(settings, await make_invite(cast, settings)), id_number(date(1991, 4, 2), "003"))
    signed = await SignedContract.select(SignedContract.employee, SignedContract.flow, SignedContract.pdf).first().run()
    await sign_in(client, "hr")
    person = (await client.get(f"/people/{signed['employee']}")).text
    assert f'hx-get="/onboarding/people/{signed["employee"]}/contracts"' in person
    section = (await client.get(f"/onboarding/people/{signed['employee']}/contracts")).text
    assert f"/onboarding/contracts/{signed['flow']}" in section and "链完整" in section
    await SignedContract.update({SignedContract.pdf: bytes(signed["pdf"]) + b"%"}, force=True).run()
    section = (await client.get(f"/onboarding/people/{signed['employee']}/contracts")).text
    assert "第 1 份" in section and "被改动" in section
    assert "未在 floorhr 中签订" in (await client.get(f"/onboarding/people/{cast.worker}/contracts")).text
