"""Personal details (Luhn, encrypted at rest) and the signed contract: PDF with the Chinese text, hash chain, copies."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf

from app.audit.tables import AuditLog
from app.onboarding import contract
from app.onboarding.crypto import Vault
from app.onboarding.tables import OnboardingFlow, SignedContract
from app.people.tables import Employee
from app.sync.tables import OutboxEvent
from tests.cast import sign_in
from tests.onboarding.factories import (
    BANK_CARD,
    DETAILS,
    VALID_ID,
    activate,
    key_in,
    make_invite,
    signature,
    slip,
    step,
    to_contract,
    to_safety,
)


async def test_a_bank_card_that_fails_luhn_is_refused_and_nothing_changes(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await key_in(client, invite, VALID_ID)
    await step(client, "/identity/confirm", invite, answer="yes")
    response = await step(client, "/details", invite, **{**DETAILS, "bank_card": BANK_CARD[:-1] + "7"})
    assert response.status_code == 422 and "卡号校验不通过" in response.text
    row = await OnboardingFlow.select().first().run()
    assert row["step"] == "details" and row["bank_cipher"] == "" and row["phone"] == ""


async def test_details_are_kept_encrypted_found_by_keyed_hash_and_shown_masked(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    response = await to_contract(client, invite)
    assert response.status_code == 200 and 'data-screen="contract"' in response.text
    assert VALID_ID not in response.text and "110105********002X" in response.text  # the contract shows it masked
    vault = Vault(settings.secret_key)
    row = await OnboardingFlow.select().where(OnboardingFlow.bank_hash == vault.lookup_hash(BANK_CARD)).first().run()
    assert row["bank_masked"] == "**** **** **** 3446" and vault.decrypt(row["bank_cipher"]) == BANK_CARD
    assert row["id_hash"] == vault.lookup_hash(VALID_ID) and vault.decrypt(row["id_cipher"]) == VALID_ID
    assert VALID_ID not in row["id_cipher"] and BANK_CARD not in row["bank_cipher"]


async def _all_text(database_url: str) -> bytes:
    """Everything the database holds, as bytes: the SQLite file and its WAL, or every PostgreSQL row as text."""
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    from app.db.engine import all_tables

    chunks = []
    for table in all_tables():
        rows = await table.raw(f'SELECT t::text AS row FROM "{table._meta.tablename}" t').run()
        chunks += [row["row"].encode() for row in rows]
    return b"\n".join(chunks)


async def test_the_id_number_and_bank_card_never_reach_the_database_in_plaintext(client, cast, settings, database_url):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_safety(client, invite)
    stored = await _all_text(database_url)
    assert await SignedContract.count().run() == 1 and b"110105" in stored  # the masked form is there: we looked
    for secret in (VALID_ID, BANK_CARD):
        assert secret.encode() not in stored and secret.encode("utf-16-le") not in stored


async def test_signing_needs_consent_and_a_drawn_signature(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_contract(client, invite)
    unticked = await step(client, "/contract", invite, signature=signature())
    blank = await step(client, "/contract", invite, consent="yes", signature="data:image/png;base64,iVBORw0KGgo=")
    assert unticked.status_code == 422 and "请勾选" in unticked.text
    assert blank.status_code == 422 and "请用手指在框内签名" in blank.text
    assert await SignedContract.count().run() == 0 and await Employee.count().run() == 3  # the cast only


async def test_the_signed_pdf_holds_the_name_and_contract_text_and_chains_its_hash(client, cast, settings):
    await activate(client)
    first = await slip(settings, await make_invite(cast, settings))
    response = await to_safety(client, first)
    assert response.status_code == 200 and 'data-screen="safety_read"' in response.text
    second = await slip(settings, await make_invite(cast, settings))
    await to_safety(client, second, "110105199003070017")
    rows = await SignedContract.select().order_by(SignedContract.signed_at).run()
    assert rows[0]["previous_hash"] == contract.GENESIS and rows[1]["previous_hash"] == rows[0]["chain_hash"]
    for row in rows:
        pdf = bytes(row["pdf"])
        assert contract.sha256_hex(pdf) == row["sha256"]
        assert row["chain_hash"] == contract.chain_hash(row["previous_hash"], row["sha256"], row["signed_at"])
        text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
        assert (
            "张三" in text and "劳动合同" in text
        )  # both typed the name 张三 on the keypad screen and "第三条 工作时间：执行标准工时制度" in text
        assert "装配A线" in text and VALID_ID not in text
    copy = await step(client, "/contract/copy", first)
    assert copy.headers["content-type"] == "application/pdf" and copy.content == bytes(rows[0]["pdf"])
    assert await OutboxEvent.count().run() == 0  # the office records no outbox


async def test_hr_downloads_the_signed_contract_and_a_supervisor_may_not(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_safety(client, invite)
    flow = await OnboardingFlow.select(OnboardingFlow.id).first().run()
    await sign_in(client, "hr")  # activating the kiosk signed HR out of this browser
    download = await client.get(f"/onboarding/contracts/{flow['id']}")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert await AuditLog.count().where(AuditLog.action == "contract.download").run() == 1  # access is logged
    await sign_in(client, "sup-a")
    assert (await client.get(f"/onboarding/contracts/{flow['id']}")).status_code == 403
