"""A person's printed result sheet for one period (issue 24: "the worker sees the result … or printed"): the
indicators with their weights, figures, scores and the scorer's reasons, office goals if any, the total, grade,
coefficient and bonus with how it was computed, and signature lines. One A4 page, CJK font embedded."""

from __future__ import annotations

import io
from dataclasses import dataclass

from app.appraisal import results, rules
from app.appraisal.office.service import goals as office_goals
from app.appraisal.periods import period, scores
from app.appraisal.schemes import scheme
from app.appraisal.tables import AppraisalResult
from app.errors import Refused
from app.i18n import N_, format_money, gettext
from app.people import plant_settings
from app.people.tables import Employee

TITLE = N_("Appraisal result sheet")


@dataclass(frozen=True)
class Line:
    label: str
    weight: int
    figure: str
    score: str
    reason: str
    scored_by: str


@dataclass(frozen=True)
class GoalLine:
    title: str
    weight: int
    own: str
    manager: str
    reason: str


@dataclass(frozen=True)
class Sheet:
    plant: str
    scheme: str
    department: str
    first_day: object
    last_day: object
    code: str
    name: str
    lines: tuple[Line, ...]
    goals: tuple[GoalLine, ...]
    result: results.Result


async def sheet_of(result_id: int) -> Sheet:
    found = await results.results(AppraisalResult.id == result_id)
    if not found:
        raise Refused(results.NO_RESULT, status=404)
    result = found[0]
    p = await period(result.period_id)
    s = await scheme(p.scheme_id, p.first_day)
    given = (await scores(p.id)).get(result.employee_id, {})
    lines = []
    for indicator in s.indicators:
        row = given.get(indicator.code)
        score = "" if row is None or row["score_milli"] is None else rules.show_score(row["score_milli"] / 1000)
        lines.append(
            Line(
                gettext(indicator.label),
                indicator.weight,
                (row["value_text"] if row else "") or "–",
                score or gettext(N_("No data")),
                row["reason"] if row else "",
                row["scored_by"] if row else "",
            )
        )
    goals = tuple(
        GoalLine(g.title, g.weight, _percent(g.self_percent), _percent(g.manager_percent), g.manager_reason)
        for g in await office_goals(p.id, result.employee_id)
    )
    person = await Employee.select(Employee.department.name).where(Employee.id == result.employee_id).first().run()
    plant = await plant_settings.read_text(plant_settings.PLANT_NAME) or "floorhr"
    department = (person or {}).get("department.name") or result.department
    return Sheet(
        plant, s.name, department, p.first_day, p.last_day, result.code, result.name, tuple(lines), goals, result
    )


def _percent(value: int | None) -> str:
    return "–" if value is None else f"{value}%"


def _wrapped(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters (Chinese has no spaces to break at); at least one line."""
    return [text[start : start + width] for start in range(0, len(text), width)] or [""]


def sheet_pdf(sheet: Sheet) -> bytes:
    """One A4 page in Chinese with the CJK font embedded (app.pdf_font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from app.pdf_font import cjk_font

    font, r = cjk_font(), sheet.result
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(f"{sheet.name} {sheet.first_day} – {sheet.last_day}")
    width, height = A4
    y = height - 50

    def text(x: float, value: str, size: int = 9) -> None:
        page.setFont(font, size)
        page.drawString(x, y, value)

    text(40, f"{sheet.plant} · {gettext(TITLE)}", 15)
    y -= 24
    text(40, f"{sheet.code}  {sheet.name}  {sheet.department}", 11)
    y -= 16
    text(40, f"{sheet.scheme} · {sheet.first_day} – {sheet.last_day}", 10)
    y -= 26
    headers = (N_("Indicator"), N_("Weight"), N_("Figure"), N_("Score"), N_("Reason"))
    for x, header in zip((40, 220, 260, 360, 410), headers, strict=True):
        text(x, gettext(header), 9)
    page.line(40, y - 4, width - 40, y - 4)
    y -= 18
    for line in sheet.lines:
        text(40, line.label[:24])
        text(220, str(line.weight))
        text(260, line.figure[:18])
        text(360, line.score)
        for part in _wrapped(line.reason, 14):
            text(410, part)
            y -= 12
    if sheet.goals:
        y -= 10
        text(40, gettext(N_("Goals")), 10)
        y -= 16
        for x, header in zip(
            (40, 260, 310, 360, 410), (N_("Goal"), N_("Weight"), N_("Self"), N_("Manager"), N_("Reason")), strict=True
        ):
            text(x, gettext(header), 9)
        y -= 14
        for goal in sheet.goals:
            text(40, goal.title[:20])
            text(260, str(goal.weight))
            text(310, goal.own)
            text(360, goal.manager)
            for part in _wrapped(goal.reason, 14):
                text(410, part)
                y -= 12
    y -= 20
    page.line(40, y + 16, width - 40, y + 16)
    summary = (
        (N_("Total score"), r.total or "–"),
        (N_("Grade"), r.grade or "–"),
        (N_("Coefficient (%)"), str(r.coefficient_percent)),
        (N_("Bonus"), format_money(r.bonus_fen)),
        (N_("How the bonus was computed"), r.trace),
        (N_("Status"), gettext(results.STATUS_LABELS.get(r.status, r.status))),
    )
    for label, value in summary:
        text(40, gettext(label), 10)
        text(200, value, 10)
        y -= 16
    if r.missing:
        text(40, gettext(N_("No data for: %(codes)s")) % {"codes": r.missing})
        y -= 16
    y -= 30
    for label in (N_("Employee's signature:"), N_("Scorer's signature:"), N_("Department head's signature:")):
        text(40, gettext(label) + " ____________________    " + gettext(N_("Date:")) + " ____________", 10)
        y -= 30
    page.showPage()
    page.save()
    return buffer.getvalue()
