"""The demo plant's accounts besides the admin: a supervisor, a department head and a trainer, each tied to
a worker of the stamping shop, with their passwords kept in a 0600 file so `floorhr demo` prints them again."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from app.audit.service import Actor
from app.auth import service as auth
from app.auth.tables import User
from app.people.tables import Department, Employee

DEMO = Actor(name="demo")
ACCOUNTS = [  # username, roles, display name, which person of the stamping shop (0: its supervisor, 1: its head)
    ("zhuguan", ("supervisor",), "冲压车间主管", 0),
    ("bumen", ("dept_head",), "冲压车间主任", 1),
    ("peixun", ("trainer",), "培训师", 2),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str | None  # None when the account existed before and its password file is gone
    role: str = "admin"


def write_login(path: Path, password: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")


async def _stamping_staff() -> list[int]:
    department = await Department.select(Department.id).where(Department.code == "STAMP").first().run()
    if department is None:
        return []
    rows = (
        await Employee.select(Employee.id)
        .where(Employee.department == department["id"])
        .order_by(Employee.employee_code)
        .run()
    )
    return [row["id"] for row in rows]


async def add_login(
    data_dir: Path, username: str, roles: tuple[str, ...], display_name: str, employee: int | None
) -> DemoLogin:
    """The account, added once with its password kept in a 0600 file; again: the password from that file."""
    password_file = data_dir / f"{username}-password.txt"
    if await User.exists().where(User.username == username).run():
        password = password_file.read_text().strip() if password_file.exists() else None
    else:
        password = "fhr-" + secrets.token_urlsafe(9)
        await auth.add_user(username, password, roles, display_name=display_name, employee_id=employee, actor=DEMO)
        write_login(password_file, password)
    return DemoLogin(username=username, password=password, role=roles[0])


async def add_accounts(data_dir: Path) -> list[DemoLogin]:
    staff = await _stamping_staff()
    logins = []
    for username, roles, display_name, person in ACCOUNTS:
        employee = staff[person] if person < len(staff) else None
        logins.append(await add_login(data_dir, username, roles, display_name, employee))
    return logins
