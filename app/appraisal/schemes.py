"""HR's appraisal schemes per department: the indicator catalogue, reading a scheme, saving one from the office page
(weights total 100, bands from 0), and the freeze once a period using it has started."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.appraisal import rules
from app.appraisal.rules import Band, Indicator, Missing, PeriodKind, Source
from app.appraisal.tables import AppraisalPeriod, AppraisalScheme
from app.audit import service as audit
from app.db.tx import write_transaction
from app.db.values import json_value
from app.errors import Refused
from app.forms import int_field, money_field
from app.i18n import N_
from app.people.tables import Department, Position
from app.timeutil import utcnow

FROZEN = N_("This scheme is frozen: a period using it has started. Make a new scheme for later periods.")


@dataclass(frozen=True)
class CatalogueItem:
    code: str
    source: Source
    label: str
    target: int = 0
    penalty: int = 0


# What a scheme may weigh; computed ones from floorhr's records, entered ones scored by the supervisor.
CATALOGUE = (
    CatalogueItem("output", Source.OUTPUT, rules.SOURCE_LABELS[Source.OUTPUT], 100),
    CatalogueItem("quality", Source.QUALITY, rules.SOURCE_LABELS[Source.QUALITY], 98),
    CatalogueItem("attendance", Source.ATTENDANCE, rules.SOURCE_LABELS[Source.ATTENDANCE], 100),
    CatalogueItem("lateness", Source.LATENESS, rules.SOURCE_LABELS[Source.LATENESS], 0, 20),
    CatalogueItem("training", Source.TRAINING, rules.SOURCE_LABELS[Source.TRAINING], 1),
    CatalogueItem("safety", Source.SAFETY, rules.SOURCE_LABELS[Source.SAFETY], 0, 20),
    CatalogueItem("supervisor", Source.ENTERED, N_("Supervisor's score")),
    CatalogueItem("five_s", Source.ENTERED, N_("5S checks")),
    # office staff: goals and 1–5 ratings written on "My appraisal" (app.appraisal.office)
    CatalogueItem("goals", Source.GOALS, rules.SOURCE_LABELS[Source.GOALS]),
    CatalogueItem("self", Source.SELF, rules.SOURCE_LABELS[Source.SELF]),
    CatalogueItem("manager", Source.MANAGER, rules.SOURCE_LABELS[Source.MANAGER]),
    CatalogueItem("peer", Source.PEER, rules.SOURCE_LABELS[Source.PEER]),
)
GRADES = ("A", "B", "C", "D")
DEFAULT_BANDS = (Band("A", 90, 150), Band("B", 75, 100), Band("C", 60, 60), Band("D", 0, 0))
KIND_LABELS = {
    PeriodKind.MONTH: N_("Month"),
    PeriodKind.QUARTER: N_("Quarter"),
    PeriodKind.PROBATION: N_("Probation"),
}
MISSING_LABELS = {
    Missing.REWEIGHT: N_("Left out; the other weights scaled up"),
    Missing.ZERO: N_("Scored 0"),
}


@dataclass
class Scheme:
    id: int | None
    department_id: int
    department: str
    name: str
    period_kind: PeriodKind
    missing: Missing
    indicators: tuple[Indicator, ...]
    bands: tuple[Band, ...]
    bonus_base_fen: int
    position_bases: dict[int, int] = field(default_factory=dict)
    frozen: bool = False

    def base_for(self, position_id: int | None) -> int:
        """The bonus base of a post: its own figure, else the scheme's."""
        return self.position_bases.get(position_id or 0, self.bonus_base_fen)

    @property
    def entered(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.source == Source.ENTERED)

    @property
    def office(self) -> tuple[Indicator, ...]:
        """Goals and ratings: the scheme is (also) an office one, and "My appraisal" shows its periods."""
        return tuple(i for i in self.indicators if i.source in rules.OFFICE)


def _scheme(row: dict, frozen: bool) -> Scheme:
    return Scheme(
        row["id"],
        row["department"],
        row.get("department.name") or "",
        row["name"],
        PeriodKind(row["period_kind"]),
        Missing(row["missing"]),
        tuple(Indicator(**{**i, "source": Source(i["source"])}) for i in json_value(row["indicators"], [])),
        tuple(Band(**b) for b in json_value(row["bands"], [])),
        row["bonus_base_fen"],
        {int(k): int(v) for k, v in json_value(row["position_bases"], {}).items()},
        frozen,
    )


async def frozen_ids(today: date) -> set[int]:
    rows = await AppraisalPeriod.select(AppraisalPeriod.scheme).where(AppraisalPeriod.starts_on <= today).run()
    return {row["scheme"] for row in rows}


async def all_schemes(today: date) -> list[Scheme]:
    frozen = await frozen_ids(today)
    rows = (
        await AppraisalScheme.select(AppraisalScheme.all_columns(), AppraisalScheme.department.name)
        .order_by(AppraisalScheme.id)
        .run()
    )
    return [_scheme(row, row["id"] in frozen) for row in rows]


async def scheme(scheme_id: int, today: date) -> Scheme | None:
    return next((s for s in await all_schemes(today) if s.id == scheme_id), None)


def parse_scheme(values: dict[str, str], department_name: str = "") -> Scheme:
    """The office form: one row per catalogue item (weight 0: not used), four bands, the bonus bases in yuan."""
    name = values.get("name", "").strip()[:60]
    if not name:
        raise Refused(N_("Give the scheme a name."), field="name")
    try:
        kind, missing = PeriodKind(values.get("period_kind", "")), Missing(values.get("missing", ""))
    except ValueError:
        raise Refused(N_("Choose the period and how missing data counts."), field="period_kind") from None
    indicators = []
    for item in CATALOGUE:
        weight = int_field(values.get(f"weight_{item.code}") or "0", f"weight_{item.code}", 0, 100)
        if weight:
            target = int_field(values.get(f"target_{item.code}") or "0", f"target_{item.code}", 0, 100_000)
            penalty = int_field(values.get(f"penalty_{item.code}") or "0", f"penalty_{item.code}", 0, 100)
            indicators.append(Indicator(item.code, item.label, item.source, weight, target, penalty))
    bands = tuple(
        Band(
            grade,
            int_field(values.get(f"min_{grade}"), f"min_{grade}", 0, 100),
            int_field(values.get(f"coefficient_{grade}"), f"coefficient_{grade}", 0, 300),
            int_field(values.get(f"limit_{grade}") or "0", f"limit_{grade}", 0, 100),
        )
        for grade in GRADES
    )
    problems = rules.validate_scheme(tuple(indicators), bands)
    if problems:
        raise Refused(problems[0], field="indicators")
    bases = {
        int(key.removeprefix("base_")): money_field(value, key)
        for key, value in values.items()
        if key.startswith("base_")
        and key.removeprefix("base_").isascii()
        and key.removeprefix("base_").isdigit()
        and value
    }
    base = money_field(values.get("bonus_base"), "bonus_base")
    department = int_field(values.get("department"), "department", 1)
    return Scheme(None, department, department_name, name, kind, missing, tuple(indicators), bands, base, bases)


def _columns(s: Scheme) -> dict:
    return {
        "department": s.department_id,
        "name": s.name,
        "period_kind": s.period_kind.value,
        "missing": s.missing.value,
        "indicators": [
            {
                "code": i.code,
                "label": i.label,
                "source": i.source.value,
                "weight": i.weight,
                "target": i.target,
                "penalty": i.penalty,
            }
            for i in s.indicators
        ],
        "bands": [
            {
                "grade": b.grade,
                "min_score": b.min_score,
                "coefficient_percent": b.coefficient_percent,
                "max_percent": b.max_percent,
            }
            for b in s.bands
        ],
        "bonus_base_fen": s.bonus_base_fen,
        "position_bases": {str(k): v for k, v in s.position_bases.items()},
    }


async def save_scheme(s: Scheme, scheme_id: int | None, today: date, actor: audit.Actor) -> int:
    """Create (scheme_id None) or change a scheme; a frozen one is refused with FROZEN and left as it was."""
    values = _columns(s)
    async with write_transaction():
        if not await Department.exists().where(Department.id == s.department_id).run():
            raise Refused(N_("Choose a department."), field="department")
        positions = {r["id"] for r in await Position.select(Position.id).run()}
        if set(s.position_bases) - positions:
            raise Refused(N_("Choose a post."), field="bonus_base")
        now = utcnow()
        if scheme_id is None:
            row = AppraisalScheme(**values, created_at=now, updated_at=now)
            await AppraisalScheme.insert(row).run()
            scheme_id, before = row.id, None
        else:
            before = await AppraisalScheme.select().where(AppraisalScheme.id == scheme_id).first().run()
            if before is None:
                raise Refused(N_("No such scheme."))
            if scheme_id in await frozen_ids(today):
                raise Refused(FROZEN)
            await AppraisalScheme.update({**values, "updated_at": now}).where(AppraisalScheme.id == scheme_id).run()
        await audit.record(actor, "appraisal_scheme.save", "appraisal_scheme", scheme_id, before=before, after=values)
    return scheme_id


async def departments() -> list[dict]:
    return await Department.select(Department.id, Department.name).order_by(Department.name).run()


async def positions() -> list[dict]:
    return await Position.select(Position.id, Position.name, Position.department).order_by(Position.name).run()
