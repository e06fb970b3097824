"""Everything floorhr holds on one person, for a PIPL access request (art. 45): one JSON document.

Tables are found by their foreign keys to Employee, so a capability added later is included without
touching this module. Secrets (hashes, encrypted secrets, badge values that would clone a badge) are
listed as withheld rather than copied: they identify nothing to the person and would weaken security.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from piccolo.conf.apps import Finder
from piccolo.table import Table

from app.audit.tables import AuditLog
from app.people.tables import Employee

WITHHELD = "(withheld)"
SECRET_COLUMNS = {"password_hash", "pin_hash", "token_hash", "enrol_code_hash", "secret_encrypted"}
SECRET_BY_TABLE = {"credential": {"value"}}
SKIPPED = {("employee", "supervisor")}  # the people this person supervises are other people's data


def _tables_pointing_at_employee() -> list[tuple[type[Table], str]]:
    found = []
    for table in Finder().get_table_classes():
        for column in table._meta.foreign_key_columns:
            if (
                column._foreign_key_meta.resolved_references is Employee
                and (table._meta.tablename, column._meta.name) not in SKIPPED
            ):
                found.append((table, column._meta.name))
    return sorted(found, key=lambda item: (item[0]._meta.tablename, item[1]))


def _clean(table_name: str, row: dict[str, Any]) -> dict[str, Any]:
    secret = SECRET_COLUMNS | SECRET_BY_TABLE.get(table_name, set())
    return {key: (WITHHELD if key in secret and value else value) for key, value in row.items()}


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (UUID, Decimal)):
        return str(value)
    return str(value)


async def everything_on(employee_id: int) -> dict[str, Any] | None:
    """{"employee": row, "tables": {"table.column": [rows]}, "audit_log": [entries about the person]}."""
    employee = await Employee.select().where(Employee.id == employee_id).first().output(load_json=True).run()
    if employee is None:
        return None
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, column in _tables_pointing_at_employee():
        rows = await table.select().where(getattr(table, column) == employee_id).output(load_json=True).run()
        tables[f"{table._meta.tablename}.{column}"] = [_clean(table._meta.tablename, row) for row in rows]
    audit = (
        await AuditLog.select()
        .where((AuditLog.entity == "employee") & (AuditLog.entity_id == str(employee_id)))
        .order_by(AuditLog.at)
        .output(load_json=True)
        .run()
    )
    return {"employee": employee, "tables": tables, "audit_log": audit}


def as_json(document: dict[str, Any], exported_at: datetime, exported_by: str) -> bytes:
    payload = {"exported_at": exported_at, "exported_by": exported_by, **document}
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default).encode("utf-8")
