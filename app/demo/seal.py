"""A made-up company seal for the demo plant (and tests): a red ring, a star, the company's name, 合同专用章."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from app.demo.accounts import DEMO
from app.onboarding import employer_sign
from app.pdf_font import DEBIAN_FONT
from app.people import plant_settings

RED = (200, 16, 32, 255)


def seal_png(company: str, size: int = 360) -> bytes:
    picture = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    middle, ring = size / 2, size * 0.03
    draw.ellipse((ring, ring, size - ring, size - ring), outline=RED, width=int(ring * 1.6))
    outer, inner = size * 0.16, size * 0.065
    star = [
        (
            middle + (outer if i % 2 == 0 else inner) * math.sin(i * math.pi / 5),
            middle * 0.8 - (outer if i % 2 == 0 else inner) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=RED)
    for text, height, top in ((company, size * 0.075, 0.62), ("合同专用章", size * 0.09, 0.74)):
        font = ImageFont.truetype(str(DEBIAN_FONT), int(min(height, size * 0.62 / len(text))))
        width = draw.textlength(text, font=font)
        draw.text((middle - width / 2, size * top), text, font=font, fill=RED)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


async def sign_for_the_plant() -> None:
    """The employer's side of contracts: the admin (HR) as authorised representative, the made-up seal."""
    if not await plant_settings.read_text(employer_sign.SIGNATORY):
        signers = await employer_sign.candidates()
        if signers:
            await employer_sign.choose_signatory(min(row["id"] for row in signers), DEMO)
    if await employer_sign.seal() is None:
        await employer_sign.upload_seal(seal_png(await employer_sign.company_name()), DEMO)
