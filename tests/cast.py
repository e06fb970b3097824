"""The fixed cast every test may use, factories for rows, and signing in through the real form.

The cast: an HR admin, the supervisor of line A, the supervisor of line B (whom line A's
pages must refuse), and a worker on line A.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pytest

from app.auth.passwords import hash_password
from app.auth.tables import User
from app.people.tables import Department, Employee, Position
from app.timeutil import utcnow

PASSWORD = "Cast-passw0rd"


@lru_cache(maxsize=1)
def _cast_hash() -> str:
    """Hashed once per run: argon2 is deliberately slow."""
    return hash_password(PASSWORD)


async def make_department(name: str, code: str = "") -> int:
    department = Department(name=name, code=code, created_at=utcnow())
    await department.save().run()
    return department.id


async def make_position(name: str, department_id: int | None = None) -> int:
    position = Position(name=name, department=department_id, created_at=utcnow())
    await position.save().run()
    return position.id


async def make_employee(code: str, name: str, department_id: int | None = None, **values) -> int:
    now = utcnow()
    defaults = {
        "gender": "M",
        "status": "active",
        "hire_date": date(2024, 3, 1),
        "birth_date": date(1990, 5, 17),
        "phone": "13800138000",
        "skill_grade": 2,
    }
    employee = Employee(
        employee_code=code,
        name=name,
        department=department_id,
        created_at=now,
        updated_at=now,
        **{**defaults, **values},
    )
    await employee.save().run()
    return employee.id


async def make_user(username: str, roles: str, employee_id: int | None = None, display_name: str = "") -> int:
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=_cast_hash(),
        roles=roles,
        employee=employee_id,
        created_at=utcnow(),
    )
    await user.save().run()
    return user.id


@dataclass(frozen=True)
class Cast:
    line_a: int
    line_b: int
    worker: int
    supervisor_a: int
    supervisor_b: int
    hr_admin_user: int
    supervisor_a_user: int
    supervisor_b_user: int


@pytest.fixture
async def cast(database_url: str) -> Cast:
    line_a = await make_department("装配A线", "LINEA")
    line_b = await make_department("装配B线", "LINEB")
    supervisor_a = await make_employee("S0001", "王建国", line_a)
    supervisor_b = await make_employee("S0002", "李红梅", line_b, gender="F")
    worker = await make_employee("W0001", "张伟", line_a, supervisor=supervisor_a)
    return Cast(
        line_a=line_a,
        line_b=line_b,
        worker=worker,
        supervisor_a=supervisor_a,
        supervisor_b=supervisor_b,
        hr_admin_user=await make_user("hr", "admin,hr", display_name="人事管理员"),
        supervisor_a_user=await make_user("sup-a", "supervisor", supervisor_a),
        supervisor_b_user=await make_user("sup-b", "supervisor", supervisor_b),
    )


def csrf_token(client) -> str:
    return client.cookies.get("floorhr_csrf", "")


async def sign_in(client, username: str, password: str = PASSWORD):
    """Sign in through the login form, as a person would; returns the response."""
    await client.get("/login")
    return await client.post(
        "/login", data={"username": username, "password": password, "_csrf_token": csrf_token(client)}
    )


async def post_form(client, url: str, data: dict, headers: dict | None = None):
    return await client.post(url, data={**data, "_csrf_token": csrf_token(client)}, headers=headers or {})


HTMX = {"HX-Request": "true"}


def htmx_target(target: str) -> dict[str, str]:
    return {"HX-Request": "true", "HX-Target": target}
