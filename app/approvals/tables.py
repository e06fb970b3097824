"""Approval items: one request of a registered kind, its chain of steps and where it stands."""

from piccolo.columns import JSON, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.people.tables import Employee

ITEM_STATUSES = ("pending", "approved", "rejected", "cancelled")


class ApprovalItem(Table):
    """kind + ref name the request in the capability that filed it (approvals never reads its tables).
    steps: [{"role": "dept_head", "employee": id} | {"role": "hr"}]; step: the index now waiting;
    waiting_since: when that step started waiting (overdue is measured from it)."""

    kind = Varchar(length=30, index=True)
    ref = Varchar(length=40, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    summary = Varchar(length=200, default="")
    steps = JSON(default="[]")
    step = Integer(default=0)
    status = Varchar(length=10, default="pending", index=True)
    filed_at = Timestamptz()
    waiting_since = Timestamptz()
    decided_at = Timestamptz(null=True, default=None)
    decided_by = Varchar(length=60, default="")
    reason = Varchar(length=200, default="")
