"""The audit log table: every change to people, pay and attendance leaves a row here."""

from piccolo.columns import JSON, Integer, Timestamptz, Varchar
from piccolo.table import Table


class AuditLog(Table):
    at = Timestamptz(index=True)
    actor = Varchar(length=80)
    actor_user_id = Integer(null=True, default=None)
    action = Varchar(length=60, index=True)
    entity = Varchar(length=40, index=True)
    entity_id = Varchar(length=64, index=True)
    before = JSON(null=True, default=None)
    after = JSON(null=True, default=None)
