"""Printable badges: the QR code as SVG or PNG (segno), and the cards of one person or a whole department."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import segno

from app.badges.service import QR, payload_of
from app.badges.tables import Credential
from app.people.tables import Employee


def _qr(payload: str) -> segno.QRCode:
    # Error level M at least (segno raises it when the version has room): a worn badge still reads.
    return segno.make(payload, error="m", micro=False)


def qr_svg(payload: str) -> str:
    """Inline SVG with a viewBox and no size, so CSS sizes it in millimetres on paper."""
    return _qr(payload).svg_inline(omitsize=True, border=2, svgclass="qr")


def write_png(payload: str, path: Path, scale: int = 8) -> None:
    _qr(payload).save(str(path), kind="png", scale=scale, border=4)


@dataclass(frozen=True)
class BadgeCard:
    employee_id: int
    employee_code: str
    name: str
    department_name: str
    serial: int | None  # None: no badge issued yet
    svg: str

    @property
    def issued(self) -> bool:
        return self.serial is not None


async def cards(secret: bytes, employee_id: int | None = None, department_id: int | None = None) -> list[BadgeCard]:
    """One person's card, or the cards of everyone in a department who has not left, by employee code."""
    where = (
        Employee.id == employee_id
        if employee_id is not None
        else ((Employee.department == department_id) & (Employee.status != "left"))
    )
    people = (
        await Employee.select(Employee.id, Employee.employee_code, Employee.name, Employee.department.name)
        .where(where)
        .order_by(Employee.employee_code)
        .run()
    )
    ids = [person["id"] for person in people] or [-1]
    badges = (
        await Credential.select(Credential.employee, Credential.value, Credential.serial)
        .where(Credential.employee.is_in(ids) & (Credential.kind == QR) & Credential.revoked_at.is_null())
        .run()
    )
    current = {badge["employee"]: badge for badge in badges}
    result = []
    for person in people:
        badge = current.get(person["id"])
        result.append(
            BadgeCard(
                person["id"],
                person["employee_code"],
                person["name"],
                person["department.name"] or "",
                badge["serial"] if badge else None,
                qr_svg(payload_of(secret, badge["value"])) if badge else "",
            )
        )
    return result
