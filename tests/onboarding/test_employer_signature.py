"""The employer's side of each contract: a named HR user and the plant's seal, in the signed PDF the chain keeps."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pypdf
import pytest

from app.audit.service import SYSTEM
from app.audit.tables import AuditLog
from app.demo.seal import seal_png as demo_seal
from app.onboarding import contract, employer_sign
from app.onboarding.tables import SignedContract
from app.people import plant_settings
from tests.cast import sign_in
from tests.onboarding.factories import activate, make_invite, signature, slip, step, to_contract, to_safety


def _png(width: int, height: int) -> bytes:
    """A real PNG of that canvas, as small as zlib makes it."""
    raw = b"".join(b"\x00" + b"\xff" * (width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return contract.PNG_MAGIC + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("picture", "accepted"),
    [
        (_png(360, 360), True),
        (_png(600, 400), True),
        (_png(60, 60), False),  # too small to read
        (_png(1600, 1600), False),  # larger than a scanned seal
        (_png(900, 200), False),  # a banner, not a seal
        (b"GIF89a" + b"\x00" * 400, False),
        (b"", False),
    ],
)
def test_a_seal_is_a_png_of_a_seal_s_size(picture, accepted):
    assert (contract.seal_png(picture) is not None) is accepted


async def test_no_contract_is_signed_until_the_plant_names_its_signatory_and_seal(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await plant_settings.write(employer_sign.SEAL, "", SYSTEM)  # HR has not uploaded the seal yet
    await to_contract(client, invite)
    refused = await step(client, "/contract", invite, consent="yes", signature=signature())
    assert refused.status_code == 422 and "尚未设置" in refused.text
    assert await SignedContract.count().run() == 0


async def test_the_signed_pdf_carries_the_seal_and_the_named_hr_user(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_safety(client, invite)
    row = await SignedContract.select().first().run()
    pdf = pypdf.PdfReader(io.BytesIO(bytes(row["pdf"])))
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert "甲方授权代表：人事管理员（hr）" in text and "甲方（盖章）" in text
    images = [image for page in pdf.pages for image in page.images]
    assert len(images) == 2  # the seal and the worker's signature, both inside the hashed PDF
    assert (
        contract.first_altered(
            [(bytes(row["pdf"]), row["sha256"], row["previous_hash"], row["chain_hash"], row["signed_at"])]
        )
        is None
    )
    signed = await AuditLog.select(AuditLog.after).where(AuditLog.action == "contract.sign").first().run()
    after = json.loads(signed["after"]) if isinstance(signed["after"], str) else signed["after"]
    assert after["employer_signatory"] == "人事管理员（hr）"


async def test_hr_names_the_signatory_and_uploads_the_seal_on_the_templates_page(client, cast):
    await sign_in(client, "hr")
    page = await client.get("/onboarding/templates")
    assert page.status_code == 200 and "甲方授权代表" in page.text
    csrf = {"_csrf_token": client.cookies.get("floorhr_csrf", "")}

    wrong = await client.post(
        "/onboarding/templates/seal", data=csrf, files={"seal": ("seal.jpg", b"\xff\xd8 not a png")}
    )
    assert wrong.status_code == 422 and "PNG" in wrong.text and await employer_sign.seal() is None
    seal = demo_seal("测试精密有限公司")
    stored = await client.post("/onboarding/templates/seal", data=csrf, files={"seal": ("seal.png", seal)})
    assert stored.status_code in (200, 303) and await employer_sign.seal() == seal
    shown = await client.get("/onboarding/templates/seal.png")
    assert shown.content == seal and shown.headers["content-type"] == "image/png"
    logged = await AuditLog.select(AuditLog.after).where(AuditLog.entity_id == employer_sign.SEAL).first().run()
    assert "SHA-256" in str(logged["after"]) and len(str(logged["after"])) < 300  # not the picture itself

    refused = await client.post(
        "/onboarding/templates/signatory", data={**csrf, "signatory": str(cast.supervisor_a_user)}
    )
    assert refused.status_code == 422 and "人事" in refused.text
    assert await plant_settings.read_text(employer_sign.SIGNATORY) == ""
    await client.post("/onboarding/templates/signatory", data={**csrf, "signatory": str(cast.hr_admin_user)})
    assert await plant_settings.read_text(employer_sign.SIGNATORY) == "人事管理员（hr）"
