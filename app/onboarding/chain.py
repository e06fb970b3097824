"""Checking the signed-contract archive's hash chain: `floorhr contracts verify` and the onboarding page's line."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from app.onboarding import contract
from app.onboarding.tables import SignedContract
from app.timeutil import as_utc


@dataclass(frozen=True)
class Broken:
    node: str
    position: int  # the 1-based place of the first altered contract in that node's chain
    employee_code: str


@dataclass(frozen=True)
class Signed:
    """One of a person's archived contracts, for their page."""

    flow_id: str
    signed_at: datetime
    node: str


@dataclass(frozen=True)
class ChainReport:
    contracts: int
    broken: tuple[Broken, ...]

    @property
    def intact(self) -> bool:
        return not self.broken


async def verify() -> ChainReport:
    """Every node's chain, in signing order, re-hashing each archived PDF."""
    rows = (
        await SignedContract.select(
            SignedContract.node_id,
            SignedContract.pdf,
            SignedContract.sha256,
            SignedContract.previous_hash,
            SignedContract.chain_hash,
            SignedContract.signed_at,
            SignedContract.employee.employee_code.as_alias("code"),
        )
        .order_by(SignedContract.signed_at)
        .run()
    )
    chains: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        chains[row["node_id"]].append(row)
    broken = []
    for node, links in sorted(chains.items()):
        position = contract.first_altered(
            [(bytes(r["pdf"]), r["sha256"], r["previous_hash"], r["chain_hash"], as_utc(r["signed_at"])) for r in links]
        )
        if position is not None:
            broken.append(Broken(node, position, links[position - 1]["code"]))
    return ChainReport(len(rows), tuple(broken))


async def signed_by(employee_id: int) -> list[Signed]:
    rows = (
        await SignedContract.select(SignedContract.flow, SignedContract.signed_at, SignedContract.node_id)
        .where(SignedContract.employee == employee_id)
        .order_by(SignedContract.signed_at)
        .run()
    )
    return [Signed(str(row["flow"]), as_utc(row["signed_at"]), row["node_id"]) for row in rows]
