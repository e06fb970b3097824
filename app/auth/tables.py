"""Office accounts, their server-side sessions and the login throttle."""

from piccolo.columns import BigInt, Boolean, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

ROLES = ("admin", "hr", "supervisor", "dept_head", "trainer", "staff")


class User(Table, tablename="floorhr_user"):
    username = Varchar(length=60, unique=True)
    display_name = Varchar(length=60, default="")
    password_hash = Varchar(length=200)
    roles = Varchar(length=100, default="")  # comma-separated, from ROLES
    # By name: auth sits below people (every capability's routes use its guards), so it never imports people.
    employee = ForeignKey(
        LazyTableReference("Employee", module_path="app.people.tables"),
        null=True,
        default=None,
        on_delete=OnDelete.set_null,
    )
    active = Boolean(default=True)
    created_at = Timestamptz()
    last_login_at = Timestamptz(null=True, default=None)


class Session(Table, tablename="floorhr_session"):
    token_hash = Varchar(length=64, unique=True)  # SHA-256 of the cookie: a leaked table opens nothing
    user = ForeignKey(User, on_delete=OnDelete.cascade)
    created_at = Timestamptz()
    expires_at = Timestamptz(index=True)


class LoginThrottle(Table):
    """Failed logins per username (existing or not, so locking tells nothing about who exists)."""

    username = Varchar(length=60, unique=True)
    failures = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)


class Device(Table):
    """A kiosk: a floor PC running the kiosk role (kind 'node', enrolled with a one-time code, then
    holding a device token for the sync API) or a LAN browser an admin activated as a kiosk of the
    office node (kind 'browser', holding the token in a cookie). Only hashes are stored."""

    name = Varchar(length=60)
    kind = Varchar(length=10, default="node")
    enrol_code_hash = Varchar(length=64, default="", index=True)
    enrol_expires_at = Timestamptz(null=True, default=None)
    token_hash = Varchar(length=64, default="", index=True)
    created_by = Varchar(length=60, default="")
    created_at = Timestamptz()
    enrolled_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    last_seen_at = Timestamptz(null=True, default=None)
    reported_backlog = Integer(default=0)
    clock_offset_ms = BigInt(default=0)


class TotpSecret(Table):
    """An office user's second factor (RFC 6238 TOTP). The secret is encrypted with the installation
    secret (a copied database alone cannot make codes); confirmed once the user typed a first code;
    last_step stops a code being used twice."""

    user = ForeignKey(User, unique=True, on_delete=OnDelete.cascade)
    secret_encrypted = Varchar(length=300)
    created_at = Timestamptz()
    confirmed_at = Timestamptz(null=True, default=None)
    last_step = BigInt(default=0)
