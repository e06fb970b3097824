"""Onboarding: contract templates, invites (reference data), each invite's kiosk flow, signed contracts, refusals."""

from piccolo.columns import (
    JSON,
    UUID,
    BigInt,
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from app.attendance.tables import Shift
from app.auth.tables import User
from app.people.tables import Department, Employee, Position

INVITE_STATUSES = ("invited", "in_progress", "done", "cancelled")
STEPS = ("identity", "details", "contract", "safety", "badge")


class ContractTemplate(Table):
    """A labour contract in Chinese with {placeholders} filled from the invite and the worker (app.onboarding.contract)."""

    name = Varchar(length=60, unique=True)
    body = Text()
    created_at = Timestamptz()
    change_no = BigInt(default=0, index=True)


class Invite(Table):
    """HR invites a new worker; the slip's signed QR (FHRI.<id>...) opens the kiosk flow until expires_at.
    Reference data: kiosks pull invites changed after their cursor."""

    id = UUID(primary_key=True)
    candidate = Varchar(length=50, default="")  # the name HR expects, to find the slip; the card's name wins
    department = ForeignKey(Department, on_delete=OnDelete.restrict)
    position = ForeignKey(Position, null=True, default=None, on_delete=OnDelete.restrict)
    shift = ForeignKey(Shift, null=True, default=None, on_delete=OnDelete.set_null)
    skill_grade = Integer(default=1)
    workplace = Varchar(length=100, default="")  # art. 17: where the work is done (the contract's workplace)
    monthly_wage_fen = Integer(null=True, default=None)  # art. 17 pay: None is the plant's piece-rate scheme
    template = ForeignKey(ContractTemplate, on_delete=OnDelete.restrict)
    term_months = Integer(null=True, default=None)  # None: open-ended
    probation_months = Integer(default=0)
    start_date = Date()
    expires_at = Timestamptz()
    # From recruiting's offer: the candidate's phone starts the details step, and the ID card shown at the kiosk
    # must be the offered person's (its keyed hash, app.onboarding.crypto); "" for an invite made by hand.
    phone = Varchar(length=20, default="")
    id_hash = Varchar(length=64, default="")
    status = Varchar(length=12, default="invited", index=True)
    created_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    change_no = BigInt(default=0, index=True)


class OnboardingFlow(Table):
    """One invite's progress at the kiosk; each step saved as it is finished. The id is the fact id sent up.
    Sensitive numbers are kept only encrypted (app.onboarding.crypto), found through keyed hashes."""

    id = UUID(primary_key=True)
    invite = ForeignKey(Invite, on_delete=OnDelete.restrict, unique=True)
    step = Varchar(length=12, default="identity")  # the step in progress; "done" at the end
    steps = JSON(default="{}")  # {step: {"started": iso UTC, "finished": iso UTC}}
    started_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None, index=True)
    identity_confirmed = Boolean(default=False)
    name = Varchar(length=50, default="")
    gender = Varchar(length=1, default="")
    birth_date = Date(null=True, default=None)
    native_place = Varchar(length=100, default="")
    id_source = Varchar(length=8, default="")  # reader | keyed
    id_cipher = Text(default="")
    id_hash = Varchar(length=64, default="", index=True)
    id_masked = Varchar(length=18, default="")
    minor = Boolean(default=False)  # 16 or 17 on the start date: a minor worker HR must register
    phone = Varchar(length=20, default="")
    address = Varchar(length=100, default="")
    emergency_name = Varchar(length=50, default="")
    emergency_phone = Varchar(length=20, default="")
    bank_cipher = Text(default="")
    bank_hash = Varchar(length=64, default="", index=True)
    bank_masked = Varchar(length=24, default="")
    employee = ForeignKey(Employee, null=True, default=None, on_delete=OnDelete.restrict)
    node_id = Varchar(length=60, default="office")


class SignedContract(Table):
    """The archived signed contract: the PDF, the exact text signed, its SHA-256 chained to the previous one."""

    id = UUID(primary_key=True)
    flow = ForeignKey(OnboardingFlow, on_delete=OnDelete.restrict, unique=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    text = Text()
    pdf = Bytea()
    sha256 = Varchar(length=64)  # of the PDF bytes
    previous_hash = Varchar(length=64)  # chain_hash of the node's previous contract, 64 zeros for the first
    chain_hash = Varchar(length=64, unique=True)  # sha256(previous_hash + sha256 + signed_at ISO)
    signed_at = Timestamptz()
    node_id = Varchar(length=60, default="office")


class RefusedAttempt(Table):
    """An applicant refused at the identity step (under 16, or a second probation): only that it happened, for HR."""

    invite = ForeignKey(Invite, on_delete=OnDelete.cascade, index=True)
    reason = Varchar(length=30)
    at = Timestamptz()
    seen_at = Timestamptz(null=True, default=None)
