"""One worker's payslip for a month, as the printable page, the PDF and the exports show it."""

from __future__ import annotations

import io
from dataclasses import dataclass

from app.i18n import N_, format_money, gettext
from app.payroll.explain import explain


@dataclass(frozen=True)
class SlipLine:
    code: str
    label: str  # translated
    amount_fen: int
    deduction: bool
    explanation: str = ""  # in plain words, for the worker


@dataclass(frozen=True)
class SlipView:
    plant: str
    month: str
    employee_id: int
    code: str
    name: str
    department: str
    lines: tuple[SlipLine, ...]
    gross_fen: int
    deductions_fen: int
    adjustment_fen: int
    net_fen: int
    minimum_wage_floor_fen: int
    carried_over_fen: int

    def amount(self, prefix: str) -> int:
        """Earnings minus deductions of the lines whose code starts with prefix (fen)."""
        return sum(
            -line.amount_fen if line.deduction else line.amount_fen
            for line in self.lines
            if line.code.startswith(prefix)
        )


def item_label(item: dict) -> str:
    """A pay line item's name in the current language."""
    text, month = item.get("label", ""), item.get("month")  # labels were marked for translation where made
    return gettext(text, month=month) if month else gettext(text)


def slip_view(row: dict, plant: str, month: str, operations: dict[str, str] | None = None) -> SlipView:
    """A PayLine row (with code, name, department and its lines loaded) in the current language; with the
    operations' names, each line carries its plain explanation (app/payroll/explain.py)."""
    lines = tuple(
        SlipLine(
            item["code"],
            item_label(item),
            item["amount_fen"],
            item["kind"] == "deduction",
            explain(item, operations) if operations is not None else "",
        )
        for item in row["lines"]
    )
    return SlipView(
        plant,
        month,
        row["employee"],
        row["code"],
        row["name"],
        row["department"] or "",
        lines,
        row["gross_fen"],
        row["deductions_fen"],
        row["adjustment_fen"],
        row["net_fen"],
        row["minimum_wage_floor_fen"],
        row["carried_over_fen"],
    )


TITLE = N_("Payslip %(month)s")
SUMMARY = [
    (N_("Gross pay"), "gross_fen"),
    (N_("Deductions"), "deductions_fen"),
    (N_("Adjustments for earlier months"), "adjustment_fen"),
    (N_("Net pay"), "net_fen"),
]


def _wrapped(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters (Chinese has no spaces to break at)."""
    return [text[start : start + width] for start in range(0, len(text), width)]


def payslip_pdf(view: SlipView) -> bytes:
    """An A5 page in Chinese, with the CJK font embedded (app.pdf_font)."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    from app.pdf_font import cjk_font

    font = cjk_font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A5)
    page.setTitle(f"{view.name} {view.month}")
    width, height = A5
    y = height - 50
    page.setFont(font, 14)
    page.drawString(40, y, f"{view.plant} · {gettext(TITLE, month=view.month)}")
    page.setFont(font, 10)
    y -= 24
    page.drawString(40, y, f"{view.code}  {view.name}  {view.department}")
    y -= 24
    for line in view.lines:
        page.setFont(font, 10)
        page.drawString(40, y, line.label)
        page.drawRightString(width - 40, y, ("-" if line.deduction else "") + format_money(line.amount_fen))
        y -= 13
        page.setFont(font, 7)
        for part in _wrapped(line.explanation, 60):
            page.drawString(48, y, part)
            y -= 9
        y -= 4
    page.setFont(font, 10)
    y -= 8
    page.line(40, y + 10, width - 40, y + 10)
    for label, field in SUMMARY:
        page.drawString(40, y, gettext(label))
        page.drawRightString(width - 40, y, format_money(getattr(view, field)))
        y -= 16
    page.drawString(40, y - 20, gettext(N_("Signature of the worker:")) + " ____________")
    page.showPage()
    page.save()
    return buffer.getvalue()
