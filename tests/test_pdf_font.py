"""Contract and payslip PDFs embed their Chinese font, so a viewer without one of its own (a phone, pdftoppm
without poppler-data) shows the text: rendered to an image, the text area has ink (issue 16, point 9)."""

from __future__ import annotations

import base64
import subprocess

import cv2
import numpy as np
import pytest

from app.demo.seal import seal_png
from app.onboarding.contract import EmployerSide, render_pdf
from app.payroll.payslip import SlipLine, SlipView, payslip_pdf
from tests.onboarding.factories import signature


def _page_image(pdf: bytes, tmp_path) -> np.ndarray:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cv2.imread(str(tmp_path / "page.png"), cv2.IMREAD_GRAYSCALE)


def _ink(image: np.ndarray, top: float, bottom: float) -> int:
    """Dark pixels in a horizontal band of the page (fractions of its height)."""
    height = image.shape[0]
    return int((image[int(height * top) : int(height * bottom)] < 128).sum())


def _contract() -> bytes:
    png = base64.b64decode(signature().split(",", 1)[1])
    employer = EmployerSide("苏州精密制造有限公司", "人事专员（hr）", seal_png("苏州精密制造有限公司"))
    text = "劳动合同\n甲方：苏州精密制造有限公司\n乙方：张三\n工作地点：装配A线"
    return render_pdf(text, png, "张三", "2026-11-25 10:00", employer)


def _payslip() -> bytes:
    lines = (SlipLine("piece.normal", "计件工资", 2_400_00, False), SlipLine("damage", "赔偿扣款", 100_00, True))
    return payslip_pdf(
        SlipView(
            "苏州精密制造有限公司",
            "2026-11",
            1,
            "W0001",
            "张伟",
            "装配A线",
            lines,
            2_400_00,
            100_00,
            0,
            2_300_00,
            2_490_00,
            0,
        )
    )


# The minimum ink: with the font only named (STSong-Light), the contract's band renders blank (0 dark pixels)
# and the payslip's shows only its digits and rule (about 280); with it embedded, 1,000 and 1,900.
@pytest.mark.parametrize(
    "make, band, ink", [(_contract, (0.0, 0.25), 500), (_payslip, (0.0, 0.4), 1000)], ids=["contract", "payslip"]
)
def test_the_pdf_embeds_its_chinese_font_and_renders_text_without_one_installed(make, band, ink, tmp_path):
    pdf = make()
    assert b"/FontFile2" in pdf  # a TrueType font program inside the file, not only its name
    assert b"STSong-Light" not in pdf
    assert _ink(_page_image(pdf, tmp_path), *band) > ink  # Chinese glyphs drawn, not a blank page
