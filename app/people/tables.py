"""Departments, positions and employees: the people the plant employs."""

from piccolo.columns import JSON, BigInt, Date, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

EMPLOYEE_STATUSES = ("onboarding", "probation", "active", "left")
GENDERS = ("M", "F")


class Department(Table):
    name = Varchar(length=60, unique=True)
    code = Varchar(length=20, default="")
    parent = ForeignKey("self", null=True, default=None, on_delete=OnDelete.restrict)
    head = Integer(null=True, default=None)  # employee id of the department head (Employee is defined below)
    created_at = Timestamptz()
    change_no = BigInt(default=0, index=True)  # reference data: kiosks pull rows changed after their cursor


class Position(Table):
    name = Varchar(length=60)
    department = ForeignKey(Department, null=True, default=None, on_delete=OnDelete.restrict)
    planned_headcount = Integer(null=True, default=None)
    created_at = Timestamptz()
    change_no = BigInt(default=0, index=True)


class Employee(Table):
    employee_code = Varchar(length=20, unique=True)
    name = Varchar(length=50, index=True)
    gender = Varchar(length=1, default="M")
    birth_date = Date(null=True, default=None)
    phone = Varchar(length=20, default="")
    status = Varchar(length=12, default="onboarding", index=True)
    hire_date = Date(null=True, default=None)
    department = ForeignKey(Department, null=True, default=None, on_delete=OnDelete.restrict)
    position = ForeignKey(Position, null=True, default=None, on_delete=OnDelete.restrict)
    supervisor = ForeignKey("self", null=True, default=None, on_delete=OnDelete.set_null)
    skill_grade = Integer(default=1)
    last_day = Date(null=True, default=None)  # set by an exit; badges stop working after this day
    created_at = Timestamptz()
    updated_at = Timestamptz()
    change_no = BigInt(default=0, index=True)


class PlantSetting(Table):
    """Plant-wide settings HR can change (reference data): e.g. legacy_card_requires_pin,
    overtime_unit_minutes, minimum_wage_fen. Defaults live with the code that reads them."""

    key = Varchar(length=60, unique=True)
    value = JSON(default="null")
    change_no = BigInt(default=0, index=True)


EXIT_REASONS = ("resignation", "dismissal", "contract_end", "retirement", "other")
RESPONSIBILITY_LEVELS = ("owns", "supports", "informed")


class EmploymentEvent(Table):
    """One step of an employee's history (hire, confirm, transfer, exit, left...), shown as a timeline.
    A transfer dated in the future waits as 'scheduled' until its day comes (app.people.lifecycle.service)."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=20)
    effective_date = Date()
    status = Varchar(length=10, default="done", index=True)  # done | scheduled | cancelled
    details = JSON(default="{}")
    actor = Varchar(length=60, default="")
    at = Timestamptz()


class Separation(Table):
    """An exit: why (a category, never printed on the certificate), the last day, the contract term for
    the certificate, and HR's settlement checklist ({item: {"by": name, "at": iso time}})."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    reason = Varchar(length=20)
    notice_date = Date()
    last_day = Date()
    contract_start = Date(null=True, default=None)
    contract_end = Date(null=True, default=None)  # None: an open-ended contract
    note = Varchar(length=200, default="")
    settlement = JSON(default="{}")
    status = Varchar(length=10, default="pending", index=True)  # pending | left | withdrawn
    actor = Varchar(length=60, default="")
    created_at = Timestamptz()


class Duty(Table):
    """Something the plant must get done (e.g. 'Fire extinguisher checks'), owned by one department."""

    name = Varchar(length=80, unique=True)
    description = Varchar(length=500, default="")
    created_at = Timestamptz()
    change_no = BigInt(default=0, index=True)


class DutyResponsibility(Table):
    """One cell of the responsibility matrix: a department owns, supports or is informed of a duty."""

    duty = ForeignKey(Duty, on_delete=OnDelete.cascade, index=True)
    department = ForeignKey(Department, on_delete=OnDelete.cascade)
    level = Varchar(length=10)
    change_no = BigInt(default=0, index=True)


class DutyTask(Table):
    """A piece of work logged against a duty by a department; owner_department is who owned the duty then."""

    duty = ForeignKey(Duty, on_delete=OnDelete.restrict, index=True)
    department = ForeignKey(Department, on_delete=OnDelete.restrict)
    owner_department = ForeignKey(Department, null=True, default=None, on_delete=OnDelete.set_null)
    title = Varchar(length=200)
    logged_by = Varchar(length=60)
    at = Timestamptz(index=True)
